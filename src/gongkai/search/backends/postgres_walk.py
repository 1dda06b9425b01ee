"""PostgreSQL: the floor's walk back from the newest month, and the month tokens it reads.

Every document's `tsv` holds its month as a token without position (`_m202405`,
`month_token`). To find the window of the newest candidates (`floor`), the engine reads the
sort keys of the matches through the GIN index one month, then a few months, at a time,
newest first, instead of every match of a common word: heap rows are read only for the
months walked. The walk itself is here, free of SQL; the engine (backends.postgres) gives it
the query that reads a chunk of months.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from gongkai.search.backends.base import Plan

EPOCH = date(1970, 1, 1)
SORT_KEY_SHIFT = 32  # sort_key = (day << 32) + id (indexer)
MAX_WINDOW_MONTHS = 36  # a wider window of newest candidates is given by sort_key alone
STEADY_MATCHES = 100  # found in the months walked: their density says how far to go

# (key, score) of the newest matches in some months ([]: all months), newest first, at most n.
Newest = Callable[[list[str], int], list[tuple]]


@lru_cache(maxsize=100_000)  # on every document of a bulk load; days of 270 years
def month_token(day: int) -> str:
    """The month of a day number (days since 1970-01-01) as a token: _m202405."""
    when = EPOCH + timedelta(days=day)
    return f"_m{when.year}{when.month:02d}"


def month_range(first_day: int, last_day: int) -> list[str]:
    """Month tokens from the month of `first_day` to that of `last_day`, oldest first."""
    first, last = EPOCH + timedelta(days=first_day), EPOCH + timedelta(days=last_day)
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"_m{year}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def months_since(floor: int, newest_day: int) -> list[str] | None:
    """The month tokens from the floor's month to the newest document's, when few enough
    to help the GIN index (else None: the sort_key range alone)."""
    months = month_range(floor >> SORT_KEY_SHIFT, newest_day)
    return months if len(months) <= MAX_WINDOW_MONTHS else None


def next_step(step: int, found: int, walked: float, candidates: int) -> int:
    """How many months the floor's walk takes next, having found `found` of `candidates` in
    the `walked` newest (the newest month counted as the share of it that has passed): as
    many as the matches so far say are needed (a quarter more), and at least as many as last
    time. Until STEADY_MATCHES are found, at most twice as many: a few matches say little of
    how dense the rest is. Not simply twice as many each time: a bitmap scan visits every
    candidate of the months it reads before sorting them, so reading further than needed
    costs, and so does each statement (the index's posting lists are entered again)."""
    if found == 0:
        return step * 2
    wanted = math.ceil((candidates - found) * walked / found * 1.25)
    if found < STEADY_MATCHES:
        wanted = min(step * 2, wanted)
    return max(step, wanted)


def passed_share(month: str, newest_day: int) -> float:
    """The share of `month` (a month token) that has passed by the newest document's day:
    1.0 for any month before that day's."""
    newest = EPOCH + timedelta(days=newest_day)
    if month != f"_m{newest.year}{newest.month:02d}":
        return 1.0
    return newest.day / calendar.monthrange(newest.year, newest.month)[1]


def out_of_reach(found: int, walked: float, candidates: int) -> bool:
    """Whether the walk should stop and read the newest `candidates` matches at once: after
    three months at least (the newest one may have begun yesterday), when the density found
    says the rest needs more than twice the months the walk may take. Matches spread that
    thin (a rare word in one department, over years) are found faster by one statement than
    by walking on."""
    if walked < 3 or not found:
        return False
    return walked + math.ceil((candidates - found) * walked / found) > 2 * MAX_WINDOW_MONTHS


def floor(plan: Plan, candidates: int, days: tuple[int, int] | None, newest: Newest) -> int | None:
    """Walk back month by month (one month, then as many as `next_step` says; within the
    year asked for, if any; not on when `out_of_reach`), reading through `newest` the sort
    keys of the matches, newest first, until `candidates` are found; the floor is the
    `candidates`-th newest match's key, as on SQLite. `days`: the newest and the oldest
    document's day, None for an empty index. The keys found are kept as the plan's window,
    with their scores: only the `candidates` newest are scored, and the page reads again
    only the rows it shows."""
    plan.window = plan.scores = None
    if days is None:
        return None
    months = month_range(days[1], days[0])[::-1]  # newest first
    years = {f[2:] for f in plan.facets if f.startswith("_y")}
    if years:  # a year asked for: its months only (not years of newer months first)
        months = [m for m in months if m[2:6] in years]
    found, start, step, window = 0, 0, 1, []
    # The newest month counts as the share of it that has passed: on the second of the
    # month, two days' matches say how dense a whole month is.
    young = 1.0 - passed_share(months[0], days[0]) if months else 0.0
    while start < len(months) and start + step <= MAX_WINDOW_MONTHS:
        chunk = months[start : start + step]
        newest_found = newest(chunk, candidates - found)
        window += newest_found
        found += len(newest_found)
        start += step
        if found >= candidates:
            plan.window, plan.scores = _keys_and_scores(window)
            return plan.window[-1]
        if out_of_reach(found, start - young, candidates):
            break
        step = next_step(step, found, start - young, candidates)
    if start >= len(months):
        return None  # fewer matches than candidates: rank them all
    window = newest([], candidates)  # matches spread thin over many years
    if len(window) < candidates:
        return None
    plan.window, plan.scores = _keys_and_scores(window)
    return plan.window[-1]


def _keys_and_scores(window: list[tuple]) -> tuple[list[int], list]:
    return [key for key, _score in window], [score for _key, score in window]
