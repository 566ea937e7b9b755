"""The Markdown report of ``make bench`` (benchmarks/bench.py) and the machine facts in it."""

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- bench:start: written by benchmarks/bench.py; edit outside these markers -->"
END = "<!-- bench:end -->"

# Issue 10, part 4: what each kind of page should reach at scale 1.
CACHED_RATIO, CACHED_P95_MS, UNCACHED_P95_MS, STAFF_P95_MS, MAX_QUERIES = 0.70, 50, 300, 300, 10


def git_commit():
    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return f"{commit} (uncommitted changes)" if git("status", "--porcelain") else commit


def _first(path, prefix):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1]
    except OSError:
        pass
    return "unknown"


def machine_facts(postgres_version, redis_version):
    memory_kib = _first("/proc/meminfo", "MemTotal").split()[0]
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return {
        "CPU": _first("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "RAM": f"{int(memory_kib) / 1024 / 1024:.1f} GiB" if memory_kib.isdigit() else "unknown",
        "system": _first("/etc/os-release", "PRETTY_NAME=").strip('"'),
        "kernel": platform.release(),
        "PostgreSQL": postgres_version,
        "Redis": redis_version,
        "Python": platform.python_version(),
        "Django": version("Django"),
        "gunicorn": version("gunicorn"),
        "wrk": (wrk.stdout + wrk.stderr).split("\n", 1)[0].split(" Copyright")[0].strip(),
        "portal commit": git_commit(),
    }


def _ms(microseconds):
    return f"{microseconds / 1000:.1f}"


def _errors(result):
    kinds = ["status", "connect", "read", "write", "timeout"]
    counts = {kind: int(result[kind]) for kind in kinds if result.get(kind)}
    if not counts:
        return "0"
    return f"{sum(counts.values())} (" + ", ".join(f"{k} {n}" for k, n in counts.items()) + ")"


def _yes(condition):
    return "yes" if condition else "**no**"


def _table(results, names, bare, queries, target):
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | × bare | queries | target met |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for name in names:
        result = results[name]
        count = queries.get(name, {}).get("queries", "")
        if "problem" in result:
            lines.append(f"| {name} | — | — | — | — | {result['problem']} | — | {count} | **no** |")
            continue
        rps, ratio = result["requests_per_second"], result["requests_per_second"] / bare
        met = target(result, ratio, count) if target else ""
        lines.append(
            f"| {name} | {rps:,.1f} | {_ms(result['p50_us'])} | {_ms(result['p95_us'])} | "
            f"{_ms(result['p99_us'])} | {_errors(result)} | {ratio:.3f} | {count} | {met} |"
        )
    return "\n".join(lines)


def _queries_ok(count):
    return not isinstance(count, int) or count <= MAX_QUERIES


def _cached_target(result, ratio, count):
    return _yes(
        ratio >= CACHED_RATIO and result["p95_us"] <= CACHED_P95_MS * 1000 and _queries_ok(count)
    )


def _p95_target(limit_ms):
    def target(result, ratio, count):
        return _yes(result["p95_us"] <= limit_ms * 1000 and _queries_ok(count))

    return target


def render(*, config, started, facts, build, targets, queries, phases, exports):
    """The report: machine, data, method, then the tables."""
    public = [name for name, _url in targets["public"]]
    staff = [name for name, _url in targets["staff"]]
    cached, uncached = phases["cached"], phases["uncached"]
    bare_cached = cached["bare view"]["requests_per_second"]
    bare_uncached = uncached["bare view"]["requests_per_second"]
    seconds = build["seconds"]
    when = "in this run" if not build["reused"] else f"on {build['built_at']}, reused in this run"
    out = [f"## Run of {started:%Y-%m-%d %H:%M %Z}, scale {config.scale:g}", ""]
    out += ["| machine | |", "| --- | --- |"]
    out += [f"| {key} | {value} |" for key, value in facts.items()]
    out += [
        "",
        "### Data",
        "",
        f"Database `{config.database}`, built {when} (commit {build['commit']}): "
        f"`load_regions` {seconds['load_regions']:.1f} s, "
        f"`generate_national_data --scale {config.scale:g}` "
        f"{seconds['generate_national_data']:.1f} s, the demo content {seconds['load_demo']:.1f} s "
        f"(`migrate` {seconds['migrate']:.1f} s). Wall times of each command, Django's start "
        "included.",
        "",
        "| rows | |",
        "| --- | ---: |",
    ]
    out += [f"| {label} | {count:,} |" for label, count in targets["counts"].items()]
    out += [
        "",
        "### Method",
        "",
        f"gunicorn {facts['gunicorn']} with 2 sync workers (`WEB_CONCURRENCY=2`), the project's "
        "`gunicorn.conf.py` with `--max-requests 0` (its access log written to /dev/null), "
        "`DEBUG=0`, `benchmarks/settings.py`, "
        f"PostgreSQL and Redis (db {config.redis_db}, flushed before each phase) on loopback. "
        f"wrk: {config.connections} connections, {config.threads} threads, {config.warmup} s "
        f"warm-up then {config.duration} s per URL, time-out {config.timeout} s. Latencies are "
        "wrk's; errors are responses other than 2xx/3xx plus socket errors. *× bare*: req/s "
        "over the bare view's in the same phase (a URL resolved to a view returning a "
        "constant, before any of the portal's middleware). *Queries*: SQL queries of one "
        "request through Django's test client with the page cache off (the second request; "
        "the first fills per-process caches). Cached: the page was requested once before "
        "wrk ran, with `PAGE_CACHE` on (the default). Uncached: `PAGE_CACHE=0`.",
        "",
        f"Targets (issue 10, at scale 1): cached ≥ {CACHED_RATIO} × bare with p95 ≤ "
        f"{CACHED_P95_MS} ms; uncached and staff p95 ≤ {UNCACHED_P95_MS} ms; ≤ {MAX_QUERIES} "
        "queries per page.",
        "",
        "### Public pages, cached",
        "",
        f"Bare view: **{bare_cached:,.1f} req/s**, p95 {_ms(cached['bare view']['p95_us'])} ms.",
        "",
        _table(cached, public, bare_cached, queries, _cached_target),
        "",
        "### Public pages, uncached",
        "",
        f"Bare view: **{bare_uncached:,.1f} req/s**, p95 {_ms(uncached['bare view']['p95_us'])} "
        "ms.",
        "",
        _table(uncached, public, bare_uncached, queries, _p95_target(UNCACHED_P95_MS)),
        "",
        "### The page cache without its per-process copy",
        "",
        "The same cached pages with `PAGE_CACHE_LOCAL_ENTRIES=0`: every answer read from "
        "Redis (one GET of the page per request) instead of the worker's own copy.",
        "",
        _table(
            phases["redis only"],
            [name for name in public if name in phases["redis only"]],
            phases["redis only"]["bare view"]["requests_per_second"],
            queries,
            _cached_target,
        ),
        "",
        f"### Staff pages, signed in as `{targets['operator']}` (page cache on)",
        "",
        _table(cached, staff, bare_cached, queries, _p95_target(STAFF_P95_MS)),
        "",
        "### Downloads",
        "",
        "Each in a Python process of its own, through Django's test client, the streamed "
        "content read to the end. Memory: growth of the process's peak resident set "
        "(`ru_maxrss`) over its peak after a one-forum download of the same kind.",
        "",
        "| download | size | wall s | peak memory growth MiB |",
        "| --- | ---: | ---: | ---: |",
    ]
    counts = targets["counts"]
    pdf = targets["pdf"]
    labels = {
        "csv": f"CSV, all {counts['public funding lines']:,} public funding lines",
        "xlsx": f"XLSX, all {counts['public funding lines']:,} public funding lines",
        "pdf": f"PDF register, {pdf['label']} ({pdf['activities']:,} activities, the largest "
        "regency within `REGISTER_PDF_MAX_ROWS`)",
    }
    for kind, result in exports.items():
        out.append(
            f"| {labels[kind]} | {result['bytes'] / 1024 / 1024:,.1f} MiB | "
            f"{result['seconds']:.2f} | {result['peak_rss_growth_mib']:,.1f} |"
        )
    out += ["", "### URLs", "", "| page | URL | bytes |", "| --- | --- | ---: |"]
    for name, url in [("bare view", "/bench/bare/"), *targets["public"], *targets["staff"]]:
        out.append(f"| {name} | `{url}` | {cached[name]['page_bytes']:,} |")
    return "\n".join(out) + "\n"


INTRO = """# Benchmarks

`make bench` measures the portal under load and rewrites the part of this file between
the two markers below (everything outside them is kept). It needs PostgreSQL on
127.0.0.1:5432 (user `postgres`, trust authentication) and Redis on 127.0.0.1:6379; it
installs wrk when missing. See `benchmarks/bench.py` for what it does and its settings.

    make bench                                 # scale 1: 10,000 forums, 200,000 activities
    BENCH_SCALE=0.1 BENCH_DURATION=5 make bench

"""


def write(path, text):
    """Put ``text`` between the markers of ``path``, keeping the rest of the file."""
    block = f"{START}\n\n{text}\n{END}"
    if path.exists():
        current = path.read_text()
        if START in current and END in current:
            before, rest = current.split(START, 1)
            after = rest.split(END, 1)[1]
            path.write_text(before + block + after)
            return
        path.write_text(current.rstrip("\n") + "\n\n" + block + "\n")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(INTRO + block + "\n")
