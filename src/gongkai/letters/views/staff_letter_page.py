"""A letter's page in the workbench: the letter with its writer masked (shown in full only
through an audited action), its attachments, every step (internal ones too), the reply clock,
the reply drafts with their reviews, and the forms of the next steps this user may take now
(each posts to its own address: staff_letter_steps.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core import pii
from gongkai.core.clock import clock_state
from gongkai.core.decorators import action_view, staff_required
from gongkai.core.downloads import serve_upload
from gongkai.core.identity import mask_phone
from gongkai.letters import actions, forms_staff, permissions
from gongkai.letters.models import Letter, LetterAttachment, ReplyDraft
from gongkai.letters.queries import visible_letters
from gongkai.letters.rules import Status
from gongkai.letters.views.staff_letters import LETTER_RELATED, get_letter_for_user

Draft = ReplyDraft.State
# Duplicates and abusive letters may be merged or closed until the reply is under review.
BEFORE_REVIEW = (Status.SUBMITTED, Status.HANDLING)


def letter_page_url(number: str, **_ids) -> str:
    """The address of letter `number`'s page, where the forms of its steps are."""
    return reverse("letters:staff:letter", args=[number])


def pending_review(letter: Letter, drafts: list[ReplyDraft]) -> tuple[ReplyDraft | None, int]:
    """The draft under review and the level it waits at (the first without an approval)."""
    draft = next((d for d in drafts if d.state == Draft.REVIEW), None)
    if draft is None:
        return None, 0
    approved = {review.level for review in draft.reviews.all() if review.approved}
    level = next(n for n in range(1, draft.levels + 2) if n not in approved)
    return draft, level


def reviews_at(user, letter: Letter, draft: ReplyDraft, level: int) -> bool:
    """Level 1 is the answering department's reviewer, level 2 the mailbox department's;
    never the draft's author, nor who approved it at level 1."""
    department = draft.department if level == 1 else letter.mailbox.department
    if user.pk == draft.author_id:
        return False
    if any(r.reviewer_id == user.pk for r in draft.reviews.all()):
        return False
    return permissions.can_review(user, department)


def available(user, letter: Letter, drafts: list[ReplyDraft]) -> dict:
    """Which next steps the letter's status allows this user (the actions check again)."""
    status = letter.status
    triage = permissions.can_triage(user, letter.mailbox.department)
    lead = letter.department_id is not None and permissions.can_draft(user, letter.department)
    latest = drafts[0] if drafts else None
    review, level = pending_review(letter, drafts)
    return {
        "accept": triage and status == Status.SUBMITTED,
        "return": triage and status == Status.SUBMITTED,
        "transfer": triage and status in BEFORE_REVIEW,
        "merge": triage and status in BEFORE_REVIEW,
        "close": triage and status in BEFORE_REVIEW,
        "reassign": triage and status == Status.HANDLING,
        "decide_extension": triage and actions.extension_pending(letter),
        "draft": lead and status == Status.HANDLING,
        "submit": lead
        and status == Status.HANDLING
        and latest is not None
        and latest.state == Draft.DRAFT,
        "extension": lead
        and status in (Status.HANDLING, Status.REVIEW)
        and letter.extension_requested_by_id is None,
        "review": review is not None and reviews_at(user, letter, review, level),
        "publish": triage and status == Status.REPLIED and letter.agree_publish,
        "unpublish": triage and letter.published_at is not None,
    }


def blank_forms(user, letter: Letter, drafts: list[ReplyDraft]) -> dict:
    latest = drafts[0] if drafts else None
    editing = latest is not None and latest.state in (Draft.DRAFT, Draft.RETURNED)
    return {
        "accept": forms_staff.AcceptForm(auto_id="id_accept_%s"),
        "return": forms_staff.ReturnForm(auto_id="id_return_%s"),
        "transfer": forms_staff.TransferForm(auto_id="id_transfer_%s"),
        "merge": forms_staff.MergeForm(auto_id="id_merge_%s"),
        "close": forms_staff.CloseForm(auto_id="id_close_%s"),
        "reassign": forms_staff.ReassignForm(auto_id="id_reassign_%s"),
        "decide_extension": forms_staff.ExtensionDecisionForm(auto_id="id_decide_extension_%s"),
        "draft": forms_staff.DraftForm(
            auto_id="id_draft_%s", initial={"text": latest.text if editing else ""}
        ),
        "submit": forms_staff.SubmitDraftForm(
            auto_id="id_submit_%s", initial={"draft": latest.pk if latest else None}
        ),
        "extension": forms_staff.ExtensionRequestForm(auto_id="id_extension_%s"),
        "review": forms_staff.ReviewForm(auto_id="id_review_%s"),
        "publish": forms_staff.PublishForm(auto_id="id_publish_%s"),
        "unpublish": forms_staff.UnpublishForm(auto_id="id_unpublish_%s"),
    }


def public_texts(letter: Letter) -> dict:
    """What the publish form starts from: the texts published already, or the letter's with
    personal information masked (actions.suggested_public_texts)."""
    if letter.published_at is not None:
        return {
            "subject_public": letter.subject_public,
            "body_public": letter.body_public,
            "reply_public": letter.reply_public,
        }
    return actions.suggested_public_texts(letter)


def masked_writer(letter: Letter) -> dict:
    return {"name": pii.mask_name(letter.writer_name), "phone": mask_phone(letter.writer_phone)}


def letter_page(request, letter: Letter, *, bound: dict | None = None, revealed=None):
    """The letter's page; `bound` holds a step's form posted back with errors, by step name."""
    user = request.user
    drafts = list(
        letter.drafts.select_related("author", "department").prefetch_related("reviews__reviewer")
    )
    can = available(user, letter, drafts)
    forms = blank_forms(user, letter, drafts)
    if can["publish"] and not (bound and "publish" in bound):
        forms["publish"] = forms_staff.PublishForm(
            auto_id="id_publish_%s", initial=public_texts(letter)
        )
    forms.update({key: form for key, form in (bound or {}).items() if key in forms})
    review, level = pending_review(letter, drafts)
    context = {
        "letter": letter,
        "masked": masked_writer(letter),
        "revealed": revealed,
        "attachments": list(letter.attachments.select_related("upload")),
        "assisting": list(letter.assisting.order_by("path")),
        "steps": list(letter.steps.select_related("actor", "department")),
        "drafts": drafts,
        "latest": drafts[0] if drafts else None,
        "under_review": review,
        "review_level": level,
        "reply_clock": clock_state(letter.reply_clock),
        "extension_pending": actions.extension_pending(letter),
        "forms": forms,
        "can": can,
        "nothing_to_do": not any(can.values()),
    }
    return render(request, "letters/staff/letter.html", context)


@staff_required
@require_http_methods(["GET", "HEAD"])
def letter_detail(request, number: str):
    return letter_page(request, get_letter_for_user(request.user, number))


@never_cache
@staff_required
@action_view(letter_page_url)
def letter_reveal(request, number: str):
    """查看来信人信息: the writer's name and phone in full, audited; a refusal too."""
    letter = get_object_or_404(Letter.objects.select_related(*LETTER_RELATED), number=number)
    # reveal_writer audits the look, a refused one too, before it refuses.
    revealed = actions.reveal_writer(actor=request.user, letter=letter)
    return letter_page(request, letter, revealed=revealed)


@staff_required
@require_http_methods(["GET", "HEAD"])
def attachment_download(request, number: str, pk: int):
    letter = get_letter_for_user(request.user, number)
    row = get_object_or_404(
        LetterAttachment.objects.select_related("upload__file"), pk=pk, letter=letter
    )
    return serve_upload(row.upload, f"letter-file-{row.pk}")


def merge_targets(user, letter: Letter):
    """The letters a triage may merge this one into: those it sees, still open or replied."""
    return visible_letters(user).exclude(pk=letter.pk)
