"""Periodic jobs of the kernel, run by `gongkai worker`."""

from __future__ import annotations

from django.core.management import call_command
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def verify_audit_chain() -> bool:
    """Verify the audit chain and record the result in the chain itself."""
    from gongkai.core.actions import run_audit_verification

    return run_audit_verification().ok


# huey reads crontabs in UTC: 18:30 UTC is 02:30 in China, when offices are closed.
@db_periodic_task(crontab(hour="18", minute="30"))
def nightly_audit_verification() -> bool:
    return verify_audit_chain.call_local()


@db_periodic_task(crontab(hour="19", minute="0"))
def clear_expired_sessions() -> None:
    call_command("clearsessions")
