"""`make cluster`: the production layout on loopback, from the project's own files.

    make cluster            # then http://127.0.0.1:8080/ ; Ctrl-C stops everything

It starts, in this order, and stops in the reverse order:

- an S3 server (moto's server mode) with a private bucket, for the media and the files of
  the background jobs;
- PostgreSQL's database ``ks_cluster`` (on the server at 127.0.0.1:5432), created afresh,
  migrated and given the regions and the demo content: moto keeps its objects in memory,
  so the photos a kept database names would be gone from the new bucket;
- pgbouncer (deploy/pgbouncer.ini, transaction pooling) in front of PostgreSQL;
- two app servers (gunicorn, gunicorn.conf.py) on 8001 and 8002;
- a Celery worker and Celery beat, on Redis;
- haproxy (deploy/haproxy.cfg) on 8080, health-checking both app servers.

Every app server and worker gets the same environment (``cluster_environment``); the state
(addresses, process ids) is written to var/cluster/state.json for the cluster test.
Environment: CLUSTER_PORT (8080, haproxy), CLUSTER_APP_PORTS (8001,8002),
CLUSTER_PGBOUNCER_PORT (6433: Debian's own pgbouncer service takes 6432), CLUSTER_S3_PORT
(9000), CLUSTER_DATABASE (ks_cluster), CLUSTER_POSTGRES
(postgres://postgres@127.0.0.1:5432), CLUSTER_REDIS (redis://127.0.0.1:6379) and
CLUSTER_REDIS_DB (10: the cache there, the broker in the next one), CLUSTER_BROKER (the
Celery broker instead, e.g. amqp://guest:guest@127.0.0.1:5672// for RabbitMQ), CLUSTER_FOLDER
(var/cluster); any of the portal's own settings (EXPORT_JOB_MIN_ROWS…) passes through to
every process.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_ACCOUNTS = "admin, operator.solok, operator.baubau, verifikator.sumbar (password demo12345)"


@dataclass(frozen=True)
class Ports:
    haproxy: int
    apps: tuple
    pgbouncer: int
    s3: int

    @classmethod
    def from_env(cls):
        apps = os.environ.get("CLUSTER_APP_PORTS", "8001,8002").split(",")
        return cls(
            haproxy=int(os.environ.get("CLUSTER_PORT", "8080")),
            apps=tuple(int(port) for port in apps),
            pgbouncer=int(os.environ.get("CLUSTER_PGBOUNCER_PORT", "6433")),
            s3=int(os.environ.get("CLUSTER_S3_PORT", "9000")),
        )


@dataclass
class Cluster:
    ports: Ports
    database: str
    postgres: str
    redis: str
    redis_db: int
    broker: str
    folder: Path
    bucket: str = "ks-portal-media"
    secret_key: str = ""
    scratch: list = field(default_factory=list)  # folders to remove when it stops

    @classmethod
    def from_env(cls):
        folder = Path(os.environ.get("CLUSTER_FOLDER", ROOT / "var" / "cluster")).resolve()
        redis = os.environ.get("CLUSTER_REDIS", "redis://127.0.0.1:6379").rstrip("/")
        redis_db = int(os.environ.get("CLUSTER_REDIS_DB", "10"))
        return cls(
            ports=Ports.from_env(),
            redis_db=redis_db,
            broker=os.environ.get("CLUSTER_BROKER", f"{redis}/{redis_db + 1}"),
            database=os.environ.get("CLUSTER_DATABASE", "ks_cluster"),
            postgres=os.environ.get("CLUSTER_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
            redis=redis,
            folder=folder,
            secret_key=secrets.token_urlsafe(50),
        )

    @property
    def direct_database_url(self):
        return f"{self.postgres}/{self.database}"

    @property
    def pooled_database_url(self):
        user = self.postgres.split("//", 1)[1].split("@", 1)[0]
        return f"postgres://{user}@127.0.0.1:{self.ports.pgbouncer}/{self.database}"

    def url(self, port):
        return f"http://127.0.0.1:{port}"

    def environment(self, **extra):
        """What every app server and worker runs with: production settings on loopback."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ks_portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: haproxy would terminate TLS in production.
            "SECURE_SSL_REDIRECT": "0",
            "TRUSTED_PROXIES": "1",
            "DATABASE_URL": self.pooled_database_url,
            "DATABASE_TRANSACTION_POOLING": "1",
            "REDIS_URL": f"{self.redis}/{self.redis_db}",
            "CELERY_BROKER_URL": self.broker,
            # Media in the S3 server's private bucket; public photos by signed URL.
            "MEDIA_BUCKET": self.bucket,
            "MEDIA_ENDPOINT_URL": self.url(self.ports.s3),
            "MEDIA_REGION": "us-east-1",
            "MEDIA_SENDFILE": "signed-url",
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": "cluster",  # moto takes any key
            "MEDIA_ROOT": str(self.folder / "media"),  # unused: media is in the bucket
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
        return env


def say(message):
    print(message, file=sys.stderr, flush=True)


def port_open(port):
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port, process, name, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"make cluster: {name} stopped (exit {process.returncode})")
        if port_open(port):
            return
        time.sleep(0.2)
    raise SystemExit(f"make cluster: {name} did not listen on {port} within {seconds} s")


def prepare_database(cluster):
    """Create ``ks_cluster`` afresh, migrate and fill it (directly, not through pgbouncer)."""
    import psycopg2
    from psycopg2 import sql

    admin = psycopg2.connect(f"{cluster.postgres}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        name = sql.Identifier(cluster.database)
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    admin.close()
    env = cluster.environment(
        DATABASE_URL=cluster.direct_database_url, DATABASE_TRANSACTION_POOLING="0"
    )
    manage = [sys.executable, "manage.py"]
    say(f"Filling {cluster.database}: migrations, regions and the demo content")
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_regions"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo", "--allow-production"], cwd=ROOT, env=env, check=True)


def pgbouncer_config(cluster):
    """deploy/pgbouncer.ini with this cluster's port, in a folder of its own. As root,
    pgbouncer runs as postgres, which may not enter the cluster's folder: then the folder
    is a new one under the system's temporary directory, given to postgres."""
    if os.geteuid() == 0:
        folder = Path(tempfile.mkdtemp(prefix="ks-cluster-pgbouncer-"))
        folder.chmod(0o755)
        cluster.scratch.append(folder)
    else:
        folder = cluster.folder / "pgbouncer"
        folder.mkdir(parents=True, exist_ok=True)
    users = folder / "userlist.txt"
    users.write_text('"postgres" ""\n')
    text = (ROOT / "deploy" / "pgbouncer.ini").read_text()
    replacements = {
        "listen_port = 6432": f"listen_port = {cluster.ports.pgbouncer}",
        "auth_file = /etc/pgbouncer/userlist.txt": f"auth_file = {users}",
        "logfile =": f"logfile = {folder / 'pgbouncer.log'}",
        "pidfile =": f"pidfile = {folder / 'pgbouncer.pid'}",
    }
    for old, new in replacements.items():
        text = text.replace(old, new)
    config = folder / "pgbouncer.ini"
    config.write_text(text)
    if os.geteuid() == 0:  # pgbouncer refuses to run as root: it runs as postgres
        shutil.chown(folder, "postgres")
        for path in folder.iterdir():
            shutil.chown(path, "postgres")
    return config


class Processes:
    """The processes started, stopped in the reverse order."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.started = []
        self.logs = cluster.folder / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    def start(self, name, command, env=None):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (kept open while it runs)
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.cluster.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this script, which stops each in turn
        )
        self.started.append((name, process))
        return process

    def stop(self):
        for name, process in reversed(self.started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    say(f"{name} did not stop in 15 s: killed")
        self.started.clear()
        for folder in self.cluster.scratch:
            shutil.rmtree(folder, ignore_errors=True)


def start_s3(cluster, processes):
    port = cluster.ports.s3
    process = processes.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)])
    wait_for_port(port, process, "the S3 server")
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=cluster.url(port),
        aws_access_key_id="cluster",
        aws_secret_access_key="cluster",  # noqa: S106 (moto takes any key)
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=cluster.bucket)
    client.put_public_access_block(
        Bucket=cluster.bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def start(cluster, processes):
    say(f"Starting the cluster in {cluster.folder}")
    start_s3(cluster, processes)  # first: the demo content's photos go to the bucket
    prepare_database(cluster)

    bouncer = [shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"]
    if os.geteuid() == 0:
        bouncer += ["-u", "postgres"]
    process = processes.start("pgbouncer", [*bouncer, str(pgbouncer_config(cluster))])
    wait_for_port(cluster.ports.pgbouncer, process, "pgbouncer")

    apps = {}
    for number, port in enumerate(cluster.ports.apps, 1):
        env = cluster.environment(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
        command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "ks_portal.wsgi"]
        apps[f"app{number}"] = processes.start(f"app{number}", command, env)
    for number, port in enumerate(cluster.ports.apps, 1):
        wait_for_port(port, apps[f"app{number}"], f"app server {number}")

    celery = [str(BIN / "celery"), "-A", "ks_portal"]
    worker = processes.start(
        "worker", [*celery, "worker", "--loglevel=INFO", "--concurrency=1", "-n", "worker1@%h"]
    )
    beat = processes.start(
        "beat",
        [
            *celery,
            "beat",
            "--loglevel=INFO",
            f"--schedule={cluster.folder / 'celerybeat-schedule'}",
        ],
    )

    haproxy_env = {
        **os.environ,
        "KS_HAPROXY_BIND": f"127.0.0.1:{cluster.ports.haproxy}",
        "KS_APP1": f"127.0.0.1:{cluster.ports.apps[0]}",
        "KS_APP2": f"127.0.0.1:{cluster.ports.apps[1]}",
        "KS_HAPROXY_SOCKET": str(cluster.folder / "haproxy.sock"),
    }
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    balancer = processes.start(
        "haproxy", [haproxy, "-f", str(ROOT / "deploy" / "haproxy.cfg")], haproxy_env
    )
    wait_for_port(cluster.ports.haproxy, balancer, "haproxy")
    wait_until_healthy(cluster, balancer)

    state = {
        "portal": cluster.url(cluster.ports.haproxy),
        "apps": [cluster.url(port) for port in cluster.ports.apps],
        "pids": {name: process.pid for name, process in processes.started},
        "s3": cluster.url(cluster.ports.s3),
        "bucket": cluster.bucket,
        "database": cluster.direct_database_url,
        "worker": worker.pid,
        "beat": beat.pid,
    }
    (cluster.folder / "state.json").write_text(json.dumps(state, indent=2))
    return state


def wait_until_healthy(cluster, balancer, seconds=60):
    import requests

    deadline = time.monotonic() + seconds
    for url in [cluster.url(port) for port in cluster.ports.apps]:
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or balancer.poll() is not None:
                raise SystemExit(f"make cluster: {url}/healthz is not healthy")
            time.sleep(0.5)


def main():
    cluster = Cluster.from_env()
    cluster.folder.mkdir(parents=True, exist_ok=True)
    processes = Processes(cluster)
    stopping = []

    def stop_on_signal(number, frame):
        stopping.append(number)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        state = start(cluster, processes)
        print(f"Portal through haproxy: {state['portal']}/", flush=True)
        for number, url in enumerate(state["apps"], 1):
            print(f"App server {number}: {url}/", flush=True)
        print(f"PostgreSQL through pgbouncer: {cluster.pooled_database_url}", flush=True)
        print(f"S3 (moto): {state['s3']}/ bucket {state['bucket']}", flush=True)
        print(f"Demo logins: {DEMO_ACCOUNTS}", flush=True)
        print(f"Logs: {processes.logs}/. Ctrl-C stops everything.", flush=True)
        print("CLUSTER READY", flush=True)
        while True:
            for name, process in processes.started:
                if process.poll() is not None and name not in {"app1", "app2"}:
                    raise SystemExit(f"make cluster: {name} stopped (exit {process.returncode})")
            time.sleep(1)
    except KeyboardInterrupt:
        say("\nStopping the cluster")
    finally:
        processes.stop()


if __name__ == "__main__":
    main()
