"""`make bench`: the portal under load, beside a bare Django view, written to docs/benchmarks.md.

    make bench                                # scale 1 (10,000 forums, 200,000 activities)
    BENCH_SCALE=0.1 BENCH_DURATION=5 make bench

In one run: a PostgreSQL database of generated national data (``ks_bench_<scale>``,
built once and reused while it holds data of that scale), gunicorn with 2 workers and
production settings (benchmarks/settings.py), Redis as the cache, and wrk at 16
connections on loopback. Every public page is measured with the page cache off
(PAGE_CACHE=0) and on (warmed by one request), the staff pages as a signed-in operator;
then the CSV, XLSX and PDF downloads, each in a process of its own. A benchmark, never a
test: it prints figures and fails only when it cannot measure.

Environment: BENCH_SCALE (1), BENCH_DURATION (10 s per URL), BENCH_WARMUP (2 s),
BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_TIMEOUT (30 s, gunicorn's),
BENCH_REGENERATE (1 rebuilds the database), BENCH_PORT (8765), BENCH_REDIS_DB (13),
BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432), BENCH_OUTPUT (docs/benchmarks.md).
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg2
import redis
import requests
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WRK_SCRIPT = ROOT / "benchmarks" / "report.lua"
BARE = ("bare view", "/bench/bare/")
# The generated staff accounts' shared password (a local benchmark database only).
STAFF_PASSWORD = "bench-operator-password"  # noqa: S105


class BenchError(Exception):
    """The benchmark cannot go on (a server that does not start, a failed sign-in)."""


@dataclass
class Config:
    scale: float
    duration: int
    warmup: int
    connections: int
    threads: int
    timeout: int
    regenerate: bool
    port: int
    redis_db: int
    postgres: str
    output: Path
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    logs: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ks-bench-")))

    @classmethod
    def from_env(cls):
        env = os.environ.get
        return cls(
            scale=float(env("BENCH_SCALE") or 1),
            duration=int(env("BENCH_DURATION") or 10),
            warmup=int(env("BENCH_WARMUP") or 2),
            connections=int(env("BENCH_CONNECTIONS") or 16),
            threads=int(env("BENCH_THREADS") or 2),
            timeout=int(env("BENCH_TIMEOUT") or 30),
            regenerate=(env("BENCH_REGENERATE") or "0").strip().lower() in {"1", "true", "yes"},
            port=int(env("BENCH_PORT") or 8765),
            redis_db=int(env("BENCH_REDIS_DB") or 13),
            postgres=(env("BENCH_POSTGRES") or "postgres://postgres@127.0.0.1:5432").rstrip("/"),
            output=ROOT / (env("BENCH_OUTPUT") or "docs/benchmarks.md"),
        )

    @property
    def database(self):
        return "ks_bench_" + f"{self.scale:g}".replace(".", "_")

    @property
    def database_url(self):
        return f"{self.postgres}/{self.database}"

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:6379/{self.redis_db}"

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self, page_cache=True, **extra):
        """The production environment of gunicorn and of every helper process."""
        return {
            **extra,
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            # testserver: the helper processes use Django's test client.
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            # Plain HTTP on loopback; in production the proxy in front terminates TLS.
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "PAGE_CACHE": "1" if page_cache else "0",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }


def say(message):
    """Progress goes to standard error; standard output gets the report."""
    print(message, file=sys.stderr, flush=True)


# --- the database ----------------------------------------------------------------------


@contextmanager
def admin_cursor(config):
    """A cursor on the server's maintenance database, outside any transaction (CREATE
    DATABASE and DROP DATABASE refuse to run in one)."""
    connection = psycopg2.connect(f"{config.postgres}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def read_marker(config):
    """What the build of the benchmark database recorded (COMMENT ON DATABASE), or None;
    a database without one was never finished."""
    with admin_cursor(config) as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [config.database],
        )
        row = cursor.fetchone()
    if row is None or not row[0]:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def build_database(config):
    """Drop and create ``ks_bench_<scale>``, fill it and record the marker."""
    if not config.database.startswith("ks_bench_"):  # never drop anyone else's database
        raise BenchError(f"Refusing to rebuild {config.database}.")
    name = sql.Identifier(config.database)
    with admin_cursor(config) as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    seconds = {"migrate": run_timed(config, "manage.py", "migrate", "--noinput")}
    seconds["load_regions"] = run_timed(config, "manage.py", "load_regions")
    seconds["generate_national_data"] = run_timed(
        config,
        "manage.py",
        "generate_national_data",
        f"--scale={config.scale:g}",
        "--replace",
        f"--staff-password={STAFF_PASSWORD}",
    )
    seconds["load_demo"] = run_task(config, "load-demo")["seconds"]
    marker = {
        "scale": config.scale,
        "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": report.git_commit(),
        "seconds": seconds,
    }
    with admin_cursor(config) as cursor:
        cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS %s").format(name), [json.dumps(marker)])
    return marker


def prepare_database(config):
    marker = None if config.regenerate else read_marker(config)
    if marker and marker.get("scale") == config.scale:
        say(f"Reusing {config.database}, built {marker['built_at']} (BENCH_REGENERATE=1 rebuilds)")
        # Migrations added since the build run on the generated data.
        run_timed(config, "manage.py", "migrate", "--noinput")
        return {**marker, "reused": True}
    say(f"Building {config.database} at scale {config.scale:g}")
    return {**build_database(config), "reused": False}


def run_timed(config, *args):
    started = time.perf_counter()
    # Their output goes with the progress, to standard error.
    subprocess.run([PYTHON, *args], cwd=ROOT, env=config.env(), stdout=sys.stderr, check=True)
    return time.perf_counter() - started


def run_task(config, task, *args, page_cache=True):
    """One of benchmarks/tasks.py in a process of its own; its JSON result."""
    output = config.logs / f"{task}-{'-'.join(args[1:]) or 'result'}.json"
    command = [PYTHON, "-m", "benchmarks.tasks", task, str(output), *args]
    subprocess.run(command, cwd=ROOT, env=config.env(page_cache), check=True)
    return json.loads(output.read_text())


# --- gunicorn and wrk ------------------------------------------------------------------


@contextmanager
def gunicorn(config, page_cache, **extra):
    """gunicorn with the project's gunicorn.conf.py, except that workers are never
    recycled (``--max-requests 0``: a restart every thousand requests would be measured).
    Its access log goes to /dev/null (still written, as in production), errors to a file."""
    if port_open(config.port):
        raise BenchError(f"Something already listens on 127.0.0.1:{config.port} (BENCH_PORT).")
    log = config.logs / f"gunicorn-{'cached' if page_cache else 'uncached'}.log"
    command = [GUNICORN, "-c", "gunicorn.conf.py", "--max-requests", "0"]
    # A control socket of its own, not the one in ~/.gunicorn that another gunicorn may use.
    command += ["--control-socket", str(config.logs / "gunicorn.ctl"), "ks_portal.wsgi"]
    with open(log, "ab") as errors:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=config.env(page_cache, **extra),
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # its own process group, stopped as one below
        )
    try:
        wait_until_serving(config, process, log)
        yield
    finally:
        stop(process)


def port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until_serving(config, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn stopped (exit {process.returncode}); see {log}")
        try:
            if requests.get(config.base_url + BARE[1], timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {seconds} s; see {log}")


def stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=40)  # gunicorn's graceful_timeout is 30 s
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wrk(config, url, seconds, cookie=None):
    command = ["wrk", f"-t{config.threads}", f"-c{config.connections}", f"-d{seconds}s"]
    command += [f"--timeout={config.timeout}s", "-s", str(WRK_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    finished = subprocess.run(
        [*command, config.base_url + url], capture_output=True, text=True, check=True
    )
    for line in finished.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise BenchError(f"wrk printed no result for {url}:\n{finished.stdout}{finished.stderr}")


def measure(config, name, url, cookie=None, check=None):
    """One request (it also warms the page cache when that is on), then wrk: a warm-up,
    then the measured run. A page that does not answer 200 is reported, not measured."""
    headers = {"Cookie": cookie} if cookie else {}
    response = requests.get(
        config.base_url + url, headers=headers, allow_redirects=False, timeout=config.timeout
    )
    result = {"url": url, "status": response.status_code, "page_bytes": len(response.content)}
    problem = None
    if response.status_code != 200:
        problem = f"HTTP {response.status_code}"
    elif check and check not in response.text:
        problem = f"HTTP 200 but not the page expected (no {check!r})"
    if problem:
        say(f"  {name:<28} {url}: {problem}; not measured")
        return {**result, "problem": problem}
    if config.warmup:
        wrk(config, url, config.warmup, cookie)
    result.update(wrk(config, url, config.duration, cookie))
    say(
        f"  {name:<28} {result['requests_per_second']:>9.1f} req/s"
        f"  p95 {result['p95_us'] / 1000:>8.1f} ms"
    )
    return result


def flush_cache(config):
    redis.Redis.from_url(config.redis_url).flushdb()


def server_versions(config):
    with admin_cursor(config) as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return postgres, redis.Redis.from_url(config.redis_url).info()["redis_version"]


def sign_in(config, targets):
    """Sign in as the operator once (django-axes locks a name after 5 failures) and return
    the Cookie header. The cookies are Secure (production settings), so requests would not
    send them back over plain HTTP: they are passed by hand."""
    login = config.base_url + targets["login"]
    form = requests.get(login, timeout=30)
    csrf = form.cookies.get("csrftoken")
    answer = requests.post(
        login,
        data={
            "username": targets["operator"],
            "password": STAFF_PASSWORD,
            "csrfmiddlewaretoken": csrf,
        },
        headers={"Cookie": f"csrftoken={csrf}"},
        allow_redirects=False,
        timeout=30,
    )
    session = answer.cookies.get("sessionid")
    if answer.status_code != 302 or not session:
        raise BenchError(
            f"Signing in as {targets['operator']} failed (HTTP {answer.status_code}). "
            "Was the database built with another staff password? BENCH_REGENERATE=1 rebuilds."
        )
    return f"sessionid={session}; csrftoken={answer.cookies.get('csrftoken', csrf)}"


def run_phase(config, targets, page_cache):
    phase = "cached" if page_cache else "uncached"
    say(f"\n{phase} (PAGE_CACHE={int(page_cache)}), Redis db {config.redis_db} flushed")
    flush_cache(config)
    results = {}
    with gunicorn(config, page_cache):
        for name, url in [BARE, *targets["public"]]:
            results[name] = measure(config, name, url)
        if page_cache:
            cookie = sign_in(config, targets)
            for name, url in targets["staff"]:
                results[name] = measure(config, name, url, cookie, check=targets["logout"])
    return results


# Pages measured again with the page cache reading Redis on every request (no copy kept
# in the process): what the per-process copy is worth (docs/benchmarks.md).
OPTION_PAGES = ["home", "forum directory", "activity page", "news page"]


def run_redis_only(config, targets):
    say("\ncached, no per-process copy (PAGE_CACHE_LOCAL_ENTRIES=0)")
    flush_cache(config)
    chosen = [(name, url) for name, url in targets["public"] if name in OPTION_PAGES]
    with gunicorn(config, True, PAGE_CACHE_LOCAL_ENTRIES="0"):
        return {name: measure(config, name, url) for name, url in [BARE, *chosen]}


def main():
    config = Config.from_env()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn on the way out
    started = datetime.now().astimezone()
    try:
        build = prepare_database(config)
        targets = run_task(config, "targets")
        Path(config.logs / "targets-in.json").write_text(json.dumps(targets))
        targets_file = str(config.logs / "targets-in.json")
        say("Counting queries per page (test client, PAGE_CACHE=0)")
        queries = run_task(config, "queries", targets_file, page_cache=False)
        phases = {
            "uncached": run_phase(config, targets, page_cache=False),
            "cached": run_phase(config, targets, page_cache=True),
            "redis only": run_redis_only(config, targets),
        }
        exports = {}
        for kind in ("csv", "xlsx", "pdf"):
            say(f"Export {kind} (own process)")
            flush_cache(config)
            exports[kind] = run_task(config, "export", targets_file, kind)
    except BenchError as error:
        raise SystemExit(f"make bench: {error}") from None
    except subprocess.CalledProcessError as error:
        command = " ".join(str(part) for part in error.cmd[:5])
        raise SystemExit(f"make bench: `{command} …` failed (exit {error.returncode})") from None
    except KeyboardInterrupt:
        say("\nmake bench: interrupted (gunicorn stopped); nothing written")
        raise SystemExit(130) from None
    text = report.render(
        config=config,
        started=started,
        facts=report.machine_facts(*server_versions(config)),
        build=build,
        targets=targets,
        queries=queries,
        phases=phases,
        exports=exports,
    )
    report.write(config.output, text)
    print(text)
    say(f"\nWritten to {config.output}; logs in {config.logs}")


if __name__ == "__main__":
    main()
