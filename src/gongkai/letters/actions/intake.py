"""Writing in: a letter to a mailbox, checked field by field, with its attachments, a number
and a query code; found again by both.

A letter waits for the mailbox department's triage: its reply clock starts only when it is
accepted (routing.accept_letter), as the mailboxes promise "10 working days from acceptance".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit, identity
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.query_codes import matches, new_query_code, query_code_hash
from gongkai.letters.actions._shared import choice, next_number, pages_changed, required, step
from gongkai.letters.models import Letter, LetterAttachment, LetterStep, Mailbox
from gongkai.letters.rules import Kind

SUBJECT_LIMIT = 120
BODY_LIMIT = 5000
NAME_LIMIT = 50
URL_LIMIT = 500
MAX_ATTACHMENTS = 3
_web_address = URLValidator(schemes=["http", "https"])


@dataclass
class LetterData:
    """What the writer typed on the form."""

    kind: str
    subject: str
    body: str
    writer_name: str
    writer_phone: str
    agree_publish: bool = False
    page_url: str = ""  # 纠错 only: the address of the page with the error


def check_letter(data: LetterData) -> LetterData:
    """The cleaned letter, or InvalidInput naming the first field that is wrong."""
    choice(data.kind, Kind, "kind", _("请选择来信类型。"))
    data.subject = required(data.subject, "subject", _("请填写标题。"), SUBJECT_LIMIT)
    data.body = required(data.body, "body", _("请填写来信内容。"), BODY_LIMIT)
    data.writer_name = required(data.writer_name, "writer_name", _("请填写姓名。"), NAME_LIMIT)
    try:
        data.writer_phone = identity.check_phone(data.writer_phone)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, "writer_phone") from exc
    data.agree_publish = bool(data.agree_publish)
    if data.kind == Kind.CORRECTION:
        data.page_url = _page_url(data.page_url)
    else:
        data.page_url = ""  # only a 纠错 report is about a page of the site
    return data


def _page_url(value: str) -> str:
    value = required(
        value, "page_url", _("纠错请填写出错页面的网址（以 http:// 或 https:// 开头）。"), URL_LIMIT
    )
    try:
        _web_address(value)
    except ValidationError as exc:
        raise InvalidInput(
            _("网址格式不正确，请填写以 http:// 或 https:// 开头的完整网址。"), "page_url"
        ) from exc
    return value


def _check_files(files) -> list[CheckedFile]:
    files = list(files or ())
    if len(files) > MAX_ATTACHMENTS:
        raise InvalidInput(
            _("最多上传 %(n)d 个附件，您选择了 %(count)d 个。")
            % {"n": MAX_ATTACHMENTS, "count": len(files)},
            "attachments",
        )
    if any(not isinstance(f, CheckedFile) for f in files):
        raise InvalidInput(_("附件未通过文件检查。"), "attachments")
    return files


@transaction.atomic
def write_letter(
    *, mailbox: Mailbox, data: LetterData, files: list[CheckedFile] = ()
) -> tuple[Letter, str]:
    """The public writes to `mailbox`; returns the letter and its query code (shown once,
    never stored)."""
    if not mailbox.active:
        raise InvalidTransition(_("该信箱暂停接收来信。"))
    data = check_letter(data)
    files = _check_files(files)
    code = new_query_code()
    letter = Letter.objects.create(
        number=next_number(today().year),
        query_code_hash=query_code_hash(code),
        mailbox=mailbox,
        kind=data.kind,
        subject=data.subject,
        body=data.body,
        page_url=data.page_url,
        writer_name=data.writer_name,
        writer_phone=data.writer_phone,
        agree_publish=data.agree_publish,
        received_at=timezone.now(),
    )
    for checked in files:
        upload = core_actions.store_upload(actor=None, checked=checked)
        LetterAttachment.objects.create(letter=letter, upload=upload, name=upload.name)
    step(letter, LetterStep.Action.SUBMIT, actor=None, department=mailbox.department)
    audit.record(
        "letters.submit",
        obj=letter,
        actor_label="writer",
        data={
            "number": letter.number,
            "mailbox": mailbox.code,
            "kind": letter.kind,
            "agree_publish": letter.agree_publish,
            "attachments": len(files),
        },
    )
    pages_changed()  # the statistics count it as received
    return letter, code


def find_letter(number: str, code: str) -> Letter | None:
    """The letter with this number and query code; None for any mismatch (no hint which)."""
    letter = Letter.objects.filter(number=(number or "").strip().upper()).first()
    if letter is None or not matches(letter.query_code_hash, code):
        return None
    return letter
