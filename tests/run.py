"""The whole suite, as `make test` runs it: lint and layers, SQLite, PostgreSQL, browser.

PostgreSQL runs in a throwaway cluster made with the machine's initdb/pg_ctl on a private
socket (no TCP), removed afterwards. Where PostgreSQL or Chromium is missing this says so
loudly and skips that part; with CI=true a missing part is a failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
RESULTS = ROOT / "var" / "test-results"
# Settings only read keys (`gongkai migrate` makes them): a test run brings its own, for this
# run only, so a fresh clone needs no step before `make test`.
TEST_KEYS = {
    "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
    "GONGKAI_DATA_KEY": secrets.token_urlsafe(32),
}


def banner(text: str) -> None:
    print(f"\n{'=' * 78}\n== {text}\n{'=' * 78}", flush=True)


def loud(text: str) -> None:
    line = "!" * 78
    print(f"\n{line}\n!!! {text}\n{line}\n", flush=True)


def run(cmd: list[str], env: dict | None = None) -> int:
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.call(cmd, cwd=ROOT, env={**TEST_KEYS, **os.environ, **(env or {})})


def _pytest_command(name: str, args: list[str]) -> list[str]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    junit = RESULTS / f"{name}.xml"
    junit.unlink(missing_ok=True)
    return [str(BIN / "python"), "-m", "pytest", f"--junitxml={junit}", *args]


def pytest(name: str, args: list[str], env: dict | None = None) -> int:
    # pytest exits 5 when it collected nothing: for a part we meant to run, that is a failure.
    return run(_pytest_command(name, args), env)


def pytest_aside(name: str, args: list[str]) -> tuple[subprocess.Popen, Path]:
    """Start a part in the background, its output kept in a file: the SQLite part runs beside
    the PostgreSQL one (each mostly one core's work; the machines have two)."""
    command = _pytest_command(name, args)
    log = RESULTS / f"{name}.log"
    print("$ " + " ".join(command) + f"  (in the background; output in {log})", flush=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env={**TEST_KEYS, **os.environ}, stdout=out, stderr=subprocess.STDOUT
        )
    return process, log


def finish_aside(name: str, process: subprocess.Popen, log: Path) -> int:
    code = process.wait()
    banner(f"tests on {name} (ran beside PostgreSQL): its output")
    sys.stdout.write(log.read_text(errors="replace"))
    sys.stdout.flush()
    return code


def counts(name: str) -> tuple[int, int, int]:
    junit = RESULTS / f"{name}.xml"
    if not junit.exists():
        return 0, 0, 0
    suites = ET.parse(junit).getroot()
    suites = [suites] if suites.tag == "testsuite" else list(suites)
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def find_pg_bin() -> Path | None:
    explicit = os.environ.get("GONGKAI_PG_BIN")
    candidates = (
        [explicit] if explicit else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    )
    for candidate in candidates:
        if (
            candidate
            and (Path(candidate) / "initdb").exists()
            and (Path(candidate) / "pg_ctl").exists()
        ):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@contextlib.contextmanager
def postgres_cluster(pg_bin: Path):
    """A private cluster: data and socket in a temporary directory, started as `postgres` when root."""
    base = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
    data, sock = base / "data", base
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        shutil.chown(base, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = str(55000 + os.getpid() % 1000)
    log = base / "server.log"
    try:
        subprocess.run(
            [
                *prefix,
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = f"-k {sock} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            [
                *prefix,
                str(pg_bin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        yield f"postgresql://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            [*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    failures: list[str] = []
    parts: list[str] = []
    extra = sys.argv[1:]

    banner("lint (ruff)")
    lint_paths = [p for p in ("src", "tests", "bench") if (ROOT / p).exists()]
    if run([str(BIN / "ruff"), "check", *lint_paths]) != 0:
        failures.append("lint")
    if run([str(BIN / "ruff"), "format", "--check", *lint_paths]) != 0:
        failures.append("format")
    banner("layers (import-linter: core <- domains <- shells)")
    if run([str(BIN / "lint-imports")]) != 0:
        failures.append("layers")

    banner("tests on SQLite, beside the PostgreSQL ones")
    parts.append("sqlite")
    sqlite = pytest_aside("sqlite", ["-m", "not browser", *extra])

    banner("tests on PostgreSQL (throwaway cluster)")
    pg_bin = find_pg_bin()
    if pg_bin is None:
        loud(
            "PostgreSQL (initdb, pg_ctl) NOT FOUND: the PostgreSQL run is SKIPPED. "
            "Install postgresql (Debian) or set GONGKAI_PG_BIN."
        )
        if CI:
            failures.append("postgres-missing")
    else:
        try:
            with postgres_cluster(pg_bin) as url:
                parts.append("postgres")
                if (
                    pytest("postgres", ["-m", "not browser", *extra], {"GONGKAI_DATABASE_URL": url})
                    != 0
                ):
                    failures.append("postgres")
        except subprocess.CalledProcessError as exc:
            loud(f"could not start the throwaway PostgreSQL cluster: {exc}")
            failures.append("postgres-cluster")
    if finish_aside("sqlite", *sqlite) != 0:
        failures.append("sqlite")

    banner("browser tests (Playwright + Debian's Chromium)")
    if not Path(CHROMIUM).exists():
        loud(
            f"Chromium NOT FOUND at {CHROMIUM}: the browser tests are SKIPPED. "
            "Install it with: apt-get install chromium"
        )
        if CI:
            failures.append("chromium-missing")
    elif not (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists():
        loud("axe-core is missing (npm ci): the browser tests cannot check accessibility")
        failures.append("axe-core-missing")
    else:
        parts.append("browser")
        if pytest("browser", ["-m", "browser", *extra]) != 0:
            failures.append("browser")

    passed = failed = skipped = 0
    for part in parts:
        p, f, s = counts(part)
        print(f"  {part:<10} {p} passed, {f} failed, {s} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if failures:
        loud("FAILED: " + ", ".join(failures))
        failed = max(failed, 1)
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
