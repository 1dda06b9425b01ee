"""The demo county's 好差评: its applicants' ratings of the cases the demo made, and the
rectification of every bad one, each made through the services actions at its moment.

Most finished cases are rated, nearly all 满意 or 非常满意; a few cases waiting on a one-time
notice are rated meanwhile (the service is rated, not the outcome). Results collected in person
are rated on the window's pad (一次一评), the rest online from the progress page (一事一评).
One department is clearly worse: 县自然资源局 (WORSE), whose slow 不动产登记 and planning cases
draw far more 差评, the more so when late, and whose staff contact and answer late more often.

Every bad rating's rectification runs its course in working days from the rating, so the
recent ones are still open. A few bad ratings are planned back from today (ANCHORS) so that
whatever day the demo is built its rectification list has one of each state: open and overdue,
contacted, answered and waiting for the applicant, closed satisfied and closed not satisfied,
and the supervisor has decided two appeals, one upheld as malicious and one rejected.

This reads the cases already made (so it scales with however many there are) and draws from a
generator seeded with the day: the same day builds the same ratings.
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core.calendar import WorkingCalendar
from gongkai.core.clock import today
from gongkai.core.models import User
from gongkai.demo.service_data import ratings as words
from gongkai.demo.services import moment, wall_clock
from gongkai.services.actions import rectifications as actions
from gongkai.services.actions.ratings import RATEABLE, rate_case
from gongkai.services.models import Appeal, Case, Evaluation, Rectification
from gongkai.services.models.ratings import BAD_GRADES, Grade
from gongkai.services.rules import Delivery, RatingReason, Result

SEED = 22
WORSE = "ZRJ"  # 县自然资源局
RATED = 0.8  # of finished cases, the share their applicants rate
PAD = 0.75  # of results collected in person, the share rated on the window's pad
WAITING_RATED = 0.3  # of cases waiting on a one-time notice, the share rated meanwhile
SUPERVISOR = "supervisor"
DEFAULT_CLERK = "clerk"
GRADES = [Grade.VERY_SATISFIED, Grade.SATISFIED, Grade.BASIC, Grade.DISSATISFIED,
          Grade.VERY_DISSATISFIED]  # fmt: skip
# Weights of GRADES by (the worse department, the case finished after its promised date).
WEIGHTS = {
    (False, False): (64, 27, 6, 2, 1),
    (False, True): (30, 34, 20, 10, 6),
    (True, False): (30, 27, 19, 14, 10),
    (True, True): (8, 14, 20, 32, 26),
}
# What a bad rating is about, by channel: (kind of complaint, indicator).
COMPLAINTS = {
    Evaluation.Channel.WINDOW: [
        ("slow", RatingReason.SERVICE_EFFICIENCY), ("manner", RatingReason.ATTITUDE),
        ("manner", RatingReason.SERVICE_LEVEL), ("materials", RatingReason.ONE_TIME_NOTICE),
        ("materials", RatingReason.MATERIALS),
    ],
    Evaluation.Channel.ONLINE: [
        ("slow", RatingReason.EFFICIENCY), ("materials", RatingReason.GUIDE_ACCURACY),
        ("manner", RatingReason.PLATFORM), ("materials", RatingReason.ONE_TIME_NOTICE),
        ("materials", RatingReason.MATERIALS),
    ],
}  # fmt: skip
PRAISE = {
    Evaluation.Channel.WINDOW: [RatingReason.OVERALL, RatingReason.SERVICE_EFFICIENCY,
                                RatingReason.ATTITUDE, RatingReason.SERVICE_LEVEL],
    Evaluation.Channel.ONLINE: [RatingReason.OVERALL, RatingReason.EFFICIENCY,
                                RatingReason.CONVENIENCE, RatingReason.PLATFORM],
}  # fmt: skip
# The states every demo shows, planned back from today, most recent first.
ANCHORS = ["open", "contacted", "answered", "unsatisfied", "satisfied", "rejected", "upheld"]


@dataclass
class Rating:
    """One rating to be, and the steps of its rectification as (moment, action, arguments)."""

    case: Case
    at: datetime
    channel: str
    actor: User | None
    worse: bool
    late: bool
    grade: int = Grade.SATISFIED
    reasons: list[str] = field(default_factory=list)
    comment: str = ""
    complaint: str = ""
    steps: list[tuple[datetime, str, dict]] = field(default_factory=list)
    evaluation: Evaluation | None = None
    appeal: Appeal | None = None

    @property
    def bad(self) -> bool:
        return self.grade in BAD_GRADES


class Planner:
    """Plans the ratings of the cases present, then runs them in the order of time."""

    def __init__(self, now: datetime):
        self.now = now
        on = timezone.localdate(now)
        # Made-up data, not secrets: a seeded generator makes the same day's build again.
        self.rng = random.Random(f"{SEED}-{on.isoformat()}")  # noqa: S311
        self.users = {
            u.username: u for u in User.objects.filter(username__in=[SUPERVISOR, DEFAULT_CLERK])
        }
        self.cases = list(
            Case.objects.filter(status__in=RATEABLE, evaluation__isnull=True)
            .exclude(result=Result.VOIDED)
            .select_related("department", "handler", "promised_clock")
            .annotate(last_step=Max("steps__at"))
            .order_by("pk")
        )
        first = min((c.submitted_at for c in self.cases), default=now)
        calendar = WorkingCalendar(timezone.localdate(first), on + timedelta(days=40))
        span = (calendar.end - calendar.start).days + 1
        every = (calendar.start + timedelta(n) for n in range(span))
        self.days = [d for d in every if calendar.is_working_day(d)]
        self.today_index = bisect.bisect_left(self.days, on)

    # -- when

    def office(self, index: int, hour: int) -> datetime | None:
        """A moment of working day `index` (None beyond the calendar: it never runs)."""
        if index >= len(self.days):
            return None
        return moment(self.days[index], hour, self.rng.randint(0, 50))

    def after(self, at: datetime) -> int:
        """The first working day after the day of `at` (a rectification's first day)."""
        return bisect.bisect_right(self.days, timezone.localdate(at))

    def online_moment(self, last: datetime) -> datetime:
        """Some hours to six days after the case's last step, between 8:00 and 22:59."""
        at = timezone.localtime(last + timedelta(hours=self.rng.uniform(2, 144)))
        return at.replace(hour=min(max(at.hour, 8), 22))

    # -- the ratings

    def plan(self) -> list[Rating]:
        ratings = [r for r in map(self._rating, self.cases) if r is not None]
        waiting = [c for c in self.cases if c.status == Case.Status.AWAITING_APPLICANT]
        if waiting and all(r.case.completed_on for r in ratings):
            # At least one rated while its notice waits, the longest waiting.
            rating = self._rating(min(waiting, key=lambda c: c.last_step), always=True)
            ratings += [rating] if rating else []
        anchored = self._anchor(ratings)
        for rating in ratings:
            if rating.bad and id(rating) not in anchored:
                rating.steps = self._steps(rating, "random")
        return ratings

    def _rating(self, case: Case, *, always: bool = False) -> Rating | None:
        waiting = case.status == Case.Status.AWAITING_APPLICANT
        if self.rng.random() >= (WAITING_RATED if waiting else RATED) and not always:
            return None
        in_person = case.delivered_on is not None and case.delivery == Delivery.IN_PERSON
        if in_person and self.rng.random() < PAD:
            channel, actor = Evaluation.Channel.WINDOW, case.handler or self.users[DEFAULT_CLERK]
            at = case.last_step + timedelta(minutes=self.rng.randint(3, 15))
        else:
            channel, actor = Evaluation.Channel.ONLINE, None
            at = self.online_moment(case.last_step)
        if at > self.now:
            return None
        clock = case.promised_clock
        late = bool(case.completed_on and clock and case.completed_on > clock.due_date)
        rating = Rating(case, at, channel, actor, case.department.short_code == WORSE, late)
        grade = self.rng.choices(GRADES, WEIGHTS[rating.worse, late])[0]
        self._content(rating, grade)
        return rating

    def _content(self, rating: Rating, grade: int) -> None:
        """The grade, the indicators ticked and the comment written."""
        rng, channel = self.rng, rating.channel
        rating.grade, rating.comment = grade, ""
        if grade in BAD_GRADES:
            complaints = COMPLAINTS[channel]
            if rating.worse or rating.late:
                complaints = complaints[:1] * 3 + complaints  # slowness above all
            rating.complaint, reason = rng.choice(complaints)
            rating.reasons = [reason]
            if rng.random() < 0.3:
                rating.reasons.append(RatingReason.OVERALL)
            bank = words.WORSE_SLOW if rating.worse and rating.complaint == "slow" else None
            rating.comment = rng.choice(bank or words.BAD[reason]) if rng.random() < 0.9 else ""
        elif grade == Grade.BASIC:
            rating.reasons = [RatingReason.OVERALL]
            rating.comment = rng.choice(words.BASIC) if rng.random() < 0.5 else ""
        else:
            rating.reasons = rng.sample(PRAISE[channel], rng.randint(1, 2))
            if rng.random() < 0.4:
                rating.comment = rng.choice(words.GOOD[rating.reasons[0]])

    # -- the rectifications

    def _anchor(self, ratings: list[Rating]) -> set[int]:
        """One bad rating for each state of ANCHORS: the most recent whose steps have all run,
        taken first from the worse department's bad ratings, then any bad one, then made bad."""
        by_recency = sorted(ratings, key=lambda r: r.at, reverse=True)
        taken: set[int] = set()
        passes = [
            lambda r: r.bad and r.worse,
            lambda r: r.bad,
            lambda r: r.worse,
            lambda r: True,
        ]
        for scenario in ANCHORS:
            found = next(
                (
                    r
                    for wanted in passes
                    for r in by_recency
                    if id(r) not in taken and wanted(r) and self._fits(r, scenario)
                ),
                None,
            )
            if found is None:
                continue  # too few cases for this one: a small demo does without
            taken.add(id(found))
            if scenario == "upheld":
                self._malicious(found)
            elif not found.bad:
                self._content(found, Grade.DISSATISFIED)
            found.steps = self._steps(found, scenario)
        return taken

    def _fits(self, rating: Rating, scenario: str) -> bool:
        """Whether the scenario's steps all run by now (its timing does not depend on chance)
        and, for an open one, its contact is overdue today."""
        first = self.after(rating.at)
        if scenario == "open":
            return first + settings.SERVICES_RECTIFY_CONTACT_DAYS - 1 < self.today_index
        last = first + {"contacted": 0, "answered": 2, "rejected": 4, "upheld": 3}.get(scenario, 3)
        return last < len(self.days) and moment(self.days[last], 17) <= self.now

    def _malicious(self, rating: Rating) -> None:
        rating.grade, rating.complaint = Grade.VERY_DISSATISFIED, "malicious"
        rating.comment = words.MALICIOUS
        if rating.channel == Evaluation.Channel.WINDOW:
            rating.reasons = [RatingReason.ATTITUDE]
        else:
            rating.reasons = [RatingReason.OVERALL]

    def _steps(self, rating: Rating, scenario: str) -> list[tuple[datetime, str, dict]]:
        """Verify, contact, (appeal,) answer, reply: in working days from the rating. The
        anchored scenarios keep fixed days; a random one may be late, or never replied to."""
        rng = self.rng
        first = self.after(rating.at)
        if scenario == "open":
            return []
        slow = 0.3 if rating.worse else 0.08
        contact = first + (rng.randint(1, 2) if scenario == "random" and rng.random() < slow else 0)
        verification = rng.choice(words.VERIFICATIONS[rating.complaint or "slow"])
        steps = [
            (self.office(contact, 9), "verify", {"verification": verification}),
            (self.office(contact, 10), "contact", {
                "method": rng.choice(words.CONTACT_METHODS),
                "note": rng.choice(words.CONTACT_NOTES),
            }),
        ]  # fmt: skip
        if scenario == "contacted":
            return steps
        if scenario in ("upheld", "rejected"):
            ground = Appeal.Ground.MALICIOUS if scenario == "upheld" else Appeal.Ground.MISTAKEN
            steps += [
                (self.office(contact, 11), "appeal", {"ground": ground,
                                                      "statement": words.APPEALS[ground]}),
                (self.office(contact + 2, 10), "decide", {"upheld": scenario == "upheld"}),
            ]  # fmt: skip
            if scenario == "upheld":
                return steps
        due = first + settings.SERVICES_RECTIFY_ANSWER_DAYS - 1
        if scenario == "random":
            late = rng.random() < (0.35 if rating.worse else 0.1)
            answered = (
                rng.randint(due + 1, due + 3)
                if late
                else rng.randint(contact + 1, max(due, contact + 1))
            )
        else:
            answered = contact + (3 if scenario == "rejected" else 2)
        outcome = (
            Rectification.Outcome.RECTIFIED
            if rating.complaint != "materials" or rng.random() < 0.4
            else Rectification.Outcome.EXPLAINED
        )
        at = self.office(max(answered, contact + 1), 15)
        steps.append(
            (at, "answer", {"outcome": outcome, "answer": rng.choice(words.ANSWERS[outcome])})
        )
        if scenario == "answered" or at is None:
            return steps
        if scenario == "random":
            if rng.random() < 0.25:
                return steps  # the applicant never said
            satisfied = rng.random() < 0.75
        else:
            satisfied = scenario == "satisfied"
        replied = self.online_moment(at) if scenario == "random" else at + timedelta(hours=4)
        steps.append((replied, "reply", {"satisfied": satisfied}))
        return steps

    # -- running them

    def run(self, ratings: list[Rating]) -> int:
        """Every rating and step whose moment has come, in the order of time."""
        queue = []
        for number, rating in enumerate(ratings):
            queue.append((rating.at, number, 0, "rate", {}))
            for order, (at, action, data) in enumerate(rating.steps, start=1):
                if at is None:
                    break
                queue.append((at, number, order, action, data))
        queue.sort(key=lambda entry: entry[:3])
        for at, number, _order, action, data in queue:
            if at > self.now:
                break
            with wall_clock(at):
                getattr(self, f"do_{action}")(ratings[number], **data)
        return sum(1 for r in ratings if r.evaluation is not None)

    def _rectification(self, rating: Rating) -> Rectification:
        return Rectification.objects.select_related("owner").get(evaluation=rating.evaluation)

    def do_rate(self, rating: Rating) -> None:
        rating.evaluation = rate_case(
            case=rating.case,
            grade=rating.grade,
            reasons=rating.reasons,
            comment=rating.comment,
            channel=rating.channel,
            actor=rating.actor,
        )

    def do_verify(self, rating: Rating, *, verification: str) -> None:
        rectification = self._rectification(rating)
        actions.verify_rectification(
            actor=rectification.owner, rectification=rectification, verification=verification
        )

    def do_contact(self, rating: Rating, *, method: str, note: str) -> None:
        rectification = self._rectification(rating)
        actions.record_contact(
            actor=rectification.owner,
            rectification=rectification,
            on=today(),
            method=method,
            note=note,
        )

    def do_appeal(self, rating: Rating, *, ground: str, statement: str) -> None:
        rectification = self._rectification(rating)
        rating.appeal = actions.raise_appeal(
            actor=rectification.owner,
            evaluation=rating.evaluation,
            ground=ground,
            statement=statement,
        )

    def do_decide(self, rating: Rating, *, upheld: bool) -> None:
        actions.decide_appeal(
            actor=self.users[SUPERVISOR],
            appeal=rating.appeal,
            upheld=upheld,
            decision=words.DECISIONS[upheld],
        )

    def do_answer(self, rating: Rating, *, outcome: str, answer: str) -> None:
        rectification = self._rectification(rating)
        actions.answer_rectification(
            actor=rectification.owner, rectification=rectification, outcome=outcome, answer=answer
        )

    def do_reply(self, rating: Rating, *, satisfied: bool) -> None:
        actions.applicant_reply(rectification=self._rectification(rating), satisfied=satisfied)


def loaded() -> bool:
    return Evaluation.objects.exists()


@transaction.atomic
def load_demo_ratings() -> int:
    """The ratings of the cases present and their rectifications, once. Returns how many
    ratings were made."""
    if loaded():
        return 0
    planner = Planner(timezone.now())
    return planner.run(planner.plan())
