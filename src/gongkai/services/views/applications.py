"""The applicant's side of a case on the portal: apply online, the receipt, the progress page,
supplying materials after a one-time notice, and downloading the case's documents.

The query code is shown once, on the receipt after the redirect, carried there in the session
(never in a URL). Checking a number and code gives a signed token (django.core.signing) that
opens the case's progress page, supply form, rating form and documents for PROOF_MINUTES; it names the case
and a digest of its code, so it opens nothing else and dies with a new code. The pages that
carry it in their address are never cached, and send it in no Referer to another site (the
site's same-origin policy; "no-referrer" would make browsers send `Origin: null` with the
supply form, which the CSRF check rightly refuses).
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import identity, pii
from gongkai.core.downloads import serve_upload
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.ratelimits import limited, used_up
from gongkai.services import actions
from gongkai.services.actions.ratings import can_rate, is_rated, rate_case
from gongkai.services.forms_apply import ApplyForm, SupplyForm, TrackForm
from gongkai.services.forms_ratings import RatingForm
from gongkai.services.models import Case, CaseDocument, CaseMaterial, Evaluation, ServiceItem
from gongkai.services.rules import ONE_TIME_NOTICE_DAYS, Necessity, RatingReason

# Per client address: applications taken, any posts of the form, number+code checks, supplies.
SUBMIT_RATE = "5/h"
APPLY_POST_RATE = "30/h"
TRACK_RATE = "10/10m"
SUPPLY_RATE = "30/h"
RATE_POST_RATE = "30/h"
PROOF_MINUTES = 30  # how long a checked number+code opens the case's pages
TOKEN_SALT = "services.track"
RECEIPT_KEY = "services_receipt"
AWAITED = (CaseMaterial.State.MISSING, CaseMaterial.State.DEFECTIVE)
OPEN = (
    Case.Status.SUBMITTED,
    Case.Status.AWAITING_APPLICANT,
    Case.Status.REVIEW,
    Case.Status.DECISION,
    Case.Status.SPECIAL,
)


def _too_many(request, message: str, retry_after: int):
    response = render(request, "services/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


# ---------------------------------------------------------------- proof of a case


def _code_digest(case: Case) -> str:
    return hashlib.sha256(case.query_code_hash.encode()).hexdigest()[:16]


def case_token(case: Case) -> str:
    """What proves, for PROOF_MINUTES, that its bearer gave this case's number and code."""
    return signing.dumps({"case": case.pk, "code": _code_digest(case)}, salt=TOKEN_SALT)


def _proven_case(token: str) -> Case | None:
    """The case a valid, unexpired token names, else None (forged, expired, or code changed)."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=PROOF_MINUTES * 60)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("case"), int):
        return None
    case = (
        Case.objects.select_related(
            "version",
            "department",
            "intake_clock",
            "legal_clock",
            "promised_clock",
            # 好差评 on the same page, read with the case: no query more for it.
            "evaluation__rectification__answer_clock",
        )
        .filter(pk=payload["case"])
        .first()
    )
    if case is None or not hmac.compare_digest(str(payload.get("code")), _code_digest(case)):
        return None
    return case


def _status_url(case: Case) -> str:
    return f"{reverse('services:track')}?{urlencode({'t': case_token(case)})}"


def _proof_gone(request):
    """A token that proves nothing: ask for the number and code again, saying why."""
    return render(
        request, "services/track.html", {"form": TrackForm(), "proof_gone": True}, status=403
    )


# ---------------------------------------------------------------- applying


def _published_item(code: str) -> ServiceItem:
    item = (
        ServiceItem.objects.select_related("current", "department")
        .filter(code=code, current__isnull=False)
        .first()
    )
    if item is None:
        raise Http404(_("没有这个事项。"))
    return item


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, code: str):
    """网上申请 of one item (only where the item is handled online)."""
    item = _published_item(code)
    version = item.current
    if not version.online:
        return render(request, "services/apply_unavailable.html", {"item": item}, status=404)
    if request.method != "POST":
        return _apply_page(request, item, ApplyForm(version=version))
    if limited(request, "services.apply", APPLY_POST_RATE, increment=True) or used_up(
        request, "services.submit", SUBMIT_RATE
    ):
        return _too_many(
            request,
            _("您提交申请的次数过多，请一小时后再试。如确需办理，可到办事窗口当面申请。"),
            retry_after=3600,
        )
    form = ApplyForm(request.POST, request.FILES, version=version)
    if form.is_valid():
        try:
            with errors_into(form):
                case, query_code = actions.submit_online(
                    item=item, data=form.applicant, materials=form.submissions()
                )
        except InvalidTransition as exc:  # the item changed between the form and the post
            form.add_error(None, str(exc))
        if not form.errors:
            limited(request, "services.submit", SUBMIT_RATE, increment=True)
            request.session[RECEIPT_KEY] = {"number": case.number, "code": query_code}
            return redirect("services:applied")
    return _apply_page(request, item, form)


def _apply_page(request, item, form):
    return render(
        request,
        "services/apply.html",
        {
            "item": item,
            "version": item.current,
            "form": form,
            "materials": form.material_fields(),
            "one_time_notice_days": ONE_TIME_NOTICE_DAYS,
            "has_files": bool(form.material_rows),
        },
    )


@never_cache
@require_GET  # not HEAD: a HEAD request would use up the one showing of the code
def applied(request):
    """The receipt: the case number and the query code, shown this once."""
    shown = request.session.pop(RECEIPT_KEY, None)
    case = None
    if shown:
        case = (
            Case.objects.select_related("version", "department", "intake_clock")
            .filter(number=shown["number"])
            .first()
        )
    if case is None:
        return render(request, "services/applied.html", {"gone": True})
    missing = case.materials.filter(
        state=CaseMaterial.State.MISSING, material__necessity=Necessity.REQUIRED
    )
    return render(
        request,
        "services/applied.html",
        {
            "case": case,
            "query_code": shown["code"],
            "missing": missing,
            "status_url": _status_url(case),
            "one_time_notice_days": ONE_TIME_NOTICE_DAYS,
        },
    )


# ---------------------------------------------------------------- following the case


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """查询办理进度: the number and query code open the case's page (`?t=` the proof)."""
    if request.method != "POST":
        if "t" not in request.GET:
            return render(request, "services/track.html", {"form": TrackForm()})
        case = _proven_case(request.GET["t"])
        if case is None:
            return _proof_gone(request)
        return _status_page(request, case, request.GET["t"])
    if limited(request, "services.track", TRACK_RATE, increment=True):
        return _too_many(request, _("查询次数过多，请 10 分钟后再试。"), retry_after=600)
    form = TrackForm(request.POST)
    if form.is_valid():
        case = actions.find_case(form.cleaned_data["number"].strip(), form.cleaned_data["code"])
        if case is not None:
            return redirect(_status_url(case))
        # One message for a wrong number and a wrong code: nothing tells which exists.
        form.add_error(None, _("办件编号或查询码不正确，请核对回执后重新输入。"))
    return render(request, "services/track.html", {"form": form})


def _rating_context(case: Case, rating_form=None) -> dict:
    """好差评 on the progress page: the rating given, or the form while the case may be rated."""
    if is_rated(case):
        evaluation = case.evaluation
        return {
            "evaluation": evaluation,
            "rating_stars": "★" * evaluation.grade + "☆" * (5 - evaluation.grade),
            "rating_reasons": [RatingReason(code).label for code in evaluation.reason_list()],
        }
    if rating_form is None and can_rate(case):
        rating_form = RatingForm(channel=Evaluation.Channel.ONLINE)
    return {"evaluation": None, "rating_form": rating_form}


def _status_page(request, case: Case, token: str, supply_form=None, rating_form=None):
    """The applicant's view of the case: where it stands, its steps, what is awaited, the due
    dates, the documents and the rating; personal data masked."""
    materials = list(case.materials.all())
    awaiting = case.status == Case.Status.AWAITING_APPLICANT
    awaited = [row for row in materials if awaiting and row.state in AWAITED]
    if awaited and supply_form is None:
        supply_form = SupplyForm(rows=awaited)
    notice = case.notices.filter(answered_on__isnull=True).last() if awaiting else None
    return render(
        request,
        "services/track.html",
        {
            "case": case,
            "token": token,
            "open": case.status in OPEN,
            "awaiting": awaiting,
            "applicant": pii.mask_name(case.applicant_name),
            "phone": identity.mask_phone(case.phone),
            "steps": case.steps.filter(public=True),
            "materials": materials,
            "notice": notice,
            "supply_form": supply_form,
            "supply_fields": supply_form.material_fields() if supply_form else [],
            "documents": case.documents.filter(for_applicant=True).select_related("upload__file"),
            "proof_minutes": PROOF_MINUTES,
            **_rating_context(case, rating_form),
        },
    )


@never_cache
@require_POST
def track_supply(request):
    """补正: the applicant hands in what the one-time notice asked for."""
    if limited(request, "services.supply", SUPPLY_RATE, increment=True):
        return _too_many(request, _("提交次数过多，请一小时后再试。"), retry_after=3600)
    token = request.POST.get("t", "")
    case = _proven_case(token)
    if case is None:
        return _proof_gone(request)
    awaiting = case.status == Case.Status.AWAITING_APPLICANT
    rows = list(case.materials.filter(state__in=AWAITED)) if awaiting else []
    if not rows:
        messages.info(request, _("该办件当前没有需要补正的材料。"))
        return redirect(_status_url(case))
    form = SupplyForm(request.POST, request.FILES, rows=rows)
    if form.is_valid():
        try:
            with errors_into(form):
                actions.supply_materials(case=case, files=form.files_checked)
        except InvalidTransition as exc:  # the case moved on since the page was shown
            form.add_error(None, str(exc))
        if not form.errors:
            messages.success(request, _("已收到补正材料，窗口将重新审查。"))
            return redirect(_status_url(case))
    return _status_page(request, case, token, supply_form=form)


@never_cache
@require_POST
def track_rate(request):
    """评价 (一事一评): the applicant rates the case once, from its progress page."""
    if limited(request, "services.rate", RATE_POST_RATE, increment=True):
        return _too_many(request, _("提交次数过多，请一小时后再试。"), retry_after=3600)
    token = request.POST.get("t", "")
    case = _proven_case(token)
    if case is None:
        return _proof_gone(request)
    if not can_rate(case):
        messages.info(request, _("该办件已评价，或当前还不能评价。"))
        return redirect(_status_url(case))
    form = RatingForm(request.POST, channel=Evaluation.Channel.ONLINE)
    if form.is_valid():
        try:
            with errors_into(form):
                rate_case(
                    case=case,
                    grade=form.cleaned_data["grade"],
                    reasons=form.cleaned_data["reasons"],
                    comment=form.cleaned_data["comment"],
                    channel=Evaluation.Channel.ONLINE,
                )
        except InvalidTransition as exc:  # rated meanwhile, or the case moved on
            form.add_error(None, str(exc))
        if not form.errors:
            messages.success(request, _("感谢您的评价！"))
            return redirect(_status_url(case))
    return _status_page(request, case, token, rating_form=form)


@never_cache
@require_GET
def track_document(request, document_id: int):
    """A document of the case for the applicant, opened by the proof; anything else 404."""
    case = _proven_case(request.GET.get("t", ""))
    if case is None:
        return _proof_gone(request)
    doc = (
        CaseDocument.objects.select_related("upload__file")
        .filter(pk=document_id, case=case, for_applicant=True)
        .first()
    )
    if doc is None:
        raise Http404(_("文件不存在。"))
    return serve_upload(doc.upload, f"document-{doc.pk}")
