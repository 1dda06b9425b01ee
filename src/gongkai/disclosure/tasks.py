"""Periodic jobs of 依申请公开, run by `gongkai worker`."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# huey reads crontabs in UTC: 16:05 UTC is 00:05 in China, the first minutes of the new day.
@db_periodic_task(crontab(hour="16", minute="5"))
def close_uncorrected_requests() -> int:
    """Art. 30: applications whose correction deadline passed yesterday are closed (六.1)."""
    from gongkai.disclosure.actions import close_all_uncorrected

    return close_all_uncorrected()
