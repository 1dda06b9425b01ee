"""依申请公开 on the portal: the guide, the application form, the receipt, progress tracking.

The query code is shown once, on the receipt page after the redirect, carried there in the
session (never in a URL). Checking a number and code proves the request to this session for
PROOF_MINUTES; only proven requests' pages and documents open, anything else is a 404.
"""

from __future__ import annotations

import time

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from gongkai.core import identity, pii
from gongkai.core.downloads import serve_upload
from gongkai.core.forms import errors_into
from gongkai.core.ratelimits import limited, used_up
from gongkai.disclosure import actions, fees
from gongkai.disclosure.forms import ApplicationForm, TrackForm
from gongkai.disclosure.models import DisclosureRequest, RequestDocument
from gongkai.disclosure.rules import (
    CORRECTION_NOTICE_DAYS,
    EXTENSION_MAX_DAYS,
    FEE_PAYMENT_DAYS,
    REPLY_DAYS,
    Channel,
)

# Per client address: applications accepted, any posts of the form, number+code checks.
SUBMIT_RATE = "5/h"
APPLY_POST_RATE = "30/h"
TRACK_RATE = "10/10m"
PROOF_MINUTES = 30  # how long a checked number+code opens the request's pages
RECEIPT_KEY = "disclosure_receipt"
PROVEN_KEY = "disclosure_proven"
CLOSED_STATES = (DisclosureRequest.Status.REPLIED, DisclosureRequest.Status.CLOSED)


def _too_many(request, message: str, retry_after: int):
    response = render(request, "disclosure/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


# ---------------------------------------------------------------- proof of a request


def _prove(request, disclosure_request: DisclosureRequest) -> None:
    proven = {
        key: until
        for key, until in (request.session.get(PROVEN_KEY) or {}).items()
        if until > time.time()
    }
    proven[str(disclosure_request.pk)] = time.time() + PROOF_MINUTES * 60
    # A new session key, as at a login: a key planted before the proof opens nothing.
    request.session.cycle_key()
    request.session[PROVEN_KEY] = proven


def _proven_request(request, number: str) -> DisclosureRequest | None:
    """The request with this number if this session proved it recently, else None."""
    disclosure_request = (
        DisclosureRequest.objects.select_related("department", "reply_clock")
        .filter(number=number)
        .first()
    )
    if disclosure_request is None:
        return None
    until = (request.session.get(PROVEN_KEY) or {}).get(str(disclosure_request.pk))
    if until is None or until <= time.time():
        return None
    return disclosure_request


# ---------------------------------------------------------------- pages


@require_safe
def guide(request):
    """申请指南: who may apply, how, and the time limits of the 条例."""
    return render(
        request,
        "disclosure/guide.html",
        {
            "reply_days": REPLY_DAYS,
            "extension_days": EXTENSION_MAX_DAYS,
            "correction_notice_days": CORRECTION_NOTICE_DAYS,
            # 国办函〔2020〕109号 Art. 4-6: the fee standards and the payment period.
            "fee_standards": [
                fees.standard_text(fees.APPLICATIONS),
                fees.standard_text(fees.PAGES),
            ],
            "fee_payment_days": FEE_PAYMENT_DAYS,
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """The application form (Art. 29); a valid one is submitted and the receipt follows."""
    if request.method != "POST":
        return render(request, "disclosure/apply.html", {"form": ApplicationForm()})
    if limited(request, "disclosure.apply", APPLY_POST_RATE, increment=True) or used_up(
        request, "disclosure.submit", SUBMIT_RATE
    ):
        return _too_many(
            request,
            _("您提交申请的次数过多，请一小时后再试。如确需提交多份申请，可到受理机关当面提交。"),
            retry_after=3600,
        )
    form = ApplicationForm(request.POST, request.FILES)
    if form.is_valid():
        with errors_into(form):
            disclosure_request, code = actions.submit_application(
                data=form.application_data(),
                department=form.cleaned_data["department"],
                channel=Channel.ONLINE,
                id_scan=form.cleaned_data.get("id_scan"),
            )
        if not form.errors:
            limited(request, "disclosure.submit", SUBMIT_RATE, increment=True)
            request.session[RECEIPT_KEY] = {
                "number": disclosure_request.number,
                "code": code,
            }
            _prove(request, disclosure_request)
            return redirect("disclosure:receipt")
    return render(request, "disclosure/apply.html", {"form": form})


@never_cache
@require_GET  # not HEAD: a HEAD request would use up the one showing of the code
def receipt(request):
    """The receipt: the number and the query code, shown this once."""
    shown = request.session.pop(RECEIPT_KEY, None)
    if not shown:
        return render(request, "disclosure/receipt_gone.html")
    disclosure_request = (
        DisclosureRequest.objects.select_related("department", "reply_clock")
        .filter(number=shown["number"])
        .first()
    )
    if disclosure_request is None:
        return render(request, "disclosure/receipt_gone.html")
    return render(
        request,
        "disclosure/receipt.html",
        {"disclosure_request": disclosure_request, "query_code": shown["code"]},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    """查询办理进度: the number and query code open the request's page."""
    if request.method != "POST":
        return render(request, "disclosure/track.html", {"form": TrackForm()})
    if limited(request, "disclosure.track", TRACK_RATE, increment=True):
        return _too_many(request, _("查询次数过多，请 10 分钟后再试。"), retry_after=600)
    form = TrackForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        disclosure_request = actions.find_request(number, form.cleaned_data["code"])
        if disclosure_request is not None:
            _prove(request, disclosure_request)
            return redirect("disclosure:status", number=disclosure_request.number)
        # One message for a wrong number and a wrong code: nothing tells which exists.
        form.add_error(None, _("申请编号或查询码不正确，请核对回执后重新输入。"))
    return render(request, "disclosure/track.html", {"form": form})


@never_cache
@require_safe
def status(request, number: str):
    """The applicant's view of one request: status, dates, public timeline, documents."""
    disclosure_request = _proven_request(request, number)
    if disclosure_request is None:
        return redirect("disclosure:track")
    clock = disclosure_request.reply_clock
    events = disclosure_request.events.filter(public=True)
    documents = disclosure_request.documents.filter(for_applicant=True).select_related(
        "upload__file"
    )
    return render(
        request,
        "disclosure/status.html",
        {
            "disclosure_request": disclosure_request,
            "clock": clock,
            "open": disclosure_request.status not in CLOSED_STATES,
            "paused": clock is not None and clock.state == clock.State.PAUSED,
            "applicant": pii.mask_name(disclosure_request.applicant_name),
            "organisation": disclosure_request.is_organisation,
            "correcting": disclosure_request.status == DisclosureRequest.Status.CORRECTION,
            "proof_minutes": PROOF_MINUTES,
            "phone": identity.mask_phone(disclosure_request.phone),
            "events": events,
            "documents": documents,
        },
    )


@never_cache
@require_safe
def document(request, number: str, document_id: int):
    """A document for the applicant, of a request this session proved; anything else 404."""
    disclosure_request = _proven_request(request, number)
    if disclosure_request is None:
        raise Http404(_("文件不存在。"))
    doc = (
        RequestDocument.objects.select_related("upload__file")
        .filter(pk=document_id, request=disclosure_request, for_applicant=True)
        .first()
    )
    if doc is None:
        raise Http404(_("文件不存在。"))
    return serve_upload(doc.upload, f"document-{doc.pk}")
