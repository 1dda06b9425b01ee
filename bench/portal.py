"""Portal benchmark: the public pages of a county of 10^5 items, served as deploy/ serves them.

    python bench/portal.py [--n 100000] [--duration 10] [--connections 32] [--rounds 3]
                           [--data-dir DIR] [--keep] [--json-out FILE] [--quick]

One run: it builds the county (bench/portal_county.py) in a fresh data directory, measures
in-process the CPU time and queries of the item page rendered without the page cache, then
starts gunicorn exactly as deploy/systemd/gongkai-web.service does (2 processes x 4 threads)
and, when nginx is installed, nginx with deploy/nginx/gongkai.conf in front of it
(tests/front.py starts both). A load generator (bench/portal_load.py: wrk, else Python) then
hits, round after round so that a change in the machine's load touches every figure alike:

  from gunicorn: a bare Django view answering the item page's bytes before any middleware,
  the same view behind the product's whole middleware stack (bench/portal_settings.py), the
  home page, a column page, an item page, /xxgk/ and the search page;
  through nginx (https): a static file of the item page's size, the bare view, the pages.

It prints a markdown table for docs/benchmarks.md: requests/s, p50/p99, what the caches said
(X-Cache from the application's page cache, X-Proxy-Cache from nginx's micro-cache), and the
ratios the targets are about (page / bare view from gunicorn; page through nginx / nginx's
static file), with the load average and the machine. It only measures and prints: a timed
assertion is not a test.

Targets (issue 20): cached public pages >= 50% of the bare view's rate from gunicorn, through
nginx >= 50% of nginx's static rate; the uncached item page under 3 ms of CPU at 10^5 items,
its queries fixed in number.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench import portal_county, portal_load  # noqa: E402

from tests import front as front_module  # noqa: E402
from tests.cli import clean_env  # noqa: E402

MARKER = "bench-portal.json"  # in the data directory: the county built there, for --data-dir
SEARCH_QUERY = "移民"
COLD_RENDERS = 300
TARGET_RATIO = 0.5
# The references (bench/portal_settings.py, bench/portal_urls.py; the static file is written
# into the collected static files by `run`).
REFERENCES = {
    "bare": "/_bench/bare/",
    "stack": "/_bench/stack/",
    "static": "/static/bench/page.html",
}
TARGET_CPU_MS = 3.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="items to add to the demo county")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="build there, or reuse a county built there")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--quick", action="store_true", help="2,000 items, 2 s runs, one round")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.duration, args.rounds = min(args.n, 2000), 2.0, 1
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gongkai-bench-portal-"))
    try:
        report = run(args, data_dir)
    finally:
        if args.keep or args.data_dir:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    print_markdown(report)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
        print(f"\nJSON written to {args.json_out}")
    return 0


def setup_django(data_dir: Path) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    for name in ("GONGKAI_DATABASE_URL", "GONGKAI_REDIS_URL", "GONGKAI_DEMO"):
        os.environ.pop(name, None)
    import django

    django.setup()


def prepare(args, data_dir: Path) -> dict:
    """The county: built (demo, N items, search index) or, with --data-dir, found there."""
    marker = data_dir / MARKER
    if marker.exists():
        built = json.loads(marker.read_text())
        if built["n"] != args.n:
            sys.exit(f"{data_dir} holds a county of {built['n']} items, not {args.n}")
        print(f"reusing the county of {built['n']:,} items in {data_dir}")
        setup_django(data_dir)
        return built
    if data_dir.exists() and any(data_dir.iterdir()):
        sys.exit(f"{data_dir} is not empty and holds no county built by this benchmark")
    started = time.monotonic()
    print("loading the demo county (gongkai demo --no-serve) ...", flush=True)
    portal_county.load_demo(data_dir)
    setup_django(data_dir)
    print(f"adding {args.n:,} published items ...", flush=True)
    built = portal_county.build_items(args.n)
    from django.db import connections

    connections.close_all()
    print("indexing for search (gongkai search reindex) ...", flush=True)
    reindexed = time.monotonic()
    portal_county.reindex(data_dir)
    built |= {
        "n": args.n,
        "reindex_seconds": round(time.monotonic() - reindexed, 1),
        "build_seconds": round(time.monotonic() - started, 1),
    }
    marker.write_text(json.dumps(built))
    return built


def choose_paths(built: dict) -> dict[str, str]:
    from django.db.models import Count

    from gongkai.publishing.models import Item

    busiest = (
        Item.objects.filter(status=Item.Status.PUBLISHED)
        .values("column__slug")
        .annotate(items=Count("pk"))
        .order_by("-items")
        .first()
    )
    item = Item.objects.filter(pk__gte=built["first_pk"]).order_by("pk")[built["n"] // 2]
    return {
        "home": "/",
        "column": f"/columns/{busiest['column__slug']}/",
        "item": item.get_absolute_url(),
        "xxgk": "/xxgk/",
        "search": f"/search/?q={quote(SEARCH_QUERY)}",
    }


def measure_cold_item(built: dict) -> tuple[dict, bytes]:
    """CPU time and queries of item pages rendered in-process with the page cache off (every
    cache alias but the default one a DummyCache), and one item page's bytes.

    The pages are asked of Django's WSGI application as gunicorn asks it (the request's start
    and end signals included, so the database connection is handled as in production), not
    through the test client, whose own work is not the server's."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    caches = {
        alias: (conf if alias == "default" else dummy) for alias, conf in settings.CACHES.items()
    }
    # 100 of the generated items, spread evenly: the same ones on every run.
    first, n = built["first_pk"], built["n"]
    pks = list(range(first, first + n, max(1, n // 100)))[:100]
    with override_settings(CACHES=caches):
        application = WSGIHandler()

        def get(pk) -> bytes:
            path = f"/items/{pk}/"
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": "",
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "443",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "HTTP_HOST": "127.0.0.1",
                "REMOTE_ADDR": "127.0.0.1",
                "wsgi.url_scheme": "https",
                "wsgi.input": io.BytesIO(),
                "wsgi.errors": sys.stderr,
            }
            answer = {}

            def start_response(status, headers, exc_info=None):
                answer["status"], answer["headers"] = status, dict(headers)

            result = application(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                result.close()  # as a WSGI server does: the request's end
            if not answer["status"].startswith("200") or answer["headers"].get("X-Cache") == "hit":
                raise SystemExit(
                    f"item {pk}: {answer['status']} {answer['headers'].get('X-Cache')}"
                )
            return body

        for pk in pks:  # templates compiled, URL resolver and connection warm
            get(pk)
        queries = set()
        for pk in pks[:10]:
            with CaptureQueriesContext(connection) as captured:
                get(pk)
            queries.add(len(captured))
        began = time.process_time()
        for i in range(COLD_RENDERS):
            get(pks[i % len(pks)])
        cpu_ms = (time.process_time() - began) * 1000 / COLD_RENDERS
        page = get(pks[0])
    connection.close()
    cold = {
        "cpu_ms_per_render": round(cpu_ms, 3),
        "renders": COLD_RENDERS,
        "queries": sorted(queries),
        "page_cache": "off (DummyCache for every cache alias but 'default')",
        "called": "Django's WSGI application, as gunicorn calls it",
    }
    return cold, page


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        memory_kb = int(meminfo.readline().split()[1])
    nginx = "not installed"
    if front_module.nginx_available():
        done = subprocess.run([front_module.NGINX, "-v"], capture_output=True, text=True)
        nginx = (done.stderr or done.stdout).strip().removeprefix("nginx version: ")
    import django
    import gunicorn

    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "nginx": nginx,
        "load_generator": portal_load.generator_name(),
    }


def git_version() -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


# ---------------------------------------------------------------- the load


LABELS = {
    "bare": "bare Django view",
    "stack": "the same behind the middleware",
    "static": "static file (nginx)",
    "home": "home page",
    "column": "column page",
    "item": "item page",
    "xxgk": "/xxgk/ catalogue",
    "search": "search page",
}


def make_targets(front, paths: dict[str, str], nginx: bool) -> list[dict]:
    app = f"http://127.0.0.1:{front.app_port}"
    web = f"https://127.0.0.1:{front.https_port}"
    direct = {"bare": REFERENCES["bare"], "stack": REFERENCES["stack"], **paths}
    targets = [
        # What nginx would add: without it production settings redirect to https.
        {
            "name": name,
            "via": "gunicorn",
            "url": app + path,
            "headers": front_module.FORWARDED_HTTPS,
        }
        for name, path in direct.items()
    ]
    if nginx:
        through = {"static": REFERENCES["static"], "bare": REFERENCES["bare"], **paths}
        targets += [
            {"name": name, "via": "nginx", "url": web + path, "headers": {}}
            for name, path in through.items()
        ]
    return targets


def load(target: dict, args, duration: float) -> portal_load.Result:
    return portal_load.run(
        target["url"], duration=duration, connections=args.connections, headers=target["headers"]
    )


def measure(targets: list[dict], args) -> list[dict]:
    """Every target once per round, in the same order, after one unrecorded warm-up each."""
    for target in targets:
        load(target, args, min(2.0, args.duration))
    samples = []
    for round_number in range(1, args.rounds + 1):
        for target in targets:
            result = load(target, args, args.duration)
            seen = portal_load.probe(target["url"], target["headers"])
            samples.append(
                {
                    "round": round_number,
                    "name": target["name"],
                    "via": target["via"],
                    **result.as_dict(),
                    **seen,
                    "load1": round(os.getloadavg()[0], 2),
                }
            )
            print(
                f"  round {round_number} {target['via']:8} {target['name']:7}"
                f" {result.requests_per_s:9,.0f}/s p50 {result.p50_ms:6.2f} ms"
                f" p99 {result.p99_ms:7.2f} ms  X-Cache {seen['x_cache']}"
                f" X-Proxy-Cache {seen['x_proxy_cache']}  bad {result.bad}",
                flush=True,
            )
    return samples


# ---------------------------------------------------------------- the run and the report


def run(args, data_dir: Path) -> dict:
    started = datetime.now(UTC)
    load_before = [round(x, 2) for x in os.getloadavg()]
    built = prepare(args, data_dir)
    paths = choose_paths(built)
    print("the uncached item page, in-process ...", flush=True)
    cold, page = measure_cold_item(built)
    bare_file = data_dir / "bench" / "bare.html"
    static_file = data_dir / "static" / "bench" / "page.html"
    for path in (bare_file, static_file):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page)
    env = clean_env(
        data_dir,
        GONGKAI_BEHIND_PROXY="1",
        GONGKAI_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SETTINGS_MODULE="bench.portal_settings",
        GONGKAI_BENCH_BARE_FILE=str(bare_file),
        PYTHONPATH=os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH")] if p),
    )
    nginx = front_module.nginx_available()
    if not nginx:
        print("!!! nginx is not installed: measuring gunicorn alone", flush=True)
    with (
        tempfile.TemporaryDirectory(prefix="gongkai-bench-front-") as scratch,
        front_module.running_front(
            data_dir, Path(scratch), env=env, nginx=nginx, nginx_workers="auto"
        ) as front,
    ):
        targets = make_targets(front, paths, nginx)
        print(f"measuring {len(targets)} addresses x {args.rounds} rounds ...", flush=True)
        samples = measure(targets, args)
    return {
        "command": "python bench/portal.py " + " ".join(sys.argv[1:]),
        "started": started.isoformat(timespec="seconds"),
        "code": git_version(),
        "n": args.n,
        "settings": {
            "duration_s": args.duration,
            "connections": args.connections,
            "rounds": args.rounds,
            "gunicorn": " ".join(front_module.gunicorn_command(8000)[2:]),
        },
        "county": built,
        "paths": paths,
        "page_bytes": len(page),
        "machine": machine(),
        "load_average": {
            "before": load_before,
            "max_during": max(s["load1"] for s in samples),
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "cold_item_page": cold,
        "results": summarise(samples),
        "samples": samples,
    }


def summarise(samples: list[dict]) -> list[dict]:
    """Per address: the median over the rounds, and the ratio the targets are about."""
    rows = []
    for via, name in dict.fromkeys((s["via"], s["name"]) for s in samples):
        mine = [s for s in samples if (s["via"], s["name"]) == (via, name)]
        rows.append(
            {
                "name": name,
                "via": via,
                "requests_per_s": round(statistics.median(s["requests_per_s"] for s in mine), 1),
                "p50_ms": round(statistics.median(s["p50_ms"] for s in mine), 2),
                "p99_ms": round(statistics.median(s["p99_ms"] for s in mine), 2),
                "x_cache": sorted({s["x_cache"] for s in mine}),
                "x_proxy_cache": sorted({s["x_proxy_cache"] for s in mine}),
                "bad": sum(s["bad"] for s in mine),
            }
        )
    for row in rows:
        reference = "bare" if row["via"] == "gunicorn" else "static"
        base = next((r for r in rows if (r["via"], r["name"]) == (row["via"], reference)), None)
        row["ratio_to"] = reference
        row["ratio"] = (
            round(row["requests_per_s"] / base["requests_per_s"], 3)
            if base and base["requests_per_s"]
            else None
        )
        row["meets_target"] = (
            None if row["name"] in REFERENCES else (row["ratio"] or 0) >= TARGET_RATIO
        )
    return rows


def print_markdown(report: dict) -> None:
    m, load = report["machine"], report["load_average"]
    cold = report["cold_item_page"]
    print(f"\n### Portal, {report['n']:,} items ({report['started'][:10]}, {report['code']})\n")
    print(f"`{report['command']}`  ")
    print(
        f"{report['settings']['connections']} connections, {report['settings']['duration_s']:g} s"
        f" per run, {report['settings']['rounds']} alternating rounds (medians); load generator:"
        f" {m['load_generator']}; server: {report['settings']['gunicorn']}  "
    )
    print(
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['system']};"
        f" Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}, nginx {m['nginx']}  "
    )
    print(
        f"Load average: {load['before']} before, {load['max_during']} at most during the runs,"
        f" {load['after']} after. Item page: {report['page_bytes']:,} bytes.\n"
    )
    print(
        "| page | address | served by | requests/s | p50 ms | p99 ms | X-Cache | X-Proxy-Cache | ratio | ≥ 50% |"
    )
    print("|---|---|---|---:|---:|---:|---|---|---:|---|")
    paths = {**REFERENCES, **report["paths"]}
    for row in report["results"]:
        ratio = f"{row['ratio']:.1%} of {row['ratio_to']}" if row["ratio"] is not None else ""
        verdict = {None: "", True: "yes", False: "**no**"}[row["meets_target"]]
        print(
            f"| {LABELS[row['name']]} | `{paths[row['name']]}` | {row['via']} |"
            f" {row['requests_per_s']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} |"
            f" {', '.join(row['x_cache'])} | {', '.join(row['x_proxy_cache'])} | {ratio} | {verdict} |"
        )
    bad = sum(row["bad"] for row in report["results"])
    if bad:
        print(f"\n**{bad} answers were errors (not 2xx/3xx) or socket errors: see the JSON.**")
    verdict = "yes" if cold["cpu_ms_per_render"] < TARGET_CPU_MS else "**no**"
    print(
        f"\nUncached item page in-process ({cold['page_cache']}): {cold['cpu_ms_per_render']:.2f} ms"
        f" of CPU per render over {cold['renders']} renders (< {TARGET_CPU_MS:g} ms: {verdict});"
        f" queries per page: {', '.join(map(str, cold['queries']))}."
    )


if __name__ == "__main__":
    sys.exit(main())
