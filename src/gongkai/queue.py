"""Which task queue the worker uses: SQLite beside the database by default, Redis at scale."""

from __future__ import annotations

from pathlib import Path


def huey_settings(*, redis_url: str, data_dir: Path, immediate: bool) -> dict:
    """Return Django's HUEY setting for huey.contrib.djhuey."""
    common = {
        "name": "gongkai",
        "immediate": immediate,
        "utc": True,
        "consumer": {
            "workers": 2,
            "worker_type": "thread",
            "periodic": True,
            "check_worker_health": True,
        },
    }
    if redis_url:
        return {**common, "huey_class": "huey.RedisHuey", "url": redis_url}
    return {**common, "huey_class": "huey.SqliteHuey", "filename": str(data_dir / "tasks.sqlite3")}
