"""bench/portal.py's load generators: wrk where installed, else a Python one (slower).

Both keep `connections` HTTP/1.1 keep-alive connections busy for `duration` seconds against
one address and report requests/s, p50/p99 latency and the answers that were not 2xx/3xx.
The Python one is a thread per connection under one GIL: on two cores it saturates long
before gunicorn or nginx do, so its rates are a floor and its ratios flatter the slower side.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import ssl
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

WRK = shutil.which("wrk")
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx answers and socket errors

    def as_dict(self) -> dict:
        return asdict(self)


def generator_name() -> str:
    if WRK:
        done = subprocess.run([WRK, "-v"], capture_output=True, text=True)
        banner = done.stdout or done.stderr
        return banner.splitlines()[0].split(" Copyright")[0].strip() if banner else "wrk"
    return "python (wrk not installed: rates are a floor)"


def run(url: str, *, duration: float, connections: int, headers: dict[str, str]) -> Result:
    if WRK:
        return run_wrk(url, duration=duration, connections=connections, headers=headers)
    return run_python(url, duration=duration, connections=connections, headers=headers)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * UNITS[unit]


def run_wrk(url: str, *, duration: float, connections: int, headers: dict[str, str]) -> Result:
    threads = min(os.cpu_count() or 1, connections)
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> Result:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors:
        bad += sum(int(n) for n in errors.groups())
    return Result(rate, p50, p99, total, bad)


def _connect(parts):
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the benchmark's own self-signed certificate
        return http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=30)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def run_python(url: str, *, duration: float, connections: int, headers: dict[str, str]) -> Result:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    bad = [0] * connections
    deadline = time.monotonic() + duration

    def worker(slot: int) -> None:
        conn = _connect(parts)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                bad[slot] += 1
                conn.close()
                conn = _connect(parts)
                continue
            latencies[slot].append((time.perf_counter() - began) * 1000)
            if response.status >= 400:
                bad[slot] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    everything = sorted(v for slot in latencies for v in slot)
    if not everything:
        return Result(0.0, 0.0, 0.0, 0, sum(bad))

    def pct(p: float) -> float:
        return everything[min(len(everything) - 1, int(p / 100 * len(everything)))]

    return Result(len(everything) / elapsed, pct(50), pct(99), len(everything), sum(bad))


def probe(url: str, headers: dict[str, str]) -> dict[str, str]:
    """One request: its status and what the caches said (X-Cache from the application's page
    cache, X-Proxy-Cache from nginx's micro-cache), and the body's size."""
    parts = urlsplit(url)
    conn = _connect(parts)
    try:
        conn.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers
        )
        response = conn.getresponse()
        body = response.read()
        return {
            "status": str(response.status),
            "x_cache": response.getheader("X-Cache") or "-",
            "x_proxy_cache": response.getheader("X-Proxy-Cache") or "-",
            "bytes": str(len(body)),
        }
    finally:
        conn.close()
