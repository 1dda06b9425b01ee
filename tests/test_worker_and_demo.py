"""The real worker process and the real demo server, as `make demo` runs them."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from gongkai.demo import county
from gongkai.queue import huey_settings
from tests.cli import GONGKAI, clean_env, gongkai

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("GONGKAI_DATABASE_URL")),
    reason="runs its own processes on an SQLite data directory; done once, in the SQLite run",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=60.0, every=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


def audit_actions(data_dir):
    with sqlite3.connect(data_dir / "gongkai.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT action FROM core_auditevent ORDER BY seq")]


def run_worker_round_trip(data_dir, **env):
    assert gongkai(data_dir, "migrate", **env).returncode == 0
    worker = subprocess.Popen(
        [*GONGKAI, "worker"],
        env=clean_env(data_dir, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        queued = gongkai(data_dir, "audit", "queue", **env)
        assert queued.returncode == 0, queued.stderr
        done = wait_for(lambda: "audit.verify" in audit_actions(data_dir))
        assert done, "the worker did not run the queued job within 60 s"
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def test_the_worker_runs_a_queued_job_from_the_sqlite_queue(tmp_path):
    run_worker_round_trip(tmp_path)
    assert (tmp_path / "tasks.sqlite3").exists()


def test_the_worker_uses_redis_when_configured(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI", "").lower() in {"1", "true"}:
            pytest.fail("redis-server is missing in CI (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    redis = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    try:
        assert wait_for(lambda: _can_connect(port), timeout=10)
        run_worker_round_trip(tmp_path, GONGKAI_REDIS_URL=f"redis://127.0.0.1:{port}/0")
        assert not (tmp_path / "tasks.sqlite3").exists()
    finally:
        redis.terminate()
        redis.wait(timeout=10)


def _can_connect(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_the_queue_is_sqlite_by_default_and_redis_when_a_url_is_set(tmp_path):
    assert (
        huey_settings(redis_url="", data_dir=tmp_path, immediate=False)["huey_class"]
        == "huey.SqliteHuey"
    )
    redis = huey_settings(redis_url="redis://h:6379/1", data_dir=tmp_path, immediate=False)
    assert (redis["huey_class"], redis["url"]) == ("huey.RedisHuey", "redis://h:6379/1")


def test_the_periodic_jobs_are_registered():
    from huey.contrib.djhuey import HUEY

    names = {
        task.name for task in HUEY.read_periodic(HUEY._get_timestamp().replace(hour=18, minute=30))
    }
    assert "nightly_audit_verification" in {n.rsplit(".", 1)[-1] for n in names}


def fetch(url):
    # gunicorn listens before its workers have imported the project: on a busy machine the
    # first request waits for them longer than a page takes.
    with urllib.request.urlopen(url, timeout=30) as response:  # loopback only
        return response.status, response.read().decode(), dict(response.headers)


def test_demo_serves_the_portal_and_workbench_with_gunicorn_and_a_second_run_reuses_the_data(
    tmp_path,
):
    port = free_port()
    demo = subprocess.Popen(
        [*GONGKAI, "demo", "--port", str(port)],
        env=clean_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        up = wait_for(lambda: _can_connect(port), timeout=300)  # it loads the demo county first
        assert up, "the demo server did not start"
        status, body, headers = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200 and "示范县人民政府" in body
        assert headers["Server"].startswith("gunicorn")
        status, body, _ = fetch(f"http://127.0.0.1:{port}/workbench/login/")
        assert status == 200 and "演示模式" in body
        css = body.split('rel="stylesheet" href="')[1].split('"')[0]
        status, _css, css_headers = fetch(f"http://127.0.0.1:{port}{css}")
        assert status == 200 and "max-age" in css_headers.get("Cache-Control", "")
    finally:
        demo.send_signal(signal.SIGINT)
        output, _ = demo.communicate(timeout=30)
    assert "http://127.0.0.1:" in output and "editor" in output and "Gongkai-Demo-2026" in output
    actions = audit_actions(tmp_path)
    assert actions[0] == "department.create"
    assert actions.count("user.create") == len(county.USERS)
    again = gongkai(tmp_path, "demo", "--no-serve")
    assert again.returncode == 0
    assert "载入示范县" not in again.stdout
    assert audit_actions(tmp_path).count("user.create") == len(county.USERS)
