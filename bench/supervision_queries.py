"""The supervision benchmark's timings: each figure through the code the dashboard calls, and
the same figure by plain SQL over the raw tables, with a check that both say the same.

The reference SQL is written as one would by hand for these tables: one grouped query per
table, the working days from a table of day ordinals (bench_workday, written with the data from
the same calendar), and the cards from the running clocks' (state, due_date) index, the
intake and the promised clock each joined to its case.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from bench.supervision_data import WORKDAY_TABLE

GRADES = [5, 4, 3, 2, 1]
FIELDS = [
    "received",
    "completed",
    "accepted_completed",
    "on_time",
    "days_used",
    "days_promised",
    "one_visit",
    "bad",
    "rectified",
    "answered",
    "answered_on_time",
]


def measure(on: date, year: int, repeat: int) -> dict:
    from gongkai.core import supervision
    from gongkai.services import stats

    start, end = date(year, 1, 1), date(year, 12, 31)
    until = supervision.horizon(on)
    sources = supervision.sources()

    def overdue():
        return [s.overdue(on, None, supervision.CAP) for s in sources]

    def due_soon():
        return [s.due_soon(on, until, None, supervision.CAP) for s in sources]

    raw = Raw()
    cases = {
        "department_figures (a year)": (
            lambda: stats.department_figures(start, end),
            lambda: raw.figures(start, end, by_month=False),
            _same_figures,
        ),
        "monthly_trend (a year)": (
            lambda: stats.monthly_trend(start, end),
            lambda: raw.figures(start, end, by_month=True),
            _same_figures,
        ),
        "overdue (red cards: first page, total)": (
            overdue,
            lambda: raw.cards(on, None),
            _same_cards,
        ),
        "due soon (yellow cards: first page, total)": (
            due_soon,
            lambda: raw.cards(on, until),
            _same_cards,
        ),
        "board (both colours, days counted)": (
            lambda: supervision.board(None, on),
            lambda: (raw.cards(on, None), raw.cards(on, until)),
            _same_board,
        ),
    }
    results = {}
    for name, (app, reference, same) in cases.items():
        print(f"  timing {name} ...", flush=True)
        first_ms, app_value = _timed(app)
        raw_first_ms, raw_value = _timed(reference)
        app_ms, raw_ms = [], []
        for _ in range(repeat):  # interleaved: a slower moment of the machine hits both
            app_ms.append(_timed(app)[0])
            raw_ms.append(_timed(reference)[0])
        from bench.supervision import summary

        a, r = summary(app_ms), summary(raw_ms)
        results[name] = {
            "app": a,
            "raw": r,
            "ratio": a["p95"] / r["p95"] if r["p95"] else float("inf"),
            "first_ms": {"app": first_ms, "raw": raw_first_ms},
            "same": same(app_value, raw_value),
            "size": _size(raw_value),
        }
    return results


def _timed(function):
    t0 = time.perf_counter()
    value = function()
    return (time.perf_counter() - t0) * 1000, value


def _size(raw_value) -> dict:
    if isinstance(raw_value, dict) and "rows" in raw_value:
        return {"rows": len(raw_value["rows"])}
    if isinstance(raw_value, dict) and "total" in raw_value:
        return {"total": raw_value["total"]}
    return {"totals": [part["total"] for part in raw_value]}


def _app_rows(app_value) -> dict:
    rows, _total = app_value
    out = {}
    for row in rows:
        key = row.key.isoformat()[:7] if isinstance(row.key, date) else row.key
        values = {f: getattr(row, f) for f in FIELDS}
        values |= {f"g{g}": row.grades[g] for g in GRADES}
        if any(values.values()):
            out[key] = values
    return out


def _same_figures(app_value, raw_value) -> bool:
    mine = _app_rows(app_value)
    theirs = {k: v for k, v in raw_value["rows"].items() if any(v.values())}
    if mine != theirs:
        for key in sorted(set(mine) | set(theirs), key=str):
            if mine.get(key) != theirs.get(key):
                print(f"    differs at {key}: page {mine.get(key)} raw {theirs.get(key)}")
                break
        return False
    return True


def _app_cards(columns) -> tuple[list, int]:
    cards, total = [], 0
    for page, count in columns:
        cards += [(c.due_date, c.url) for c in page]
        total += count
    return sorted(cards), total


def _same_cards(app_value, raw_value) -> bool:
    cards, total = _app_cards(app_value)
    return cards == raw_value["cards"] and total == raw_value["total"]


def _same_board(app_value, raw_value) -> bool:
    red = [(column.cards, column.total) for column in app_value["red"]]
    yellow = [(column.cards, column.total) for column in app_value["yellow"]]
    return _same_cards(red, raw_value[0]) and _same_cards(yellow, raw_value[1])


class Raw:
    """The reference: plain SQL on the product's tables, in each database's dialect."""

    def __init__(self):
        from django.conf import settings
        from django.db import connection

        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        self.tz = settings.TIME_ZONE

    def month(self, column: str, stamp: bool) -> str:
        if self.pg:
            local = f"{column} AT TIME ZONE '{self.tz}'" if stamp else column
            return f"to_char({local}, 'YYYY-MM')"
        # SQLite stores UTC text; Asia/Shanghai has kept UTC+8 all year since 1991.
        return f"strftime('%%Y-%%m', {column}, '+8 hours')" if stamp else f"substr({column}, 1, 7)"

    def query(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def figures(self, start: date, end: date, *, by_month: bool) -> dict:
        from django.utils import timezone

        tz = timezone.get_current_timezone()
        begin = datetime.combine(start, datetime.min.time(), tzinfo=tz)
        stop = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        rows: dict = {}

        def row(key):
            return rows.setdefault(key, dict.fromkeys(FIELDS + [f"g{g}" for g in GRADES], 0))

        key = self.month("c.submitted_at", True) if by_month else "c.department_id"
        for k, n in self.query(
            f"SELECT {key}, COUNT(*) FROM services_case c"
            " WHERE c.submitted_at >= %s AND c.submitted_at < %s GROUP BY 1",
            [begin, stop],
        ):
            row(k)["received"] = n

        greatest = "GREATEST" if self.pg else "MAX"
        accepted = "c.promised_clock_id IS NOT NULL AND c.accepted_on IS NOT NULL"
        key = self.month("c.completed_on", False) if by_month else "c.department_id"
        for k, n, acc, on_time, one_visit, used, promised in self.query(
            f"SELECT {key}, COUNT(*),"
            f" SUM(CASE WHEN {accepted} THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {accepted} AND c.completed_on <= pc.due_date THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN v.visits <= 1 AND NOT EXISTS (SELECT 1 FROM"
            " services_onetimenotice n WHERE n.case_id = c.id) THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN {accepted} THEN {greatest}(w2.ordinal - w1.ordinal, 0) ELSE 0 END),"
            f" SUM(CASE WHEN {accepted} THEN v.promised_days ELSE 0 END)"
            " FROM services_case c"
            " JOIN services_serviceitemversion v ON v.id = c.version_id"
            " LEFT JOIN core_clock pc ON pc.id = c.promised_clock_id"
            f" LEFT JOIN {WORKDAY_TABLE} w1 ON w1.day = c.accepted_on"
            f" LEFT JOIN {WORKDAY_TABLE} w2 ON w2.day = c.completed_on"
            " WHERE c.completed_on >= %s AND c.completed_on <= %s GROUP BY 1",
            [start, end],
        ):
            r = row(k)
            r["completed"], r["accepted_completed"], r["on_time"] = n, acc, on_time
            r["one_visit"], r["days_used"], r["days_promised"] = one_visit, used, promised

        key = self.month("e.rated_at", True) if by_month else "e.department_id"
        grades = ", ".join(f"SUM(CASE WHEN e.grade = {g} THEN 1 ELSE 0 END)" for g in GRADES)
        for k, bad, rectified, *by_grade in self.query(
            f"SELECT {key}, SUM(CASE WHEN e.grade IN (1, 2) THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN e.grade IN (1, 2) AND r.answered_on IS NOT NULL THEN 1 ELSE 0 END),"
            f" {grades} FROM services_evaluation e"
            " LEFT JOIN services_rectification r ON r.evaluation_id = e.id"
            " WHERE e.rated_at >= %s AND e.rated_at < %s AND NOT e.excluded GROUP BY 1",
            [begin, stop],
        ):
            r = row(k)
            r["bad"], r["rectified"] = bad, rectified
            r |= {f"g{g}": count for g, count in zip(GRADES, by_grade, strict=True)}

        key = self.month("r.answered_on", False) if by_month else "e.department_id"
        for k, n, on_time in self.query(
            f"SELECT {key}, COUNT(*),"
            " SUM(CASE WHEN r.answered_on <= ac.due_date THEN 1 ELSE 0 END)"
            " FROM services_rectification r"
            " JOIN services_evaluation e ON e.id = r.evaluation_id"
            " LEFT JOIN core_clock ac ON ac.id = r.answer_clock_id"
            " WHERE r.answered_on >= %s AND r.answered_on <= %s AND NOT e.excluded GROUP BY 1",
            [start, end],
        ):
            r = row(k)
            r["answered"], r["answered_on_time"] = n, on_time
        return {"rows": rows}

    def cards(self, on: date, until: date | None) -> dict:
        """Cases and rectifications due before `on` (until None) or from `on` to `until`: the
        first page of each, earliest first, and how many in all."""
        from django.urls import reverse

        from gongkai.core.supervision import CAP

        window = "k.due_date < %s" if until is None else "k.due_date >= %s AND k.due_date <= %s"
        params = [on] if until is None else [on, until]
        running = "k.state = 'running'"
        cases = (
            f"SELECT c.id, c.number, k.due_date FROM core_clock k"
            f" JOIN services_case c ON c.intake_clock_id = k.id WHERE {running} AND {window}"
            " UNION ALL"
            " SELECT c.id, c.number, k.due_date FROM core_clock k"
            " JOIN services_case c ON c.promised_clock_id = k.id"
            " LEFT JOIN core_clock ic ON ic.id = c.intake_clock_id"
            f" WHERE {running} AND {window} AND (ic.id IS NULL OR ic.state <> 'running')"
        )
        rectifications = (
            "SELECT r.id, c.number, k.due_date FROM services_rectification r"
            " JOIN core_clock k ON k.id = r.contact_clock_id"
            " JOIN services_evaluation e ON e.id = r.evaluation_id"
            " JOIN services_case c ON c.id = e.case_id"
            f" WHERE r.state = 'open' AND NOT e.excluded AND {window}"
            " UNION ALL"
            " SELECT r.id, c.number, k.due_date FROM services_rectification r"
            " JOIN core_clock k ON k.id = r.answer_clock_id"
            " JOIN services_evaluation e ON e.id = r.evaluation_id"
            " JOIN services_case c ON c.id = e.case_id"
            f" WHERE r.state = 'contacted' AND NOT e.excluded AND {window}"
        )
        found, total = [], 0
        for sql in (cases, rectifications):
            page = self.query(f"SELECT * FROM ({sql}) t ORDER BY 3, 1 LIMIT {CAP}", params * 2)
            found += [
                (_date(due), reverse("services:staff:case", args=[number]))
                for _id, number, due in page
            ]
            total += self.query(f"SELECT COUNT(*) FROM ({sql}) t", params * 2)[0][0]
        return {"cards": sorted(found), "total": total}


def _date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
