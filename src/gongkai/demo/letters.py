"""The demo county's 政民互动: the 县长信箱 and four departments' mailboxes, the staff who
triage, answer and review letters, about sixty letters of the last months, the message board
and two consultations (demo/letters_board.py).

Each letter gets a plan (written on a working day; triaged; drafted, perhaps sent back,
reviewed at its mailbox's levels; rated; published where the writer agreed) and every step of
every plan runs through the letters actions in the order of time with the wall clock set to
its moment, as the services demo does. Steps that would fall after today never run, so the
letters of the last days are still open. A few letters are planned back from today, so that
whatever day the demo is built it shows one of each state: waiting for triage, overdue,
due soon (a 纠错 among them), in review, extended, returned, transferred to 信访 and to
依申请公开, merged, closed, answered again after a 不满意. Seeded: the same day builds the
same letters.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from gongkai.core import actions as core_actions
from gongkai.core.clock import today
from gongkai.core.models import Department, RoleAssignment, User
from gongkai.demo import applicants
from gongkai.demo import letter_texts as texts
from gongkai.demo.service_cases import Timeline
from gongkai.demo.services import moment, wall_clock
from gongkai.letters import actions, roles
from gongkai.letters.models import Letter, Mailbox, ReplyDraft
from gongkai.letters.rules import Channel, Kind, Satisfaction, reply_days

SEED = 23
LETTERS = 43  # random letters, besides the anchored ones
SPAN_DAYS = 175  # working days back from today: about 250 days
OFFICE = "BGS"
# (code, name, owning department, review levels, the 县长信箱)
MAILBOXES = [
    ("county-head", "县长信箱", OFFICE, 2, True),
    ("nyj", "县农业农村局局长信箱", "NYJ", 1, False),
    ("zrj", "县自然资源局局长信箱", "ZRJ", 1, False),
    ("mzj", "县民政局局长信箱", "MZJ", 1, False),
    ("rsj", "县人力资源和社会保障局局长信箱", "RSJ", 1, False),
]
DEPARTMENTS = [dept for _code, _name, dept, *_rest in MAILBOXES[1:]]
ANSWERING = ["NYJ", "ZRJ", "MZJ", "RSJ"]
# The demo's users (county.USERS) hold their first role there; these hold it in every
# department with a mailbox too: one triage desk for the departments' mailboxes, one
# handler and one first-level reviewer answering for each department.
WIDE_ROLES = [
    ("letter_dept_triage", roles.TRIAGE, DEPARTMENTS),
    ("letter_handler", roles.HANDLER, ANSWERING),
    ("letter_reviewer", roles.REVIEWER, ANSWERING),
    ("consultation_editor", roles.CONSULTATION_EDITOR, ["NYJ", "ZRJ"]),
]
TRIAGE, DEPT_TRIAGE = "letter_triage", "letter_dept_triage"
HANDLER, REVIEWER, OFFICE_REVIEWER = "letter_handler", "letter_reviewer", "letter_office_reviewer"
PLACES = ["和平", "新桥", "青山", "龙溪", "白马", "石门", "桃源", "清河"]
KIND_WEIGHTS = {
    Kind.CONSULT: 40,
    Kind.SUGGEST: 12,
    Kind.COMPLAIN: 18,
    Kind.HELP: 18,
    Kind.CORRECTION: 8,
}
SATISFACTION = (
    [Satisfaction.SATISFIED] * 12 + [Satisfaction.BASIC] * 5 + [Satisfaction.DISSATISFIED] * 3
)


# ---------------------------------------------------------------- mailboxes and staff


def set_up() -> dict[str, Mailbox]:
    """The mailboxes (set up as the administrator would, through the action) and the wide
    role assignments; each once."""
    departments = {d.short_code: d for d in Department.objects.all()}
    existing = set(Mailbox.objects.values_list("code", flat=True))
    for order, (code, name, dept, levels, head) in enumerate(MAILBOXES):
        if code not in existing:
            actions.create_mailbox(
                actor=None,
                name=name,
                code=code,
                department=departments[dept],
                review_levels=levels,
                is_county_head=head,
                order=order,
                description="请如实填写姓名和联系电话，我们将在受理后按期答复。",
            )
    users = {u.username: u for u in User.objects.filter(username__in=[n for n, *_r in WIDE_ROLES])}
    for username, role, codes in WIDE_ROLES:
        user = users.get(username)
        if user is None:
            continue
        held = set(
            RoleAssignment.objects.filter(user=user, role=role).values_list(
                "department_id", flat=True
            )
        )
        for code in codes:
            if departments[code].pk not in held:
                core_actions.assign_role(
                    actor=None, user=user, department=departments[code], role=role
                )
    return {m.code: m for m in Mailbox.objects.select_related("department")}


# ---------------------------------------------------------------- plans


@dataclass
class Plan:
    """One letter to be: to which mailbox, about what, by whom, and its steps."""

    mailbox: Mailbox
    topic: texts.Topic
    name: str
    phone: str
    place: str
    agree: bool
    steps: list[tuple[int, str]] = field(default_factory=list)
    satisfaction: list[str] = field(default_factory=list)  # one per rating, in order
    into: Plan | None = None  # merge: the letter it repeats
    letter: Letter | None = None
    draft: ReplyDraft | None = None
    replies: int = 0  # ratings given so far
    reopened: bool = False

    def fill(self, text: str) -> str:
        return text.format(place=self.place, name=self.name, phone=self.phone)


def _answer(rng: random.Random, start: int, kind: str, levels: int, agree: bool):
    """The steps from acceptance to the reply, its rating and its publication; the ratings."""
    days = reply_days(kind)
    steps = [(start, "accept")]
    pace = rng.random()
    if pace < 0.1:  # left lying: answered after its due date
        drafted = start + days + rng.randint(1, 5)
    elif pace < 0.18 and days > 3:
        steps += [(start + days - 2, "ask_extension"), (start + days - 1, "grant_extension")]
        drafted = start + days + rng.randint(1, days - 2)
    else:
        drafted = start + rng.randint(1, max(1, days - 3))
    steps.append((drafted, "draft"))
    reviewed = drafted + rng.randint(0, 1)
    if rng.random() < 0.1:
        steps += [(reviewed, "send_back"), (reviewed + 1, "draft")]
        reviewed += 2
    steps.append((reviewed, "review1"))
    replied = reviewed
    if levels == 2:
        replied = reviewed + rng.randint(0, 1)
        steps.append((replied, "review2"))
    ratings = []
    if rng.random() < 0.8:
        ratings.append(rng.choice(SATISFACTION))
        steps.append((replied + rng.randint(0, 4), "rate"))
    if agree:
        steps.append((replied + rng.randint(1, 3), "publish"))
    return steps, ratings


HEAD = "county-head"
SAME = "same"
S, D = Satisfaction.SATISFIED, Satisfaction.DISSATISFIED
# Rated 不满意, handled again, answered again and published with the second reply.
ANSWERED_TWICE = [(59, "accept"), (53, "draft"), (52, "review1"), (52, "review2"), (50, "rate"),
                  (49, "reopen"), (45, "draft"), (44, "review1"), (44, "review2"), (42, "rate"),
                  (41, "publish")]  # fmt: skip
# The letters every demo shows, planned back from today: (mailbox, the department answering
# and the kind, or a topic of their own; steps as (working days before today, action); the
# writer's ratings; agreed to publication (None: drawn)).
ANCHORED = [
    (HEAD, ("ZRJ", Kind.CONSULT), [(0, "write")], (), None),  # just arrived
    ("nyj", ("NYJ", Kind.HELP), [(1, "write")], (), None),  # waiting for triage
    (HEAD, ("RSJ", Kind.HELP), [(14, "write"), (13, "accept")], (), None),  # overdue
    ("zrj", ("ZRJ", Kind.COMPLAIN), [(15, "write"), (14, "accept"), (2, "draft")], (), None),
    ("nyj", ("NYJ", Kind.COMPLAIN), [(9, "write"), (8, "accept")], (), None),  # due soon
    (HEAD, ("NYJ", Kind.CORRECTION), [(1, "write"), (1, "accept")], (), None),  # 3 days
    (HEAD, ("MZJ", Kind.HELP), [(8, "write"), (7, "accept"), (2, "draft"), (1, "review1")],
     (), None),  # waiting for the second level
    ("mzj", ("MZJ", Kind.COMPLAIN), [(12, "write"), (11, "accept"), (3, "ask_extension"),
                                     (2, "grant_extension")], (), None),
    (HEAD, texts.RETURNED, [(30, "write"), (29, "return")], (), None),
    (HEAD, texts.PETITION, [(40, "write"), (39, "transfer_petition")], (), None),
    (HEAD, texts.DISCLOSURE, [(25, "write"), (24, "transfer_disclosure")], (), None),
    (HEAD, ("NYJ", Kind.CONSULT), [(50, "write"), (49, "accept"), (45, "draft"), (44, "review1"),
                                   (44, "review2"), (43, "publish"), (42, "rate")], (S,), True),
    (HEAD, SAME, [(49, "write"), (48, "merge")], (), None),  # a duplicate of the one above
    ("rsj", texts.ABUSIVE, [(35, "write"), (35, "close")], (), False),
    (HEAD, ("ZRJ", Kind.COMPLAIN), [(60, "write"), *ANSWERED_TWICE],
     (D, Satisfaction.BASIC), True),
    ("nyj", ("NYJ", Kind.SUGGEST), [(20, "write"), (20, "accept"), (14, "draft"), (13, "review1"),
                                    (10, "rate"), (2, "reopen")], (D,), None),  # handled again
    ("rsj", ("RSJ", Kind.CONSULT), [(10, "write"), (10, "accept"), (5, "draft"), (4, "review1")],
     (), True),  # answered, not yet rated
]  # fmt: skip


def _topic(dept: str, kind: str) -> texts.Topic:
    return next(t for t in texts.TOPICS if t.dept == dept and t.kind == kind)


class Builder:
    """Makes the plans and runs their steps in the order of time."""

    def __init__(self, mailboxes: dict[str, Mailbox], on: date):
        # Made-up data, not secrets: a seeded generator makes the same day's build again.
        self.rng = random.Random(f"{SEED}-{on.isoformat()}")  # noqa: S311
        self.timeline = Timeline(on, SPAN_DAYS)
        self.mailboxes = mailboxes
        names = [TRIAGE, DEPT_TRIAGE, HANDLER, REVIEWER, OFFICE_REVIEWER]
        self.users = {u.username: u for u in User.objects.filter(username__in=names)}
        self.departments = {d.short_code: d for d in Department.objects.all()}

    def new_plan(self, mailbox: str, topic: texts.Topic, *, agree: bool | None = None) -> Plan:
        rng = self.rng
        return Plan(
            mailbox=self.mailboxes[mailbox],
            topic=topic,
            name=applicants.person_name(rng),
            phone=applicants.phone(rng),
            place=rng.choice(PLACES),
            agree=rng.random() < 0.4 if agree is None else agree,
        )

    def random_plans(self, count: int) -> list[Plan]:
        plans = []
        kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        for _n in range(count):
            kind = self.rng.choices(kinds, weights)[0]
            topic = self.rng.choice([t for t in texts.TOPICS if t.kind == kind])
            head = self.rng.random() < 0.45
            plan = self.new_plan(HEAD if head else topic.dept.lower(), topic)
            start = self.rng.randint(0, self.timeline.last)
            steps, plan.satisfaction = _answer(
                self.rng,
                start + self.rng.randint(0, 2),
                kind,
                plan.mailbox.review_levels,
                plan.agree,
            )
            plan.steps = [(start, "write"), *steps]
            if plan.satisfaction == [Satisfaction.DISSATISFIED] and self.rng.random() < 0.5:
                # Handled again: published (if at all) only after the second reply.
                rated = max(i for i, a in plan.steps if a == "rate")
                plan.steps = [s for s in plan.steps if s[1] != "publish"]
                plan.steps += self._again(rated, plan.mailbox.review_levels)
                if plan.agree:
                    plan.steps.append((rated + 9, "publish"))
                plan.satisfaction.append(Satisfaction.BASIC)
            plans.append(plan)
        return plans

    @staticmethod
    def _again(rated: int, levels: int) -> list[tuple[int, str]]:
        """Asked to handle again the day after a 不满意, answered a week later, rated again."""
        steps = [(rated + 1, "reopen"), (rated + 5, "draft"), (rated + 6, "review1")]
        if levels == 2:
            steps.append((rated + 6, "review2"))
        return [*steps, (rated + 8, "rate")]

    def anchored_plans(self) -> list[Plan]:
        """The letters every demo shows, planned back from today (ANCHORED)."""
        n, plans = self.timeline.last, []
        for mailbox, about, steps, ratings, agree in ANCHORED:
            if about == SAME:  # the same writer again about the same thing: merged into it
                first = plans[-1]
                plan = self.new_plan(mailbox, first.topic, agree=first.agree)
                plan.name, plan.phone, plan.place, plan.into = (
                    first.name,
                    first.phone,
                    first.place,
                    first,
                )
            else:
                topic = about if isinstance(about, texts.Topic) else _topic(*about)
                plan = self.new_plan(mailbox, topic, agree=agree)
            plan.steps = [(n - back, action) for back, action in steps]
            plan.satisfaction = list(ratings)
            plans.append(plan)
        return plans

    def run(self, plans: list[Plan]) -> None:
        queue = []
        for number, plan in enumerate(plans):
            for order, (index, action) in enumerate(plan.steps):
                if 0 <= index <= self.timeline.last:
                    queue.append((index, number, order, action))
        heapq.heapify(queue)
        day, minutes = -1, 0
        while queue:
            index, number, order, action = heapq.heappop(queue)
            plan = plans[number]
            if order > 0 and plan.letter is None:
                continue
            # The day's steps a few minutes apart from 9:00, in order.
            day, minutes = index, min(minutes + 3 if index == day else 0, 8 * 60)
            at = moment(self.timeline.day(index), 9 + minutes // 60, minutes % 60)
            with wall_clock(at):
                getattr(self, f"do_{action}")(plan)

    # -- the steps, each one action

    def _triage(self, plan: Plan) -> User:
        return self.users[TRIAGE if plan.mailbox.department.short_code == OFFICE else DEPT_TRIAGE]

    def do_write(self, plan: Plan) -> None:
        topic = plan.topic
        plan.letter, _code = actions.write_letter(
            mailbox=plan.mailbox,
            data=actions.LetterData(
                kind=topic.kind,
                subject=plan.fill(topic.subject),
                body=plan.fill(topic.body),
                writer_name=plan.name,
                writer_phone=plan.phone,
                agree_publish=plan.agree,
                page_url=topic.page_url,
            ),
        )

    def do_accept(self, plan: Plan) -> None:
        actions.accept_letter(
            actor=self._triage(plan),
            letter=plan.letter,
            department=self.departments[plan.topic.dept],
            note="已受理，请按期答复。",
        )

    def do_return(self, plan: Plan) -> None:
        actions.return_letter(
            actor=self._triage(plan), letter=plan.letter, reason=texts.RETURN_REASON
        )

    def do_transfer_petition(self, plan: Plan) -> None:
        actions.transfer_letter(
            actor=self._triage(plan),
            letter=plan.letter,
            channel=Channel.PETITION,
            reason=texts.PETITION_REASON,
        )

    def do_transfer_disclosure(self, plan: Plan) -> None:
        actions.transfer_letter(
            actor=self._triage(plan),
            letter=plan.letter,
            channel=Channel.DISCLOSURE,
            reason=texts.DISCLOSURE_REASON,
        )

    def do_merge(self, plan: Plan) -> None:
        actions.merge_letter(
            actor=self._triage(plan),
            letter=plan.letter,
            into=plan.into.letter,
            reason=texts.MERGE_REASON,
        )

    def do_close(self, plan: Plan) -> None:
        actions.close_letter(
            actor=self._triage(plan), letter=plan.letter, reason=texts.CLOSE_REASON
        )

    def do_ask_extension(self, plan: Plan) -> None:
        actions.request_extension(
            actor=self.users[HANDLER], letter=plan.letter, reason=texts.EXTENSION
        )

    def do_grant_extension(self, plan: Plan) -> None:
        actions.decide_extension(
            actor=self._triage(plan),
            letter=plan.letter,
            approve=True,
            opinion=texts.EXTENSION_OPINION,
        )

    def do_draft(self, plan: Plan) -> None:
        text = texts.SECOND_REPLY if plan.reopened else plan.fill(plan.topic.reply)
        draft = actions.save_draft(actor=self.users[HANDLER], letter=plan.letter, text=text)
        plan.draft = actions.submit_draft(actor=self.users[HANDLER], draft=draft)

    def do_send_back(self, plan: Plan) -> None:
        actions.review_draft(
            actor=self.users[REVIEWER],
            draft=plan.draft,
            approve=False,
            opinion=self.rng.choice(texts.SEND_BACK),
        )

    def do_review1(self, plan: Plan) -> None:
        actions.review_draft(actor=self.users[REVIEWER], draft=plan.draft, approve=True)

    def do_review2(self, plan: Plan) -> None:
        actions.review_draft(
            actor=self.users[OFFICE_REVIEWER], draft=plan.draft, approve=True, opinion="同意。"
        )

    def do_rate(self, plan: Plan) -> None:
        satisfaction = plan.satisfaction[plan.replies]
        plan.replies += 1
        actions.rate_reply(letter=plan.letter, satisfaction=satisfaction)

    def do_reopen(self, plan: Plan) -> None:
        actions.reopen_letter(letter=plan.letter, reason=texts.REOPEN)
        plan.reopened = True

    def do_publish(self, plan: Plan) -> None:
        letter = Letter.objects.get(pk=plan.letter.pk)
        actions.publish_letter(
            actor=self._triage(plan), letter=letter, **actions.suggested_public_texts(letter)
        )


def loaded() -> bool:
    return Letter.objects.exists()


def load_demo_letters() -> None:
    """Everything `gongkai demo` shows of 政民互动, once: the mailboxes and their letters, the
    message board and the consultations."""
    from gongkai.demo import letters_board, publishing
    from gongkai.demo.county import add_missing_users

    if loaded():
        return
    add_missing_users()
    with transaction.atomic():
        publishing.load_demo_columns()  # the final policy of a consultation is published there
        mailboxes = set_up()
        builder = Builder(mailboxes, today())
        builder.run(builder.anchored_plans() + builder.random_plans(LETTERS))
        letters_board.load_demo_board()
        letters_board.load_demo_consultations()
