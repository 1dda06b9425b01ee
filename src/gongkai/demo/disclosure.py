"""The demo county's 依申请公开: who handles the government's requests, and a handful of
requests in every state, made through the actions.

示范县人民政府's requests are handled by 县人民政府办公室, its 政府信息公开工作机构 (条例
Art. 4), whose officers are the demo's disclosure staff; the demo requests are addressed to
the government, as the public form suggests. Dates are counted back from today in working
days, so that the workbench always shows one request overdue, one due soon, one waiting for
a correction, one in consultation, some answered and one just arrived online and not yet
assigned, whatever day the demo is started.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.core.calendar import working_days_between
from gongkai.core.clock import today
from gongkai.core.models import Department, User
from gongkai.disclosure import actions
from gongkai.disclosure.models import Consultation, DisclosureRequest
from gongkai.disclosure.rules import Channel

OFFICE_CODE = "BGS"  # 县人民政府办公室: the county's disclosure office
GOVERNMENT_CODE = "SFX"  # 示范县人民政府


def set_up_offices() -> None:
    """县人民政府办公室 handles 示范县人民政府's requests (条例 Art. 4)."""
    actions.set_disclosure_office(
        actor=None,
        department=Department.objects.get(short_code=GOVERNMENT_CODE),
        office=Department.objects.get(short_code=OFFICE_CODE),
    )


def _working_days_ago(n: int) -> date:
    """The day n working days before today (n >= 1)."""
    on = today()
    day = on
    while working_days_between(day, on)[0] < n:
        day = date.fromordinal(day.toordinal() - 1)
    return day


def _app(name: str, title: str, description: str, **extra) -> actions.ApplicationData:
    values = {
        "applicant_type": "natural",
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "info_title": title,
        "info_description": description,
        "requested_form": "electronic",
        "delivery": "online",
    }
    values.update(extra)
    return actions.ApplicationData(**values)


def loaded() -> bool:
    return DisclosureRequest.objects.exists()


@transaction.atomic
def load_demo_requests() -> list[DisclosureRequest]:
    if loaded():
        return []
    government = Department.objects.get(short_code=GOVERNMENT_CODE)
    officer = User.objects.get(username="disclosure")
    head = User.objects.get(username="disclosure_head")

    def register(days_ago: int, data, channel=Channel.IN_PERSON):
        request, _code = actions.submit_application(
            data=data,
            department=government,
            channel=channel,
            received_on=_working_days_ago(days_ago),
            actor=officer,
        )
        return request

    def answer(request, data, on):
        """Drafted by the officer, reviewed by the head where it releases information (保密审查,
        条例 Art. 17), then sent on `on`."""
        drafted = actions.draft_reply(actor=officer, request=request, data=data)
        if actions.needs_secrecy_review(drafted):
            actions.review_secrecy(
                actor=head,
                request=drafted,
                agreed=True,
                opinion="经审查，拟公开的信息不涉及国家秘密、商业秘密、个人隐私，同意公开。",
                on=on,
            )
        actions.send_reply(actor=officer, request=drafted, on=on)

    made = []
    # Overdue: received 22 working days ago, nothing done.
    made.append(
        register(
            22,
            _app(
                "张建国",
                "2024年度县级财政预算执行情况",
                "县财政局2024年度预算执行和其他财政收支的审计情况。",
            ),
            Channel.REGISTERED_POST,
        )
    )
    # Due soon: received 18 working days ago.
    made.append(
        register(
            18,
            _app(
                "李秀英",
                "城东棚户区改造项目征收补偿方案",
                "城东棚户区改造项目的房屋征收补偿方案及补偿标准。",
            ),
        )
    )
    # Waiting for the applicant's correction.
    waiting = register(6, _app("王芳", "关于道路的文件", "想要关于道路的文件。"), Channel.LETTER)
    actions.request_correction(
        actor=officer,
        request=waiting,
        on=_working_days_ago(4),
        items="请写明所需信息的名称、文号或者便于查询的其他特征性描述（如哪条道路、哪一年的何种文件）。",
    )
    made.append(waiting)
    # In consultation with a third party.
    consulting = register(
        9,
        _app(
            "某某律师事务所",
            "县自来水厂特许经营协议",
            "县自来水厂特许经营协议全文。",
            applicant_type="legal_service",
            id_type="credit_code",
            id_number="91350100M000100Y43",
            contact_person="陈律师",
        ),
    )
    consultation = actions.start_consultation(
        actor=officer,
        request=consulting,
        party=Consultation.Party.THIRD_PARTY,
        party_name="某某水务有限公司",
        on=_working_days_ago(3),
    )
    # Its 15 working days run from the day it received the letter (条例 Art. 32).
    actions.record_consultation_delivery(
        actor=officer, consultation=consultation, on=_working_days_ago(2)
    )
    made.append(consulting)
    # Answered: disclosed; and one extended, then partly disclosed.
    answered = register(
        15,
        _app("赵强", "2025年度县政府工作报告", "2025年县人民政府工作报告全文。"),
        Channel.FAX,
    )
    answer(
        answered,
        actions.ReplyData(
            outcome="1",
            reply_text="您申请的信息已主动公开，可在本县政府门户网站“政府工作报告”栏目查阅。",
        ),
        on=_working_days_ago(10),
    )
    made.append(answered)
    # Extended the day before its last day: an extension is only granted within the reply
    # period (条例 Art. 33), so the demo's one is recent whatever the date.
    extended = register(
        19,
        _app("孙丽", "县城区道路改造工程招标文件", "县城区道路改造工程的招标文件和中标结果。"),
    )
    actions.extend(
        actor=head,
        request=extended,
        days=10,
        reason="所需信息需从多个部门调取，无法在法定期限内答复。",
        on=_working_days_ago(1),
    )
    answer(
        extended,
        actions.ReplyData(
            outcome="2",
            reply_text="现向您提供招标文件及中标公告。",
            withheld="投标人报价明细：涉及第三方商业秘密，依据《中华人民共和国政府信息公开条例》第十五条不予公开。",
        ),
        on=today(),
    )
    made.append(extended)
    # Just arrived online, to the government: in the officers' inbox, waiting to be assigned.
    arrived, _code = actions.submit_application(
        data=_app("周敏", "2026年县级部门预算公开目录", "县级各部门2026年部门预算公开的目录。"),
        department=government,
    )
    made.append(arrived)
    return made
