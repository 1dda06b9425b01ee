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


# 00:10 in China, after the day's closing above.
@db_periodic_task(crontab(hour="16", minute="10"))
def record_silent_agencies_consent() -> int:
    """Art. 34: another agency silent for 15 working days after receiving the letter has
    consented; the consultation ends on the period's last day and the reply clock counts again."""
    from gongkai.disclosure.actions import deem_silent_agencies_consenting

    return deem_silent_agencies_consenting()


# 00:15 in China: a payment period that ended yesterday closes its request.
@db_periodic_task(crontab(hour="16", minute="15"))
def close_unpaid_requests() -> int:
    """国办函〔2020〕109号 Art. 6: a fee unpaid 20 working days after the applicant received the
    notice: the application is treated as withdrawn and closed (六.2) with its notice."""
    from gongkai.disclosure.actions import close_all_unpaid

    return close_all_unpaid()
