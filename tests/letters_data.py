"""Building blocks for tests of 政民互动: the 县长信箱 (the government office's, two review
levels) and 县农业农村局's mailbox (one level), the personas of routing and replying, and a
letter brought to a state through the real actions.

    people = Letters(county)
    letter = written(people.head)                       # 待分办
    letter = accepted(people)                           # 办理中 at 县农业农村局
    letter = replied(people, people.nyj_box)            # 已答复 after its review levels
"""

from __future__ import annotations

from gongkai.core.files import check_bytes
from gongkai.core.models import AuditEvent
from gongkai.letters import actions, roles
from gongkai.letters.models import Letter, Mailbox
from gongkai.letters.rules import Kind
from tests.documents import make_pdf
from tests.services_cases import staff

WRITER_NAME = "张三丰"
WRITER_PHONE = "13812345678"
REPLY = "经核实，和平村三组水渠已列入今年冬修计划，预计12月底前完工。"


class Letters:
    """The mailboxes and the personas: the office's triage and second-level reviewer, the
    department's triage, two handlers and a reviewer of 县农业农村局, and a handler and a
    reviewer of 县民政局 who must be refused its letters."""

    def __init__(self, county):
        self.office, self.nyj, self.mzj = (county.dept[c] for c in ("BGS", "NYJ", "MZJ"))
        # Set up through the action, as the administrator does (actor None: the system).
        self.head = actions.create_mailbox(
            actor=None,
            name="县长信箱",
            code="t-county-head",
            department=self.office,
            review_levels=2,
            is_county_head=True,
        )
        self.nyj_box = actions.create_mailbox(
            actor=None,
            name="县农业农村局信箱",
            code="t-nyj",
            department=self.nyj,
            review_levels=1,
            order=1,
        )
        self.triage = staff("t_triage", roles.TRIAGE, self.office, "分办甲")
        self.office_reviewer = staff("t_office_reviewer", roles.REVIEWER, self.office, "审核乙")
        self.nyj_triage = staff("t_nyj_triage", roles.TRIAGE, self.nyj, "分办丙")
        self.handler = staff("t_handler", roles.HANDLER, self.nyj, "办理丁")
        self.handler2 = staff("t_handler2", roles.HANDLER, self.nyj, "办理戊")
        self.reviewer = staff("t_reviewer", roles.REVIEWER, self.nyj, "审核己")
        self.other_handler = staff("t_mzj_handler", roles.HANDLER, self.mzj, "民政办理")
        self.other_reviewer = staff("t_mzj_reviewer", roles.REVIEWER, self.mzj, "民政审核")

    def triage_of(self, mailbox: Mailbox):
        return self.triage if mailbox.department_id == self.office.pk else self.nyj_triage


def letter_data(**overrides) -> actions.LetterData:
    values = {
        "kind": Kind.CONSULT,
        "subject": "关于和平村三组灌溉水渠维修的咨询",
        "body": "和平村三组的灌溉水渠去年汛期冲毁一段，至今未修，请问何时维修？",
        "writer_name": WRITER_NAME,
        "writer_phone": WRITER_PHONE,
        "agree_publish": True,
        "page_url": "",
    }
    values.update(overrides)
    return actions.LetterData(**values)


def attachment(name: str = "水渠照片说明.pdf"):
    return check_bytes(name, make_pdf("Irrigation canal, section 3"))


def fresh(letter: Letter) -> Letter:
    return Letter.objects.select_related("reply_clock", "department", "mailbox").get(pk=letter.pk)


def written(mailbox: Mailbox, files=(), **overrides) -> Letter:
    """A letter written to `mailbox`; its query code is kept on it as `query_code`."""
    letter, code = actions.write_letter(mailbox=mailbox, data=letter_data(**overrides), files=files)
    letter = fresh(letter)
    letter.query_code = code
    return letter


def accepted(people: Letters, mailbox: Mailbox | None = None, *, department=None, **overrides):
    """A letter written to `mailbox` (the 县长信箱) and assigned to `department` (县农业农村局)."""
    mailbox = mailbox or people.head
    letter = written(mailbox, **overrides)
    actions.accept_letter(
        actor=people.triage_of(mailbox), letter=letter, department=department or people.nyj
    )
    return fresh(letter)


def replied(people: Letters, mailbox: Mailbox | None = None, *, text: str = REPLY, **overrides):
    """A letter answered by 县农业农村局 after every review level of its mailbox."""
    letter = accepted(people, mailbox, **overrides)
    draft = actions.save_draft(actor=people.handler, letter=letter, text=text)
    actions.submit_draft(actor=people.handler, draft=draft)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    if letter.mailbox.review_levels == 2:
        actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)
    return fresh(letter)


def events(letter: Letter, action: str):
    """The audit events of `action` about `letter`."""
    return AuditEvent.objects.filter(
        action=action, object_type="letters.letter", object_id=str(letter.pk)
    )


def published(people: Letters, mailbox: Mailbox | None = None, **overrides) -> Letter:
    """A replied letter on the public pages, with the texts the publish form suggests (masked)."""
    letter = replied(people, mailbox, **overrides)
    actions.publish_letter(
        actor=people.triage_of(letter.mailbox),
        letter=letter,
        **actions.suggested_public_texts(letter),
    )
    return fresh(letter)
