"""Requests per second through haproxy with one and with two app servers (a benchmark).

    .venv/bin/python benchmarks/cluster.py      # needs what `make cluster` needs, and wrk

It starts the cluster of deploy/cluster.py (on ports of its own), then for each page runs
wrk through haproxy at 16 connections with both app servers in the backend, and again
with the second taken out through haproxy's runtime API (`disable server`). Each app
server is gunicorn with 2 workers. It prints a table; nothing is written.
Environment: BENCH_DURATION (10 s per measurement), BENCH_CONNECTIONS (16).
"""

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

import cluster as layout  # noqa: E402

PAGES = [
    ("home (page cache)", "/"),
    ("forum directory (page cache)", "/forums/"),
    # Never cached: a query through pgbouncer, a cache round trip and a bucket write.
    ("health check (database, cache, bucket)", "/healthz"),
]


def runtime_api(state_folder, command):
    with socket.socket(socket.AF_UNIX) as api:
        api.connect(str(state_folder / "haproxy.sock"))
        api.sendall(f"{command}\n".encode())
        return api.recv(65536).decode()


def wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, f"{p99.group(1)} {p99.group(2)}", int(errors.group(1)) if errors else 0


def main():
    seconds = int(os.environ.get("BENCH_DURATION", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    os.environ.setdefault("CLUSTER_PORT", "28080")
    os.environ.setdefault("CLUSTER_APP_PORTS", "28001,28002")
    os.environ.setdefault("CLUSTER_PGBOUNCER_PORT", "26433")
    os.environ.setdefault("CLUSTER_S3_PORT", "29000")
    os.environ.setdefault("CLUSTER_REDIS_DB", "8")
    cluster = layout.Cluster.from_env()
    cluster.folder.mkdir(parents=True, exist_ok=True)
    processes = layout.Processes(cluster)
    rows = []
    try:
        state = layout.start(cluster, processes)
        portal = state["portal"]
        for servers in (2, 1):
            if servers == 1:
                runtime_api(cluster.folder, "disable server app_servers/app2")
            for name, path in PAGES:
                url = portal + path
                subprocess.run(["curl", "-s", "-o", "/dev/null", url], check=True)  # warm
                rate, p99, errors = wrk(url, seconds, connections)
                rows.append((name, servers, rate, p99, errors))
                print(f"{name:40} {servers} app server(s) {rate:9.1f} req/s  p99 {p99}", flush=True)
    finally:
        processes.stop()
    print("\n| page | app servers | req/s | p99 | non-2xx |\n| --- | ---: | ---: | ---: | ---: |")
    for name, servers, rate, p99, errors in rows:
        print(f"| {name} | {servers} | {rate:,.1f} | {p99} | {errors} |")


if __name__ == "__main__":
    main()
