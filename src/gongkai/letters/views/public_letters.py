"""The writer's side of a letter on the portal: the 政民互动 page, writing to a mailbox, the
confirmation, and following the letter (its steps, the reply, the rating, asking once for it
to be handled again).

The query code is shown once, on the confirmation after the redirect, carried there in the
session (never in a URL). Checking a number and code gives a signed token
(django.core.signing) that opens the letter's page and its forms for PROOF_MINUTES; it names
the letter and a digest of its code, so it opens nothing else (as 政务服务's progress page).
Those pages are never cached.
"""

from __future__ import annotations

import hashlib
import hmac

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from gongkai.core import identity, pagecache, pii
from gongkai.core.clock import today
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.ratelimits import limited, used_up
from gongkai.letters import actions, stats
from gongkai.letters.forms_public import LetterForm, RateForm, ReopenForm, TrackForm
from gongkai.letters.models import Letter, Mailbox
from gongkai.letters.queries import published_letters
from gongkai.letters.rules import OPEN_STATUSES, Kind, Satisfaction, Status, reply_days

# Per client address: letters taken, any posts of the form, number+code checks, ratings.
SUBMIT_RATE = "5/h"
WRITE_POST_RATE = "30/h"
TRACK_RATE = "10/10m"
ANSWER_RATE = "30/h"
PROOF_MINUTES = 30  # how long a checked number+code opens the letter's page
TOKEN_SALT = "letters.track"
RECEIPT_KEY = "letters_receipt"
LATEST = 8  # published letters on the 政民互动 page


def too_many(request, message: str, retry_after: int):
    response = render(request, "letters/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def mailboxes():
    """The open mailboxes, the 县长信箱 first."""
    return Mailbox.objects.filter(active=True).order_by("-is_county_head", "order", "pk")


# ---------------------------------------------------------------- the 政民互动 page


@require_safe
@pagecache.shared
def index(request):
    """政民互动: the mailboxes to write to, the latest published letters, the board, the
    consultations, and this year's figures."""
    on = today()
    rows = stats.monthly(on.replace(month=1, day=1), on, "mailbox")
    _groups, year_total = stats.per_group(rows)
    latest = published_letters()[:LATEST]
    return render(
        request,
        "letters/index.html",
        {
            "index_page": True,
            "mailboxes": mailboxes(),
            "latest": latest,
            "year": on.year,
            "year_total": year_total,
            "reply_days": reply_days(Kind.CONSULT),
            "correction_days": reply_days(Kind.CORRECTION),
        },
    )


# ---------------------------------------------------------------- writing


def _open_mailbox(code: str) -> Mailbox:
    mailbox = mailboxes().select_related("department").filter(code=code).first()
    if mailbox is None:
        raise Http404(_("没有这个信箱，或信箱暂停接收来信。"))
    return mailbox


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def write(request, mailbox: str):
    """写信 to one mailbox; a valid letter is taken and the confirmation follows."""
    box = _open_mailbox(mailbox)
    if request.method != "POST":
        return _write_page(request, box, LetterForm())
    if limited(request, "letters.write", WRITE_POST_RATE, increment=True) or used_up(
        request, "letters.submit", SUBMIT_RATE
    ):
        return too_many(
            request,
            _("您提交来信的次数过多，请一小时后再试。如有急事，请拨打信箱页面上的联系电话。"),
            retry_after=3600,
        )
    form = LetterForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with errors_into(form):
                letter, code = actions.write_letter(
                    mailbox=box, data=form.letter_data(), files=form.cleaned_data["attachments"]
                )
        except InvalidTransition as exc:  # the mailbox closed between the form and the post
            form.add_error(None, str(exc))
        if not form.errors:
            limited(request, "letters.submit", SUBMIT_RATE, increment=True)
            request.session[RECEIPT_KEY] = {"number": letter.number, "code": code}
            return redirect("letters:written")
    return _write_page(request, box, form)


def _write_page(request, mailbox: Mailbox, form: LetterForm):
    return render(
        request,
        "letters/write.html",
        {
            "mailbox": mailbox,
            "form": form,
            "reply_days": reply_days(Kind.CONSULT),
            "correction_days": reply_days(Kind.CORRECTION),
        },
    )


@never_cache
@require_GET  # not HEAD: a HEAD request would use up the one showing of the code
def written(request):
    """The confirmation: the letter number and the query code, shown this once."""
    shown = request.session.pop(RECEIPT_KEY, None)
    letter = None
    if shown:
        letter = (
            Letter.objects.select_related("mailbox__department")
            .filter(number=shown["number"])
            .first()
        )
    if letter is None:
        return render(request, "letters/written.html", {"gone": True})
    return render(
        request,
        "letters/written.html",
        {
            "letter": letter,
            "query_code": shown["code"],
            "status_url": _status_url(letter),
            "reply_days": reply_days(letter.kind),
        },
    )


# ---------------------------------------------------------------- proof of a letter


def _code_digest(letter: Letter) -> str:
    return hashlib.sha256(letter.query_code_hash.encode()).hexdigest()[:16]


def letter_token(letter: Letter) -> str:
    """What proves, for PROOF_MINUTES, that its bearer gave this letter's number and code."""
    return signing.dumps({"letter": letter.pk, "code": _code_digest(letter)}, salt=TOKEN_SALT)


def _proven_letter(token: str) -> Letter | None:
    """The letter a valid, unexpired token names, else None (forged, expired, other code)."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=PROOF_MINUTES * 60)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("letter"), int):
        return None
    letter = (
        Letter.objects.select_related(
            "mailbox", "department", "reply_department", "reply_clock", "merged_into"
        )
        .filter(pk=payload["letter"])
        .first()
    )
    if letter is None or not hmac.compare_digest(str(payload.get("code")), _code_digest(letter)):
        return None
    return letter


def _status_url(letter: Letter) -> str:
    return f"{reverse('letters:track')}?{urlencode({'t': letter_token(letter)})}"


def _proof_gone(request):
    """A token that proves nothing: ask for the number and code again, saying why."""
    return render(
        request, "letters/track.html", {"form": TrackForm(), "proof_gone": True}, status=403
    )


# ---------------------------------------------------------------- following the letter


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """查询办理情况: the number and query code open the letter's page (`?t=` the proof)."""
    if request.method != "POST":
        if "t" not in request.GET:
            return render(request, "letters/track.html", {"form": TrackForm()})
        letter = _proven_letter(request.GET["t"])
        if letter is None:
            return _proof_gone(request)
        return _status_page(request, letter, request.GET["t"])
    if limited(request, "letters.track", TRACK_RATE, increment=True):
        return too_many(request, _("查询次数过多，请 10 分钟后再试。"), retry_after=600)
    form = TrackForm(request.POST)
    if form.is_valid():
        letter = actions.find_letter(form.cleaned_data["number"], form.cleaned_data["code"])
        if letter is not None:
            return redirect(_status_url(letter))
        # One message for a wrong number and a wrong code: nothing tells which exists.
        form.add_error(None, _("信件编号或查询码不正确，请核对后重新输入。"))
    return render(request, "letters/track.html", {"form": form})


def may_rate(letter: Letter) -> bool:
    return letter.status == Status.REPLIED and not letter.satisfaction


def may_reopen(letter: Letter) -> bool:
    return (
        letter.status == Status.REPLIED
        and letter.satisfaction == Satisfaction.DISSATISFIED
        and not letter.reopened
    )


def _status_page(request, letter: Letter, token: str, rate_form=None, reopen_form=None):
    """The writer's view of the letter: where it stands, its public steps, the due date, the
    reply and its rating; the writer's own name and phone masked."""
    if rate_form is None and may_rate(letter):
        rate_form = RateForm()
    if reopen_form is None and may_reopen(letter):
        reopen_form = ReopenForm()
    return render(
        request,
        "letters/track.html",
        {
            "letter": letter,
            "token": token,
            "open": letter.status in OPEN_STATUSES,
            "writer": pii.mask_name(letter.writer_name),
            "phone": identity.mask_phone(letter.writer_phone),
            "steps": letter.steps.filter(public=True).select_related("department"),
            "rate_form": rate_form if may_rate(letter) else None,
            "reopen_form": reopen_form if may_reopen(letter) else None,
            "proof_minutes": PROOF_MINUTES,
        },
    )


def _answer(request, *, allowed, form_class, act, done: str, refused: str, form_key: str):
    """A POST from the letter's page (rating, asking again): checked, acted, shown again."""
    if limited(request, "letters.answer", ANSWER_RATE, increment=True):
        return too_many(request, _("提交次数过多，请一小时后再试。"), retry_after=3600)
    token = request.POST.get("t", "")
    letter = _proven_letter(token)
    if letter is None:
        return _proof_gone(request)
    if not allowed(letter):
        messages.info(request, refused)
        return redirect(_status_url(letter))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            with errors_into(form):
                act(letter, form.cleaned_data)
        except InvalidTransition as exc:  # rated or asked meanwhile
            form.add_error(None, str(exc))
        if not form.errors:
            messages.success(request, done)
            return redirect(_status_url(letter))
    return _status_page(request, letter, token, **{form_key: form})


@never_cache
@require_POST
def track_rate(request):
    """评价: the writer rates the reply once, from the letter's page."""
    return _answer(
        request,
        allowed=may_rate,
        form_class=RateForm,
        act=lambda letter, data: actions.rate_reply(
            letter=letter, satisfaction=data["satisfaction"]
        ),
        done=_("感谢您的评价！"),
        refused=_("这封来信已评价，或还没有答复。"),
        form_key="rate_form",
    )


@never_cache
@require_POST
def track_reopen(request):
    """申请再次办理: once, after 不满意, with the reason."""
    return _answer(
        request,
        allowed=may_reopen,
        form_class=ReopenForm,
        act=lambda letter, data: actions.reopen_letter(letter=letter, reason=data["reason"]),
        done=_("已收到您的申请，承办部门将再次办理并答复。"),
        refused=_("这封来信已申请过再次办理，或当前不能申请。"),
        form_key="reopen_form",
    )
