"""Query codes (查询码) and yearly serial numbers, the same for every module that gives an
applicant a number and a code to follow their file.

A query code is 16 characters of Crockford's base32 (80 bits), shown once and stored only as
a keyed hash; with attempts rate-limited, guessing one is out of reach.
"""

from __future__ import annotations

import secrets

from django.db.models import F

from gongkai.core.crypto import lookup_hash

QUERY_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
QUERY_CODE_LENGTH = 16


def new_query_code() -> str:
    """A fresh code, in groups of four for reading aloud: XXXX-XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, QUERY_CODE_LENGTH, 4))


def query_code_hash(code: str) -> str:
    """What is stored of a code: spaces, dashes and case do not matter when it is typed."""
    return lookup_hash("".join((code or "").split()).replace("-", "").upper())


def matches(stored_hash: str, code: str) -> bool:
    """Whether `code` is the code whose hash was stored (compared in constant time)."""
    if not code or not stored_hash:
        return False
    return secrets.compare_digest(stored_hash, query_code_hash(code))


def next_serial(counter_model, year: int) -> int:
    """The next serial of `year` from a counter model (`year` its key, `last` the serial
    last given); the row stays locked to the end of the caller's transaction, so two
    submissions never get the same serial and none is reused."""
    counter, _created = counter_model.objects.select_for_update().get_or_create(year=year)
    counter_model.objects.filter(pk=year).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last
