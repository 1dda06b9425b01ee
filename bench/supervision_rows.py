"""The supervision benchmark's rows: every table's, generated a chunk of cases at a time and
written in bulk (bench/supervision_data.py describes the county's shape).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from bench.supervision_data import (
    BATCH,
    DEPARTMENTS,
    GRADES,
    RATING_SHARE,
    SEED,
    YEARS,
    Calendar,
    Writer,
    write_workdays,
)

CLOCK = [
    "id",
    "purpose",
    "content_type",
    "object_id",
    "state",
    "started_on",
    "limit_days",
    "extended_days",
    "counting_from",
    "counting_days",
    "paused_on",
    "remaining_at_pause",
    "stopped_on",
    "due_date",
    "provisional",
]
CASE = [
    "id",
    "number",
    "query_code_hash",
    "item",
    "version",
    "department",
    "channel",
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "id_number_index",
    "legal_representative",
    "phone",
    "address",
    "email",
    "delivery",
    "status",
    "handler",
    "submitted_at",
    "intake_clock",
    "accepted_on",
    "legal_clock",
    "promised_clock",
    "extended",
    "result",
    "result_reason",
    "certificate_number",
    "completed_on",
    "delivered_on",
    "delivery_note",
]
STEP = ["id", "case", "action", "on", "at", "actor", "opinion", "public"]
NOTICE = ["id", "case", "issued_on", "issued_by", "content", "answered_on"]
EVALUATION = [
    "id",
    "case",
    "department",
    "handler",
    "channel",
    "grade",
    "reasons",
    "comment",
    "comment_public",
    "rated_at",
    "excluded",
]
RECTIFICATION = [
    "id",
    "evaluation",
    "owner",
    "state",
    "contact_clock",
    "answer_clock",
    "verification",
    "contacted_on",
    "contact_method",
    "contact_note",
    "outcome",
    "answer",
    "answer_public",
    "answered_on",
    "applicant_satisfied",
]
APPEAL = [
    "id",
    "evaluation",
    "ground",
    "statement",
    "raised_by",
    "raised_at",
    "decided_by",
    "decided_at",
    "upheld",
    "decision",
]
TABLES = ["clocks", "cases", "steps", "notices", "evaluations", "rectifications", "appeals"]


class Generator:
    """The rows of every table, a chunk of cases at a time (fixed seed: the same county on
    every run). Ids are given here, counting from 1 in a fresh database."""

    def __init__(self, cal: Calendar, county: dict, first: int, on: int):
        from gongkai.core.crypto import encrypt

        self.rng = random.Random(SEED)
        self.cal, self.county, self.on = cal, county, on
        self.span = [d for d in range(first, on + 1) if cal.working[d]]
        self.weights = [1 / (k + 1) ** 0.8 for k in range(DEPARTMENTS)]
        self.ids = dict.fromkeys(["clock", "step", "notice", "evaluation", "rect", "appeal"], 0)
        self.serials: dict[str, int] = {}
        self.secret = encrypt("520000199001011234"), encrypt("13800000000")
        self.counts = dict.fromkeys(["ratings", "bad", "excluded"], 0)

    def next_id(self, name: str) -> int:
        self.ids[name] += 1
        return self.ids[name]

    def stamp(self, day: int, last_minute: int = 570) -> str:
        """A local time on `day`, 08:30 onwards, as the UTC text both databases store (Django's
        connections run in UTC; 08:00 in Asia/Shanghai is 00:00 UTC)."""
        minute = self.rng.randrange(30, last_minute)
        return f"{self.cal.iso[day]} {minute // 60:02d}:{minute % 60:02d}:00"

    def chunk(self, first_id: int, size: int) -> dict[str, list[tuple]]:
        self.rows = {table: [] for table in TABLES}
        departments = self.rng.choices(range(DEPARTMENTS), self.weights, k=size)
        days = sorted(self.rng.choices(self.span, k=size))
        for j in range(size):
            self.case(first_id + j, departments[j], days[j])
        return self.rows

    def clock(self, subject, purpose, start, limit, state, due, stopped=None, paused=None):
        cal, clock_id = self.cal, self.next_id("clock")
        iso = None if stopped is None else cal.iso[stopped]
        pause = (None, None) if paused is None else (cal.iso[paused], limit // 2)
        self.rows["clocks"].append(
            (clock_id, purpose, subject[0], str(subject[1]), state, cal.iso[start], limit, 0)
            + (cal.iso[start], limit, *pause, iso, cal.iso[due], 0)
        )
        return clock_id

    def step(self, case_id: int, action: str, day: int, actor) -> None:
        self.rows["steps"].append(
            (self.next_id("step"), case_id, action, self.cal.iso[day], self.stamp(day))
            + (actor, "", 1)
        )

    def case(self, case_id: int, d: int, day: int) -> None:
        rng, cal, on = self.rng, self.cal, self.on
        item_id, version_id, promised, legal, visits = rng.choice(self.county["items"][d])
        handler = rng.choice(self.county["users"][d])
        year = cal.iso[day][:4]
        self.serials[year] = serial = self.serials.get(year, 0) + 1
        channel = rng.choices(["online", "window", "phone", "mail"], [45, 50, 3, 2])[0]
        subject = (self.county["case_type"], case_id)
        self.step(case_id, "submit" if channel == "online" else "register", day, None)
        intake_due = cal.add(day, 5)
        fate, stuck = rng.random(), rng.random() < 0.0005  # stuck: never finished
        status, result, accepted, completed, delivered = "submitted", "", None, None, None
        legal_clock = promised_clock = None
        if fate < 0.03:  # refused at intake
            decided = cal.add(day, rng.randrange(1, 4))
            if decided <= on and not stuck:
                intake = self.clock(subject, "受理审查期限", day, 5, "stopped", intake_due, decided)
                status, result, completed = "completed", "refused", decided
                self.step(case_id, "refuse", decided, handler)
            else:
                intake = self.clock(subject, "受理审查期限", day, 5, "running", intake_due)
        else:
            ready, intake = day, None
            if fate < 0.11:  # a one-time notice first; the time with the applicant uncounted
                issued = cal.add(day, rng.randrange(1, 4))
                answered = issued + rng.randrange(1, 15)
                if issued <= on:
                    waiting = answered > on
                    self.rows["notices"].append(
                        (self.next_id("notice"), case_id, cal.iso[issued], handler, "（略）")
                        + (None if waiting else cal.iso[answered],)
                    )
                    self.step(case_id, "one_time_notice", issued, handler)
                    if waiting:
                        status = "awaiting"
                        intake = self.clock(
                            subject, "受理审查期限", day, 5, "paused", intake_due, paused=issued
                        )
                    else:
                        self.step(case_id, "supplied", answered, None)
                        ready = answered
            if intake is None:
                accept = ready + rng.randrange(0, 3)
                if not cal.working[accept]:
                    accept = cal.add(accept, 1)
                if accept > on:
                    due = intake_due if ready == day else cal.add(ready, 5)
                    intake = self.clock(subject, "受理审查期限", day, 5, "running", due)
                else:
                    intake = self.clock(
                        subject, "受理审查期限", day, 5, "stopped", intake_due, accept
                    )
                    accepted = accept
                    self.step(case_id, "accept", accept, handler)
                    late = rng.random() < 0.07
                    used = (
                        promised + rng.randrange(1, 11)
                        if late
                        else max(1, round(promised * rng.uniform(0.2, 1.0)))
                    )
                    finish = cal.add(accept, used)
                    pdue, ldue = cal.add(accept, promised), cal.add(accept, legal)
                    end, state = (None, "running") if finish > on or stuck else (finish, "stopped")
                    legal_clock = self.clock(
                        subject, "法定办结时限", accept, legal, state, ldue, end
                    )
                    promised_clock = self.clock(
                        subject, "承诺办结时限", accept, promised, state, pdue, end
                    )
                    if end is None:
                        status = rng.choice(["review", "decision"])
                    else:
                        r = rng.random()
                        result = "granted" if r < 0.96 else "denied" if r < 0.99 else "withdrawn"
                        status, completed = "completed", finish
                        self.step(case_id, "review", finish, handler)
                        self.step(case_id, "decide", finish, handler)
        if completed is not None and completed + 3 <= on and result != "withdrawn":
            delivered = completed + rng.randrange(0, 4)
            status = "delivered"
            self.step(case_id, "deliver", delivered, handler)
        department = self.county["departments"][d]
        id_number, phone = self.secret
        self.rows["cases"].append(
            (case_id, f"ZW{year}{serial:06d}", "0" * 64, item_id, version_id, department)
            + (channel, "person", "张三", "resident_id", id_number, "0" * 64, "", phone, "", "")
            + ("in_person", status, handler, self.stamp(day), intake)
            + (None if accepted is None else cal.iso[accepted], legal_clock, promised_clock, 0)
            + (result, "", f"ZS{year}{serial:06d}" if result == "granted" else "")
            + (None if completed is None else cal.iso[completed],)
            + (None if delivered is None else cal.iso[delivered], "")
        )
        if completed is not None and rng.random() < RATING_SHARE:
            rated = completed + rng.randrange(0, 3)
            if rated <= on:
                self.rating(case_id, department, handler, channel, rated)

    def rating(self, case_id, department, handler, channel, rated: int) -> None:
        rng = self.rng
        grade = rng.choices([g for g, _w in GRADES], [w for _g, w in GRADES])[0]
        evaluation = self.next_id("evaluation")
        bad = grade <= 2
        excluded = bad and rng.random() < 0.03
        comment = "窗口人员态度不好，多次往返。" if bad else ""
        self.rows["evaluations"].append(
            (evaluation, case_id, department, handler)
            + ("online" if channel == "online" else "window", grade)
            + ("efficiency,attitude" if bad else "overall", comment, comment)
            + (self.stamp(rated, 720), int(excluded))
        )
        self.counts["ratings"] += 1
        if bad:
            self.counts["bad"] += 1
            self.counts["excluded"] += excluded
            self.rectification(evaluation, handler, rated, excluded)

    def rectification(self, evaluation: int, handler, rated: int, excluded: bool) -> None:
        rng, cal, on = self.rng, self.cal, self.on
        rect = self.next_id("rect")
        subject = (self.county["rectification_type"], rect)
        contacted = cal.add(rated, 1 if rng.random() < 0.9 else 3)
        answered = cal.add(rated, rng.randrange(2, 6) if rng.random() < 0.9 else 8)
        if answered <= on:
            state = "closed" if excluded or rng.random() < 0.8 else "answered"
            contact, answer = ("stopped", contacted), ("stopped", answered)
            rest = ("核实属实。", cal.iso[contacted], "电话", "已致歉。", "rectified", "已整改。")
            rest += ("已整改。", cal.iso[answered], True if state == "closed" else None)
        elif contacted <= on:
            state, contact, answer = "contacted", ("stopped", contacted), ("running", None)
            rest = ("核实属实。", cal.iso[contacted], "电话", "已致歉。", "", "", "", None, None)
        else:
            state, contact, answer = "open", ("running", None), ("running", None)
            rest = ("", None, "", "", "", "", "", None, None)
        contact_clock = self.clock(
            subject, "差评联系期限", rated, 1, contact[0], cal.add(rated, 1), contact[1]
        )
        answer_clock = self.clock(
            subject, "差评整改答复期限", rated, 5, answer[0], cal.add(rated, 5), answer[1]
        )
        self.rows["rectifications"].append(
            (rect, evaluation, handler, state, contact_clock, answer_clock, *rest)
        )
        if excluded or rng.random() < 0.05:
            self.rows["appeals"].append(
                (self.next_id("appeal"), evaluation, "malicious", "申请人所述与事实不符。")
                + (handler, self.stamp(rated, 600), handler, self.stamp(min(rated + 5, on)))
                + (bool(excluded), "申诉成立。" if excluded else "申诉不成立。")
            )


def load(n: int, on: date, county: dict, connection) -> dict:
    """Write n cases ending on `on` (the benchmark's today) and their ratings; returns counts."""
    from gongkai.core.models import Clock
    from gongkai.services.models import (
        Appeal,
        Case,
        CaseStep,
        Evaluation,
        OneTimeNotice,
        Rectification,
    )

    first = (date(on.year - YEARS, on.month, 1) + timedelta(days=31)).replace(day=1)
    cal = Calendar(date(first.year - 1, 1, 1), date(on.year + 1, 12, 31))
    generator = Generator(cal, county, cal.index(first), cal.index(on))
    writer = Writer(connection)
    tables = {
        "clocks": (Clock, CLOCK),
        "cases": (Case, CASE),
        "steps": (CaseStep, STEP),
        "notices": (OneTimeNotice, NOTICE),
        "evaluations": (Evaluation, EVALUATION),
        "rectifications": (Rectification, RECTIFICATION),
        "appeals": (Appeal, APPEAL),
    }
    counts = dict.fromkeys(TABLES, 0)
    started = time.perf_counter()
    for chunk in range(0, n, BATCH):
        size = min(BATCH, n - chunk)
        rows = generator.chunk(chunk + 1, size)
        for table in TABLES:  # parents first
            writer.write(*tables[table], rows[table])
            counts[table] += len(rows[table])
        done = chunk + size
        if done % (BATCH * 10) == 0 or done == n:
            elapsed = time.perf_counter() - started
            print(f"  {done:,}/{n:,} cases in {elapsed:,.1f} s ({writer.rows:,} rows)", flush=True)
    write_workdays(cal, connection)
    return counts | generator.counts | {"rows": writer.rows, "first_day": first.isoformat()}
