"""Periodic jobs of 政务公开, run by `gongkai worker`."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_items() -> int:
    """Every minute: make approved items live when their time has come (each exactly once)."""
    from gongkai.publishing.actions import publish_due_items

    return publish_due_items()
