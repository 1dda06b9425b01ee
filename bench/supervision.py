"""Supervision benchmark: the 督查看板's queries at a county's three years of cases.

    python bench/supervision.py [--db sqlite|postgres] [--n 1000000] [--repeat 20]
                                [--data-dir DIR] [--json-out FILE] [--quick]

It builds (or, with --data-dir, reuses) a county of N cases with their clocks and steps and
about 0.3 N ratings over three years and 40 departments (bench/supervision_data.py: bulk
inserts, not the actions: a load test), then times what the dashboard view
(workbench/supervision.py) calls, each over --repeat runs after one warm-up:

- `services.stats.department_figures` for the last full year, and `monthly_trend` for it;
- the red cards: every registered source's overdue list (first page and total), as
  `core.supervision.board` asks them;
- the yellow cards: every source's due-soon list (first page and total);
- `core.supervision.board` whole (both colours and the days late or left);

and beside each the same figures by plain SQL over the raw tables (written here; for the
board, the overdue plus the due-soon reference). It prints p50/p95 of both and the ratio of
the p95s, and checks that both give the same numbers. Targets (issue 22): p95 <= 100 ms each,
ratio <= 2. It only measures and prints: a timed assertion is not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.search import machine, percentile, postgres_cluster  # noqa: E402

MARKER = "bench-supervision.json"  # in the data directory: the county built there
ON = date(2026, 11, 30)  # the benchmark's today: the data's last day, the board's day
YEAR = ON.year - 1  # the last full year: the tables' period
TARGET_MS, TARGET_RATIO = 100.0, 2.0
PG_OPTIONS = "-c shared_buffers=1GB -c max_wal_size=4GB -c work_mem=16MB"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--n", type=int, default=1_000_000, help="cases (default 10^6)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per figure")
    parser.add_argument("--data-dir", type=Path, help="build there, or reuse what was built there")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--pg-options", default=PG_OPTIONS)
    parser.add_argument("--quick", action="store_true", help="20,000 cases, 5 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.repeat = min(args.n, 20_000), min(args.repeat, 5)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gongkai-bench-supervision-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    for name in ("GONGKAI_DATABASE_URL", "GONGKAI_REDIS_URL", "GONGKAI_DEMO"):
        os.environ.pop(name, None)
    try:
        if args.db == "postgres":
            with pg(args, data_dir) as (url, version):
                os.environ["GONGKAI_DATABASE_URL"] = url
                report = run(args, data_dir, version)
        else:
            report = run(args, data_dir, None)
    finally:
        if args.data_dir:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    print_report(report)
    if args.json_out:
        args.json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"JSON written to {args.json_out}")
    return 0


@contextlib.contextmanager
def pg(args, data_dir: Path):
    """The throwaway cluster of bench/search.py, kept in the data directory (for reuse)."""
    from tests.run import find_pg_bin

    base = data_dir / "pg"
    if not (base / "data").exists():
        pg_bin = find_pg_bin()
        if pg_bin is None:
            raise SystemExit("PostgreSQL (initdb, pg_ctl) not found: install postgresql")
        base.mkdir(parents=True, exist_ok=True)
        prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster is the postgres user's
            data_dir.chmod(0o755)
            shutil.chown(base, user="postgres")
            prefix = ["runuser", "-u", "postgres", "--"]
        initdb = [str(pg_bin / "initdb"), "-D", str(base / "data"), "-U", "postgres"]
        initdb += ["--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        subprocess.run([*prefix, *initdb], check=True, stdout=subprocess.DEVNULL)
    with postgres_cluster(args.pg_options, keep=True, existing=str(base)) as cluster:
        yield cluster


def run(args, data_dir: Path, pg_version: str | None) -> dict:
    import django

    from gongkai.core.keys import ensure_local_keys

    ensure_local_keys(data_dir)  # as `gongkai migrate` does: settings only read them
    django.setup()
    load_before = os.getloadavg()
    print(f"supervision benchmark: n={args.n:,} db={args.db} repeat={args.repeat}", flush=True)
    print(f"data dir {data_dir}; load average {load_before[0]:.2f}", flush=True)
    built = prepare(args, data_dir)
    from bench import supervision_queries as queries

    results = queries.measure(ON, YEAR, args.repeat)
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "code": git_describe(),
        "db": args.db,
        "postgres_server": pg_version,
        "machine": machine(),
        "built": built,
        "on": ON.isoformat(),
        "year": YEAR,
        "repeat": args.repeat,
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "figures": results,
    }


def prepare(args, data_dir: Path) -> dict:
    """Build the county (migrate, setup, bulk load) or find the one built in data_dir."""
    from bench import supervision_data as data
    from bench import supervision_rows as rows
    from django.core.management import call_command
    from django.db import connection, transaction

    marker = data_dir / MARKER
    if marker.exists():
        built = json.loads(marker.read_text())
        if (built["n"], built["db"]) != (args.n, args.db):
            sys.exit(f"{data_dir} holds n={built['n']:,} on {built['db']}: use those")
        print(f"reusing the county of {built['n']:,} cases built {built['started']}", flush=True)
        t0 = time.perf_counter()
        # Indexes added since the build; a summary added since is filled by migrate itself.
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - t0:.1f} s", flush=True)
        if "summary" not in built["seconds"]:
            built["seconds"]["summary"] = round(_summary(), 1)
            marker.write_text(json.dumps(built, indent=2) + "\n")
        analyse(connection)
        return built
    started = data.now_text()
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    from gongkai.services.models import Case

    if Case.objects.exists():
        sys.exit(f"{data_dir} holds an unfinished build of this benchmark: empty it first")
    migrate_s = time.perf_counter() - t0
    with transaction.atomic():
        county = data.setup_county(ON)
    print(f"migrated and set up in {time.perf_counter() - t0:.1f} s; loading ...", flush=True)
    t1 = time.perf_counter()
    with load_settings(connection), transaction.atomic():
        counts = rows.load(args.n, ON, county, connection)
    load_s = time.perf_counter() - t1
    data.reset_sequences(connection)
    summary_s = _summary()
    t2 = time.perf_counter()
    analyse(connection)
    analyse_s = time.perf_counter() - t2
    built = {
        "n": args.n,
        "db": args.db,
        "started": started,
        "counts": counts,
        "seconds": {
            "migrate": round(migrate_s, 1),
            "load": round(load_s, 1),
            "summary": round(summary_s, 1),
            "analyse": round(analyse_s, 1),
        },
        "rows_per_s": round(counts["rows"] / load_s),
        "size_mb": database_size_mb(connection, data_dir),
    }
    marker.write_text(json.dumps(built, indent=2) + "\n")
    print(
        f"loaded {counts['rows']:,} rows in {load_s:.1f} s ({built['rows_per_s']:,}/s), "
        f"statistics in {analyse_s:.1f} s",
        flush=True,
    )
    return built


def _summary() -> float:
    """The kept per-(department, day) figures counted whole (services.summary.rebuild: what a
    county loaded from elsewhere, or a database made before the summary, gets); seconds."""
    from gongkai.services import summary

    t0 = time.perf_counter()
    rows = summary.rebuild()
    seconds = time.perf_counter() - t0
    print(f"summary: {rows:,} rows of (department, day) counted in {seconds:.1f} s", flush=True)
    return seconds


@contextlib.contextmanager
def load_settings(connection):
    """For the load only: no per-row foreign-key checks (the generator writes parents first),
    and on SQLite no journal or fsync; the product's settings come back afterwards."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET synchronous_commit = off")
        else:
            for pragma in ("foreign_keys=OFF", "journal_mode=MEMORY", "synchronous=OFF"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.execute("PRAGMA cache_size=-524288")  # 512 MB
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
            else:
                for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
                    cursor.execute(f"PRAGMA {pragma}")


def analyse(connection) -> None:
    """The planner's statistics, as after any restore (PostgreSQL's autovacuum would gather
    them in time; a VACUUM also sets the visibility map its index-only scans need)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def database_size_mb(connection, data_dir: Path) -> float:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return round(cursor.fetchone()[0] / 2**20, 1)
    return round((data_dir / "gongkai.sqlite3").stat().st_size / 2**20, 1)


def git_describe() -> str:
    return subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


def print_report(report: dict) -> None:
    built = report["built"]
    counts = built["counts"]
    print()
    print(f"`{report['command']}`  ")
    print(
        f"{report['db']} ({report['postgres_server'] or 'SQLite'}), code {report['code']}; "
        f"{counts['cases']:,} cases, {counts['steps']:,} steps, {counts['clocks']:,} clocks, "
        f"{counts['ratings']:,} ratings ({counts['bad']:,} bad, {counts['excluded']} excluded), "
        f"{counts['rectifications']:,} rectifications; database {built['size_mb']:,} MB; "
        f"built in {built['seconds']['load']:,} s ({built['rows_per_s']:,} rows/s), its summary "
        f"in {built['seconds'].get('summary', '?')} s  "
    )
    m = report["machine"]
    load = report["load_average"]
    print(
        f"{m.get('cpu', '?')}, {m['nproc']} cores, {m.get('memory_gb', '?')} GB; load average "
        f"{load['before'][0]} before, {load['after'][0]} after; {report['repeat']} runs each, "
        f"year {report['year']}, board on {report['on']}"
    )
    print()
    print("| figure | page code p50 ms | p95 ms | raw SQL p50 ms | p95 ms | ratio (p95) | same |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, f in report["figures"].items():
        print(
            f"| {name} | {f['app']['p50']:.1f} | {f['app']['p95']:.1f} | {f['raw']['p50']:.1f} "
            f"| {f['raw']['p95']:.1f} | {f['ratio']:.2f} | {'yes' if f['same'] else 'NO'} |"
        )
    met = all(
        f["app"]["p95"] <= TARGET_MS and f["ratio"] <= TARGET_RATIO
        for f in report["figures"].values()
    )
    verdict = "met" if met else "MISSED"
    print(f"\ntargets (p95 <= {TARGET_MS:.0f} ms, ratio <= {TARGET_RATIO}): {verdict}")


def summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}


if __name__ == "__main__":
    sys.exit(main())
