"""Publishing a letter and its reply on the 政民互动 pages, where the writer agreed.

The public sees texts of their own (subject_public, body_public, reply_public), prefilled by
suggested_public_texts with personal information masked and checked again on publishing: a
text in which the scanner still finds an ID, a phone or a bank card, or which still names the
writer, is refused rather than published (addresses are the triage's to shorten to the
town or street: no scanner finds them reliably).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, pii
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.letters.actions._shared import (
    REASON_LIMIT,
    REPLY_LIMIT,
    lock,
    pages_changed,
    require_status,
    require_triage,
    required,
    step,
)
from gongkai.letters.actions.intake import BODY_LIMIT, SUBJECT_LIMIT
from gongkai.letters.models import Letter, LetterStep
from gongkai.letters.rules import Status


def _without_writer(letter: Letter, text: str) -> str:
    name = letter.writer_name.strip()
    if len(name) < 2:  # one character would mask every word that contains it
        return text
    return text.replace(name, pii.mask_name(name))


def suggested_public_texts(letter: Letter) -> dict:
    """The subject, body and reply with personal information masked, to prefill the form."""
    return {
        field: _without_writer(letter, pii.mask(text))
        for field, text in (
            ("subject_public", letter.subject),
            ("body_public", letter.body),
            ("reply_public", letter.reply),
        )
    }


def _checked(letter: Letter, text: str, field: str, label, limit: int) -> str:
    text = required(text, field, _("请填写%(label)s。") % {"label": label}, limit)
    found = pii.scan(text)
    if found:
        kinds = "、".join(dict.fromkeys(str(f.label) for f in found))
        raise InvalidInput(
            _("%(label)s仍含未遮盖的个人信息（%(kinds)s），请遮盖后再公开。")
            % {"label": label, "kinds": kinds},
            field,
        )
    name = letter.writer_name.strip()
    if len(name) >= 2 and name in text:
        raise InvalidInput(
            _("%(label)s仍含写信人的姓名，请遮盖后再公开。") % {"label": label}, field
        )
    return text


@transaction.atomic
def publish_letter(
    *, actor, letter: Letter, subject_public: str, body_public: str, reply_public: str
) -> Letter:
    """公开: a replied letter whose writer agreed, with its masked texts, on the public pages
    (published again with new texts, it keeps its first publication date)."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, Status.REPLIED)
    if not letter.agree_publish:
        raise InvalidTransition(_("写信人未同意公开，此信不能公开。"))
    letter.subject_public = _checked(
        letter, subject_public, "subject_public", _("公开标题"), SUBJECT_LIMIT
    )
    letter.body_public = _checked(letter, body_public, "body_public", _("公开内容"), BODY_LIMIT)
    letter.reply_public = _checked(letter, reply_public, "reply_public", _("公开答复"), REPLY_LIMIT)
    again = letter.published_at is not None
    letter.published_at = letter.published_at or timezone.now()
    letter.save(update_fields=["subject_public", "body_public", "reply_public", "published_at"])
    step(letter, LetterStep.Action.PUBLISH, actor=actor, public=not again)
    audit.record("letters.publish", actor=actor, obj=letter, data={"again": again})
    pages_changed()
    return letter


@transaction.atomic
def unpublish_letter(*, actor, letter: Letter, reason: str) -> Letter:
    """撤销公开: the letter leaves the public pages (its public texts are kept for the record
    and for publishing again)."""
    letter = lock(letter)
    require_triage(actor, letter)
    if letter.published_at is None:
        raise InvalidTransition(_("此信尚未公开。"))
    reason = required(reason, "reason", _("请填写撤销公开的理由。"), REASON_LIMIT)
    letter.published_at = None
    letter.save(update_fields=["published_at"])
    step(letter, LetterStep.Action.UNPUBLISH, actor=actor, note=reason, public=False)
    audit.record("letters.unpublish", actor=actor, obj=letter, data={"reason": reason})
    pages_changed()
    return letter
