"""The demo county's cases (办件): a year of applications, each driven through the case
actions on the day it happened.

Each case gets a plan (submitted on a working day; perhaps a one-time notice and the
applicant's reply; accepted; perhaps a special procedure or an extension; reviewed; decided;
delivered), and every step of every plan runs in the order of time with the wall clock set to
its moment. Steps that would fall after today never run, so the cases of the last weeks are
still open in whatever state their plan had reached. A few cases are planned back from
today, so that whatever day the demo is built the queues show one overdue, one due soon, one
paused, one extended, one waiting for the applicant, one waiting for a decision, a walk-in
handed over by the clerk first asked (首问负责), and one case of each kind of ending. Seeded: the same day builds the same cases.
"""

from __future__ import annotations

import heapq
import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from gongkai.core.calendar import WorkingCalendar
from gongkai.core.clock import today
from gongkai.core.files import check_bytes
from gongkai.core.models import User
from gongkai.demo import applicants
from gongkai.demo.service_data import ITEMS, ItemSpec
from gongkai.demo.services import moment, wall_clock
from gongkai.services import actions
from gongkai.services.models import Case, CaseMaterial, Inquiry, ServiceItem
from gongkai.services.rules import Channel, Delivery, ItemType, Result

SEED = 21
CASES = 300
SPAN_DAYS = 250  # working days back from today: about a year (issue 22: a year of ratings)
CLERKS = ("clerk", "window_clerk")
FIRST_ASKED = "window_clerk2"
APPROVER = "approver"
# How often each item is applied for, against the others.
POPULARITY = {
    "dibao": 30, "getihu": 30, "property": 28, "pension": 25, "food": 20, "temp_relief": 15,
    "disability": 12, "jobcard": 12, "homestead": 12, "resettlement": 12, "marriage": 10,
    "village_build": 10, "logging": 10, "epidemic": 8, "hygiene": 8, "tekun": 6, "coop": 6,
    "dereg": 6, "freight": 6, "funeral_grant": 6, "pesticide": 5, "milk": 4, "planning": 4,
    "birth_cert": 4, "seed": 3, "vet": 3, "fry": 3, "water": 3,
}  # fmt: skip
PROBLEMS = [
    "复印件不清晰，请提供清晰的复印件。",
    "未加盖单位公章，请盖章后重新提交。",
    "缺少法定代表人（申请人）签字。",
    "证明材料已超过有效期，请重新开具。",
    "填写内容与身份证件信息不一致，请核对后重新填写。",
]
REFUSALS = [
    "申请事项依法不属于本机关职权范围，请向市级主管部门提出申请。",
    "申请人不具备申请资格：户籍不在本县，请向户籍所在地提出申请。",
]
DENIALS = {
    ItemType.BENEFIT: [
        "经家庭经济状况核对，申请人家庭人均收入高于本县最低生活保障标准。",
        "经入户调查，申请人家庭拥有机动车辆两辆，家庭财产状况不符合规定条件。",
    ],
    "": [
        "经现场核查，生产经营场所与居民生活区的距离不符合规定的条件。",
        "经审查，申请人未配备与经营规模相适应的专业技术人员，不符合法定条件。",
    ],
}
SPECIAL_NOTES = {
    "testing": "委托县农产品质量安全检测站检测，检测期间不计入办理时限。",
    "expert_review": "组织专家对申请材料和现场进行评审。",
    "public_notice": "在申请人所在村（居）公示7天。",
    "hearing": "申请人申请听证。",
    "tender": "依法通过招标确定。",
}


@dataclass
class Plan:
    """One case to be: who applies for what, and its steps as (working-day index, action)."""

    spec: ItemSpec
    item: ServiceItem
    applicant: actions.ApplicantData
    channel: str
    clerk: str
    steps: list[tuple[int, str]] = field(default_factory=list)
    omit_material: bool = False  # an online applicant leaves one required material out
    result: str = Result.GRANTED
    inquiry: bool = False
    case: Case | None = None
    procedure: object = None


class Timeline:
    """The working days from the start of the demo's span to today, by index."""

    def __init__(self, end: date, span: int):
        start = end - timedelta(days=span * 7 // 5 + 30)
        calendar = WorkingCalendar(start, end)
        days = [start + timedelta(n) for n in range((end - start).days + 1)]
        self.days = [d for d in days if calendar.is_working_day(d)][-span:]
        self.last = len(self.days) - 1

    def day(self, index: int) -> date:
        return self.days[index]


def material_pdf() -> bytes:
    """A one-page PDF standing in for what applicants upload."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 760, "Demo application material")
    page.save()
    return out.getvalue()


def _plan(rng: random.Random, spec: ItemSpec, start: int) -> list[tuple[int, str]]:
    """The steps of a case submitted on working day `start`, as the clerks would take them."""
    steps = [(start, "submit")]
    draw = rng.random()
    if draw < 0.01:
        return [*steps, (start + rng.randint(0, 1), "void")]
    if draw < 0.06:
        refused = start + rng.randint(0, 2)
        return [*steps, (refused, "refuse"), (refused + rng.randint(0, 3), "deliver")]
    day = start
    if rng.random() < 0.22:
        day += rng.randint(1, 3)
        steps.append((day, "notice"))
        if rng.random() < 0.12:
            return [*steps, (day + rng.randint(20, 30), "withdraw")]
        day += rng.randint(2, 12)
        steps.append((day, "supply"))
    day += rng.randint(0, 2) if spec.legal_days > 1 else 0
    accepted = day
    steps.append((accepted, "accept"))
    if rng.random() < 0.03:
        return [*steps, (accepted + rng.randint(1, 5), "withdraw")]
    legal, promised = spec.legal_days, spec.promised_days
    pace = rng.random()
    if pace < 0.07:  # left lying: decided after the statutory limit
        review = accepted + legal + rng.randint(2, 10)
    elif pace < 0.13 and legal >= 10 and not spec.special:
        steps.append((accepted + legal - rng.randint(1, 3), "extend"))
        review = accepted + legal + rng.randint(1, 6)
    else:
        review = accepted + rng.randint(promised // 3, max(promised // 3, promised - 1))
    if spec.special and rng.random() < 0.4:
        begun = accepted + rng.randint(1, 3)
        ended = begun + rng.randint(5, 20)
        steps += [(begun, "special_start"), (ended, "special_end")]
        review = max(review + ended - begun, ended + 1)
    steps.append((review, "review"))
    if spec.item_type == ItemType.LICENSING and rng.random() < 0.015:
        return [*steps, (review + 1, "forward")]
    decided = review + (rng.randint(0, 2) if promised > 2 else 0)
    steps.append((decided, "decide"))
    if rng.random() < 0.85:
        steps.append((decided + rng.randint(0, 4), "deliver"))
    return steps


class Builder:
    """Makes the plans and runs their steps in the order of time."""

    def __init__(self, items: dict[str, ServiceItem], on: date):
        # Made-up data, not secrets: a seeded generator makes the same day's build again.
        self.rng = random.Random(f"{SEED}-{on.isoformat()}")  # noqa: S311
        self.timeline = Timeline(on, SPAN_DAYS)
        self.items = items
        self.specs = {spec.key: spec for spec in ITEMS}
        self.users = {
            u.username: u
            for u in User.objects.filter(username__in=[*CLERKS, FIRST_ASKED, APPROVER])
        }
        self.pdf = material_pdf()
        self.materials = {key: list(item.current.materials.all()) for key, item in items.items()}

    def new_plan(self, key: str, *, online: bool | None = None) -> Plan:
        spec = self.specs[key]
        if online is None:
            online = spec.online and self.rng.random() < 0.25
        return Plan(
            spec=spec,
            item=self.items[key],
            applicant=applicants.applicant(self.rng, spec),
            channel=Channel.ONLINE
            if online
            else self.rng.choice([Channel.WINDOW] * 8 + [Channel.PHONE, Channel.MAIL]),
            clerk=self.rng.choice(CLERKS),
            omit_material=online and self.rng.random() < 0.5,
            result=self._result(spec),
        )

    def _result(self, spec: ItemSpec) -> str:
        denied = 0.08 if spec.item_type in (ItemType.LICENSING, ItemType.BENEFIT) else 0.0
        return Result.DENIED if self.rng.random() < denied else Result.GRANTED

    def random_plans(self, count: int) -> list[Plan]:
        keys = [k for k in POPULARITY if k in self.items]
        weights = [POPULARITY[k] for k in keys]
        plans = []
        for _n in range(count):
            plan = self.new_plan(self.rng.choices(keys, weights)[0])
            start = self.rng.randint(0, self.timeline.last)
            plan.steps = _plan(self.rng, plan.spec, start)
            if plan.omit_material and all(s[1] != "notice" for s in plan.steps[:2]):
                plan.omit_material = False  # only a plan with a notice leaves something out
            plans.append(plan)
        return plans

    def anchored_plans(self) -> list[Plan]:
        """The cases every demo shows, planned back from today (N)."""
        n = self.timeline.last
        wanted = [
            ("epidemic", False, [(n - 20, "submit"), (n - 19, "accept")]),  # overdue
            ("logging", False, [(n - 18, "submit"), (n - 18, "accept")]),  # due soon
            ("milk", False, [(n - 9, "submit"), (n - 8, "accept"), (n - 3, "special_start")]),
            ("food", True, [(n - 3, "submit"), (n - 2, "notice")]),  # waiting for the applicant
            ("seed", False, [(n - 19, "submit"), (n - 19, "accept"), (n - 1, "extend")]),
            ("pesticide", False, [(n - 7, "submit"), (n - 6, "accept"), (n - 1, "review")]),
            ("epidemic", True, [(n, "submit")]),  # just arrived online
            ("homestead", False, [(n - 1, "submit")]),  # a walk-in, 首问 and handed over
            ("getihu", False, [(n - 12, "submit"), (n - 12, "refuse")]),
            ("dibao", False, [(n - 40, "submit"), (n - 39, "accept"), (n - 30, "review"),
                              (n - 29, "decide"), (n - 28, "deliver")]),
            ("vet", False, [(n - 35, "submit"), (n - 34, "accept"), (n - 20, "review"),
                            (n - 19, "decide")]),
        ]  # fmt: skip
        plans = []
        for key, online, steps in wanted:
            plan = self.new_plan(key, online=online)
            plan.steps, plan.omit_material = steps, online and key == "food"
            plan.inquiry = key == "homestead"
            plan.result = Result.DENIED if key == "vet" else Result.GRANTED
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
            if order > 0 and plan.case is None:
                continue
            # The day's steps a few minutes apart from 9:00, in order: a case's steps on
            # one day keep their order on its record.
            day, minutes = index, min(minutes + 3 if index == day else 0, 8 * 60)
            at = moment(self.timeline.day(index), 9 + minutes // 60, minutes % 60)
            with wall_clock(at):
                getattr(self, f"do_{action}")(plan)

    # -- the steps, each one action (or two: 首问 before the registration)

    def _files(self, rows) -> dict:
        return {row.pk: check_bytes(f"{row.name}.pdf", self.pdf) for row in rows}

    def do_submit(self, plan: Plan) -> None:
        materials = [m for m in self.materials[plan.spec.key] if m.necessity == "required"]
        if plan.omit_material and len(materials) > 1:
            materials = materials[:-1]
        if plan.channel == Channel.ONLINE:
            handed = [
                actions.MaterialSubmission(m, file=check_bytes(f"{m.name}.pdf", self.pdf))
                for m in materials
            ]
            plan.case, _code = actions.submit_online(
                item=plan.item, data=plan.applicant, materials=handed
            )
            return
        clerk = self.users[plan.clerk]
        inquiry = self._inquiry(plan, clerk) if plan.inquiry else None
        handed = [actions.MaterialSubmission(m, paper=True) for m in materials]
        plan.case, _code = actions.register_at_window(
            actor=clerk,
            item=plan.item,
            data=plan.applicant,
            materials=handed,
            channel=plan.channel,
            inquiry=inquiry,
        )

    def _inquiry(self, plan: Plan, clerk: User) -> Inquiry:
        first = self.users[FIRST_ASKED]
        inquiry = actions.record_inquiry(
            actor=first,
            via=Inquiry.Via.WALK_IN,
            name=plan.applicant.applicant_name,
            phone=plan.applicant.phone,
            question=f"想了解{plan.spec.name}需要哪些材料、怎么办理。",
            item=plan.item,
        )
        return actions.hand_over_inquiry(
            actor=first, inquiry=inquiry, to=clerk, note="已引导至综合受理窗口办理。"
        )

    def _handler(self, plan: Plan) -> User:
        return self.users[plan.clerk]

    def do_notice(self, plan: Plan) -> None:
        rows = list(plan.case.materials.all())
        problems = {}
        if not any(r.state == CaseMaterial.State.MISSING for r in rows):
            row = self.rng.choice(rows)
            problems[row.pk] = self.rng.choice(PROBLEMS)
        actions.send_one_time_notice(actor=self._handler(plan), case=plan.case, problems=problems)

    def do_supply(self, plan: Plan) -> None:
        rows = plan.case.materials.filter(
            state__in=[CaseMaterial.State.MISSING, CaseMaterial.State.DEFECTIVE]
        )
        online = plan.channel == Channel.ONLINE
        actions.supply_materials(
            case=plan.case, files=self._files(rows), actor=None if online else self._handler(plan)
        )

    def do_accept(self, plan: Plan) -> None:
        actions.accept_case(
            actor=self._handler(plan), case=plan.case, opinion="材料齐全，予以受理。"
        )

    def do_refuse(self, plan: Plan) -> None:
        actions.refuse_case(
            actor=self._handler(plan), case=plan.case, reason=self.rng.choice(REFUSALS)
        )

    def _close(self, plan: Plan, result: str, reason: str) -> None:
        actions.close_case(actor=self._handler(plan), case=plan.case, result=result, reason=reason)

    def do_void(self, plan: Plan) -> None:
        self._close(plan, Result.VOIDED, "窗口登记时选错事项，已作废，另行登记。")

    def do_withdraw(self, plan: Plan) -> None:
        self._close(plan, Result.WITHDRAWN, "申请人书面申请撤回申请，予以退件。")

    def do_forward(self, plan: Plan) -> None:
        self._close(plan, Result.FORWARDED, "依法须由市级主管部门审批，已转报。")

    def do_special_start(self, plan: Plan) -> None:
        kind = plan.spec.special
        plan.procedure = actions.start_special_procedure(
            actor=self._handler(plan),
            case=plan.case,
            kind=kind,
            on=today(),
            note=SPECIAL_NOTES.get(kind, ""),
        )

    def do_special_end(self, plan: Plan) -> None:
        actions.end_special_procedure(
            actor=self._handler(plan), procedure=plan.procedure, on=today()
        )

    def do_extend(self, plan: Plan) -> None:
        actions.extend_case(
            actor=self.users[APPROVER],
            case=plan.case,
            reason="需要补充现场核查，经本机关负责人批准延长十个工作日。",
        )

    def do_review(self, plan: Plan) -> None:
        if plan.result == Result.GRANTED:
            opinion = "经审查，申请材料齐全，符合法定条件，建议准予办理。"
        else:
            opinion = "经审查，申请人不符合规定的条件，建议不予办理。"
        actions.review_case(actor=self._handler(plan), case=plan.case, opinion=opinion)

    def do_decide(self, plan: Plan) -> None:
        grant = plan.result == Result.GRANTED
        reasons = DENIALS.get(plan.spec.item_type, DENIALS[""])
        actions.decide_case(
            actor=self.users[APPROVER],
            case=plan.case,
            grant=grant,
            opinion="同意。" if grant else "同意承办人意见。",
            reason="" if grant else self.rng.choice(reasons),
        )

    def do_deliver(self, plan: Plan) -> None:
        method = plan.applicant.delivery
        notes = {Delivery.POST: "EMS 挂号", Delivery.ELECTRONIC: "已推送至申请人电子证照库"}
        actions.deliver_case(
            actor=self._handler(plan),
            case=plan.case,
            method=method,
            on=today(),
            note=notes.get(method, "申请人本人签收"),
        )


def loaded() -> bool:
    return Case.objects.exists()


@transaction.atomic
def load_demo_cases(items: dict[str, ServiceItem], *, limit: int | None = None) -> int:
    """The demo's cases: the anchored ones and CASES random ones (`limit`: only that many of
    the random ones). Returns how many were made."""
    builder = Builder(items, today())
    plans = builder.anchored_plans() + builder.random_plans(CASES if limit is None else limit)
    builder.run(plans)
    return sum(1 for plan in plans if plan.case is not None)
