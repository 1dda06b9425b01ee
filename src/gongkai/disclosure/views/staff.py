"""依申请公开 in the workbench: the list of requests, registering one that came on paper, the
request page with its next steps, documents, and the reply-notice templates.

Every write is one action of disclosure.actions; each step's form posts to its own small view
that calls it and redirects back to the request page (or shows the page again, with the error
next to the field, when the action refuses the input).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core import pii
from gongkai.core.clock import (
    Warning,
    today,
    warning_expression,
    warning_level,
    working_days_left,
)
from gongkai.core.crypto import lookup_hash
from gongkai.core.decorators import staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import content_path
from gongkai.core.models import Clock, RoleAssignment, User
from gongkai.core.permissions import departments_for
from gongkai.disclosure import actions, fees, identity, notices, permissions, roles
from gongkai.disclosure.models import (
    Consultation,
    DisclosureRequest,
    NoticeTemplate,
    RequestDocument,
    RequestEvent,
    ReviewCase,
)
from gongkai.disclosure.rules import (
    ORGANISATION_LABEL,
    OUTCOME_GROUPS,
    ApplicantType,
    FeeMethod,
    ReviewResult,
    outcome_group,
)
from gongkai.disclosure.staff_forms import (
    AssignForm,
    ConsultationEndForm,
    ConsultationStartForm,
    CorrectedForm,
    CorrectionForm,
    DeliveryForm,
    ExtensionForm,
    ListFilterForm,
    RegisterForm,
    ReplyForm,
    ReviewAddForm,
    ReviewConcludeForm,
    TemplateForm,
)
from gongkai.publishing.views.public import content_disposition

PAGE_SIZE = 50
RECEIPT_KEY = "gk_disclosure_registered"  # the query code, shown once after registering
OPEN_STATES = actions.OPEN_STATES
HANDLER_ROLES = (roles.DISCLOSURE_OFFICER, roles.DISCLOSURE_HEAD)


# ---------------------------------------------------------------- access


def _require_disclosure_staff(user) -> None:
    if not permissions.is_disclosure_staff(user):
        raise PermissionDenied(
            _("依申请公开工作台仅限依申请公开经办人和政府信息公开工作机构负责人使用。")
        )


def get_request_for_user(user, pk: int) -> DisclosureRequest:
    """The request, if this staff member handles requests of its department."""
    request = get_object_or_404(
        DisclosureRequest.objects.select_related(
            "department",
            "handler",
            "registered_by",
            "reply_clock",
            "correction_notice_clock",
            "published_item",
        ),
        pk=pk,
    )
    if not permissions.can_handle(user, request):
        raise PermissionDenied(_("您无权查看此申请：它不属于您负责的机关。"))
    return request


# ---------------------------------------------------------------- the list


def with_warning(queryset, on):
    """Each request's deadline warning (core.clock.warning_level's rule), in the query;
    a finished request's clock is stopped."""
    return queryset.annotate(
        warning=warning_expression("reply_clock", on),
        finished=Case(
            When(finished_on__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    )


def _search(queryset, q: str):
    q = q.strip()
    if not q:
        return queryset
    found = (
        Q(number__icontains=q)
        | Q(info_title__icontains=q)
        | Q(applicant_name__icontains=q)
        # Identity numbers are encrypted: only an exact number is found, by its keyed hash.
        | Q(id_number_index=lookup_hash(identity.normalise(q)))
    )
    return queryset.filter(found)


def _filtered(user, form: ListFilterForm):
    queryset = permissions.requests_for(user)
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    queryset = _search(queryset, data["q"])
    if data["status"]:
        queryset = queryset.filter(status=data["status"])
    if data["outcome"]:
        group = data["outcome"]
        queryset = queryset.filter(Q(outcome=group) | Q(outcome__startswith=f"{group}."))
    if data["year"]:
        queryset = queryset.filter(received_on__year=data["year"])
    if data["mine"]:
        queryset = queryset.filter(handler=user)
    return queryset


def applicant_shown(request: DisclosureRequest) -> str:
    """A natural person's name masked; an organisation's name is not personal data."""
    if request.applicant_type == ApplicantType.NATURAL:
        return pii.mask_name(request.applicant_name)
    return request.applicant_name


@staff_required
@require_http_methods(["GET", "HEAD"])
def request_list(request):
    user = request.user
    _require_disclosure_staff(user)
    years = [
        d.year for d in permissions.requests_for(user).dates("received_on", "year", order="DESC")
    ]
    form = ListFilterForm(request.GET or None, years=years)
    on = today()
    queryset = (
        with_warning(_filtered(user, form), on)
        .select_related("reply_clock", "handler", "department")
        .order_by("finished", F("reply_clock__due_date").asc(nulls_last=True), "-received_on", "pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.applicant_shown = applicant_shown(row)
        row.warning_label = Warning(row.warning).label
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_register": departments_for(user, roles.DISCLOSURE_OFFICER).exists(),
            "can_edit_templates": permissions.can_edit_templates(user),
        },
    )


# ---------------------------------------------------------------- registering a request


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    user = request.user
    departments = departments_for(user, roles.DISCLOSURE_OFFICER)
    if not departments.exists():
        raise PermissionDenied(_("只有依申请公开经办人可以登记申请。"))
    if request.method != "POST":
        form = RegisterForm(departments=departments, initial={"received_on": today()})
        return _register_page(request, form)
    form = RegisterForm(request.POST, request.FILES, departments=departments)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registered, code = actions.submit_application(
                data=form.application_data(),
                department=data["department"],
                channel=data["channel"],
                received_on=data["received_on"],
                actor=user,
                id_scan=data.get("id_scan"),
                note=data["note"],
            )
        except InvalidInput as exc:
            form.add_invalid_input(exc)
        else:
            request.session[RECEIPT_KEY] = {"pk": registered.pk, "code": code}
            return redirect("disclosure:staff:registered", registered.pk)
    if request.FILES.get("id_scan"):
        form.add_error("id_scan", _("表单未保存，证件扫描件需重新选择。"))
    return _register_page(request, form)


def _register_page(request, form: RegisterForm):
    return render(
        request,
        "disclosure/staff/register.html",
        {"form": form, "organisation_label": ORGANISATION_LABEL},
    )


@never_cache
@staff_required
@require_http_methods(["GET", "HEAD"])
def request_registered(request, pk: int):
    """The number and the query code to hand to the applicant, shown this once."""
    disclosure_request = get_request_for_user(request.user, pk)
    shown = request.session.get(RECEIPT_KEY)
    code = None
    if shown and shown.get("pk") == disclosure_request.pk:
        code = request.session.pop(RECEIPT_KEY)["code"]
    return render(
        request,
        "disclosure/staff/registered.html",
        {"disclosure_request": disclosure_request, "query_code": code},
    )


# ---------------------------------------------------------------- the request page


def _handlers(disclosure_request: DisclosureRequest):
    """Who may be assigned: officers and heads of the department or one above it."""
    ancestors = [int(pk) for pk in disclosure_request.department.path.strip("/").split("/") if pk]
    users = RoleAssignment.objects.filter(
        role__in=HANDLER_ROLES, department_id__in=ancestors
    ).values("user_id")
    return User.objects.filter(pk__in=users, is_active=True).order_by("display_name", "username")


def _masked_phone(value: str) -> str:
    value = "".join((value or "").split())
    if not value:
        return ""
    if identity.MOBILE_RE.match(value):
        return pii.mask_mobile(value)
    return pii.mask_landline(value)


def _masked_email(value: str) -> str:
    local, at, domain = (value or "").partition("@")
    if not at:
        return pii.MASK_CHAR * len(local)
    return f"{local[:1]}{pii.MASK_CHAR * max(len(local) - 1, 1)}@{domain}"


def masked_identity(disclosure_request: DisclosureRequest) -> dict:
    r = disclosure_request
    return {
        "applicant_name": applicant_shown(r),
        "legal_representative": pii.mask_name(r.legal_representative),
        "contact_person": pii.mask_name(r.contact_person),
        "id_number": pii.mask_id_number(r.id_number),
        "phone": _masked_phone(r.phone),
        "email": _masked_email(r.email) if r.email else "",
        "address": _("（已隐藏）") if r.address else "",
    }


def _clock_state(clock: Clock | None) -> dict | None:
    if clock is None:
        return None
    warning = warning_level(clock)
    left = working_days_left(clock) if clock.state != Clock.State.STOPPED else None
    return {
        "clock": clock,
        "warning": warning.value,
        "warning_label": warning.label,
        "days_left": left,
        "days_over": -left if left is not None and left < 0 else 0,
        "paused": clock.state == Clock.State.PAUSED,
        "stopped": clock.state == Clock.State.STOPPED,
        "provisional": clock.provisional,
    }


def _available(user, r: DisclosureRequest, open_consultation) -> dict:
    """Which next steps the request's status allows (the actions check again)."""
    processing = r.status == DisclosureRequest.Status.PROCESSING
    is_open = r.status in OPEN_STATES
    return {
        "assign": is_open,
        "correction": processing
        and not r.events.filter(kind=RequestEvent.Kind.CORRECTION_REQUESTED).exists(),
        "corrected": r.status == DisclosureRequest.Status.CORRECTION,
        "consult": processing,
        "consult_end": open_consultation,
        "extend": is_open
        and not r.extended
        and r.status != DisclosureRequest.Status.CORRECTION
        and permissions.can_approve_extension(user, r),
        "reply": processing,
        "deliver": r.finished_on is not None and r.delivered_on is None,
        "review": r.finished_on is not None,
    }


def _detail_page(
    request,
    r: DisclosureRequest,
    *,
    bound: dict | None = None,
    bound_case: tuple[int, ReviewConcludeForm] | None = None,
    revealed: dict | None = None,
    fee_preview: dict | None = None,
    status: int = 200,
):
    user = request.user
    on = today()
    events = list(r.events.select_related("actor", "document__upload"))
    documents = list(r.documents.select_related("upload"))
    consultations = list(r.consultations.select_related("opinion_clock"))
    for consultation in consultations:
        consultation.clock_state = _clock_state(consultation.opinion_clock)
    open_consultation = next((c for c in consultations if c.ended_on is None), None)
    cases = list(r.reviews.all())
    forms = {
        "assign": AssignForm(
            auto_id="id_assign_%s", handlers=_handlers(r), initial={"handler": r.handler_id}
        ),
        "correction": CorrectionForm(auto_id="id_correction_%s", initial={"on": on}),
        "corrected": CorrectedForm(auto_id="id_corrected_%s", initial={"on": on}),
        "consult": ConsultationStartForm(auto_id="id_consult_%s", initial={"on": on}),
        "consult_end": ConsultationEndForm(auto_id="id_consult_end_%s", initial={"on": on}),
        "extend": ExtensionForm(auto_id="id_extend_%s", initial={"on": on}),
        "reply": ReplyForm(auto_id="id_reply_%s", initial={"on": on, "fee_method": FeeMethod.NONE}),
        "deliver": DeliveryForm(auto_id="id_deliver_%s", initial={"on": on}),
        "review": ReviewAddForm(auto_id="id_review_%s"),
    }
    forms.update(bound or {})
    for case in cases:
        if bound_case and bound_case[0] == case.pk:
            case.form = bound_case[1]
        elif case.result == ReviewResult.PENDING:
            case.form = ReviewConcludeForm(
                auto_id=f"id_case{case.pk}_%s", initial={"result": ReviewResult.PENDING}
            )
        else:
            case.form = None
    context = {
        "r": r,
        "masked": masked_identity(r),
        "revealed": revealed,
        "organisation": r.is_organisation,
        "reply_clock": _clock_state(r.reply_clock),
        "correction_clock": _clock_state(r.correction_notice_clock),
        "events": events,
        "documents": documents,
        "consultations": consultations,
        "open_consultation": open_consultation,
        "cases": cases,
        "forms": forms,
        "can": _available(user, r, open_consultation),
        "fee_preview": fee_preview,
        "outcome_label": _outcome_label(r.outcome),
    }
    return render(request, "disclosure/staff/detail.html", context, status=status)


def _outcome_label(code: str) -> str:
    if not code:
        return ""
    group = outcome_group(code)
    reason = dict(group.reasons).get(code, "")
    return f"{group.label} {reason}".strip()


@staff_required
@require_http_methods(["GET", "HEAD"])
def request_detail(request, pk: int):
    return _detail_page(request, get_request_for_user(request.user, pk))


@never_cache
@staff_required
@require_POST
def request_identity(request, pk: int):
    """查看身份信息: the full identity and contact data, audited; a refusal is audited too."""
    disclosure_request = get_object_or_404(
        DisclosureRequest.objects.select_related(
            "department", "handler", "registered_by", "reply_clock", "correction_notice_clock"
        ),
        pk=pk,
    )
    try:
        revealed = actions.reveal_identity(actor=request.user, request=disclosure_request)
    except PermissionDenied:
        actions.record_refused_identity_view(actor=request.user, request=disclosure_request)
        raise
    revealed["applicant_name"] = disclosure_request.applicant_name
    revealed["legal_representative"] = disclosure_request.legal_representative
    revealed["contact_person"] = disclosure_request.contact_person
    return _detail_page(request, disclosure_request, revealed=revealed)


@staff_required
@require_POST
def request_id_scan(request, pk: int):
    """The identity document scan: served only through an audited action (POST, no cache)."""
    disclosure_request = get_object_or_404(DisclosureRequest, pk=pk)
    try:
        upload = actions.open_id_scan(actor=request.user, request=disclosure_request)
    except PermissionDenied:
        actions.record_refused_identity_view(actor=request.user, request=disclosure_request)
        raise
    except InvalidTransition as error:
        raise Http404(error) from None
    return _serve(upload, f"{disclosure_request.number}-id")


def _serve(upload, ascii_stem: str):
    stored = upload.file
    path = content_path(stored.sha256)
    if not path.exists():
        raise Http404(_("文件不存在。"))
    response = FileResponse(path.open("rb"), content_type=stored.content_type)
    _stem, dot, ext = upload.name.rpartition(".")
    suffix = f".{ext}" if dot and ext.isascii() and ext.isalnum() else ""
    response["Content-Disposition"] = content_disposition(upload.name, f"{ascii_stem}{suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_http_methods(["GET", "HEAD"])
def document_download(request, pk: int, document_pk: int):
    disclosure_request = get_request_for_user(request.user, pk)
    doc = get_object_or_404(
        RequestDocument.objects.select_related("upload__file"),
        pk=document_pk,
        request=disclosure_request,
    )
    return _serve(doc.upload, f"{disclosure_request.number}-{doc.pk}")


# ---------------------------------------------------------------- the steps


def _run_step(request, r, key: str, form_class, call, done: str, **form_kwargs):
    """Bind the step's form, call its action, and go back to the request page; on refused
    input show the page again with the error next to the field and the input kept."""
    form = form_class(request.POST, request.FILES, auto_id=f"id_{key}_%s", **form_kwargs)
    if form.is_valid():
        try:
            call(r, form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect(r)
        else:
            messages.success(request, done)
            return redirect(r)
    for name in form.fields:
        if request.FILES.getlist(name):
            form.add_error(name, _("表单未保存，文件需重新选择。"))
    return _detail_page(request, r, bound={key: form})


@staff_required
@require_POST
def step_assign(request, pk: int):
    r = get_request_for_user(request.user, pk)

    def call(r, data):
        actions.assign_handler(actor=request.user, request=r, handler=data["handler"])

    return _run_step(
        request, r, "assign", AssignForm, call, _("已分配经办人。"), handlers=_handlers(r)
    )


@staff_required
@require_POST
def step_correction(request, pk: int):
    r = get_request_for_user(request.user, pk)

    def call(r, data):
        actions.request_correction(
            actor=request.user,
            request=r,
            on=data["on"],
            items=data["items"],
            deadline=data["deadline"],
        )

    return _run_step(
        request,
        r,
        "correction",
        CorrectionForm,
        call,
        _("已生成补正告知书，答复期限暂停计算，待申请人补正。"),
    )


@staff_required
@require_POST
def step_corrected(request, pk: int):
    r = get_request_for_user(request.user, pk)

    def call(r, data):
        actions.receive_correction(
            actor=request.user, request=r, on=data["on"], note=data["note"], file=data["file"]
        )

    return _run_step(
        request,
        r,
        "corrected",
        CorrectedForm,
        call,
        _("已登记补正材料，答复期限自收到之日起重新计算。"),
    )


@staff_required
@require_POST
def step_consult(request, pk: int):
    r = get_request_for_user(request.user, pk)

    def call(r, data):
        actions.start_consultation(
            actor=request.user,
            request=r,
            party=data["party"],
            party_name=data["party_name"],
            on=data["on"],
        )

    return _run_step(
        request,
        r,
        "consult",
        ConsultationStartForm,
        call,
        _("已登记征求意见，答复期限暂停计算。"),
    )


@staff_required
@require_POST
def step_consult_end(request, pk: int, consultation_pk: int):
    r = get_request_for_user(request.user, pk)
    consultation = get_object_or_404(Consultation, pk=consultation_pk, request=r)

    def call(r, data):
        actions.end_consultation(
            actor=request.user, consultation=consultation, on=data["on"], opinion=data["opinion"]
        )

    return _run_step(
        request,
        r,
        "consult_end",
        ConsultationEndForm,
        call,
        _("征求意见已结束，答复期限恢复计算。"),
    )


@staff_required
@require_POST
def step_extend(request, pk: int):
    r = get_request_for_user(request.user, pk)
    if not permissions.can_approve_extension(request.user, r):
        raise PermissionDenied(_("延期答复须经政府信息公开工作机构负责人同意。"))

    def call(r, data):
        actions.extend(
            actor=request.user, request=r, days=data["days"], reason=data["reason"], on=data["on"]
        )

    return _run_step(
        request, r, "extend", ExtensionForm, call, _("已延期答复，并生成延期答复告知书。")
    )


def _fee_preview(r: DisclosureRequest, method: str, pages: int) -> dict:
    """The fee by the one method chosen (fees.fee), with what it was counted from."""
    nth = actions.nth_application_this_month(r)
    amount = fees.fee(method, nth_this_month=nth, pages=pages)
    if method == FeeMethod.PER_APPLICATION:
        basis = _("按件计收：该申请人本月第 %(n)d 件申请") % {"n": nth}
    elif method == FeeMethod.PER_PAGE:
        basis = _("按量计收：%(pages)d 页") % {"pages": pages}
    else:
        basis = _("不收费")
    return {"amount": amount, "basis": basis}


@staff_required
@require_POST
def step_reply(request, pk: int):
    r = get_request_for_user(request.user, pk)
    if "calculate" in request.POST:
        # The fee calculator: nothing is saved; the page comes back with the amount.
        form = ReplyForm(request.POST, auto_id="id_reply_%s")
        fee_input = form.fee_input()
        preview = _fee_preview(r, *fee_input) if fee_input else None
        return _detail_page(request, r, bound={"reply": form}, fee_preview=preview)

    def call(r, data):
        actions.reply(
            actor=request.user,
            request=r,
            data=actions.ReplyData(
                outcome=data["outcome"],
                reply_text=data["reply_text"],
                withheld=data["withheld"],
                published_item_id=data["published_item"],
                fee_method=data["fee_method"],
                fee_pages=data["fee_pages"],
            ),
            on=data["on"],
            attachments=data["attachments"],
        )

    return _run_step(request, r, "reply", ReplyForm, call, _("已作出答复，并生成答复告知书。"))


@staff_required
@require_POST
def step_deliver(request, pk: int):
    r = get_request_for_user(request.user, pk)

    def call(r, data):
        actions.record_delivery(actor=request.user, request=r, on=data["on"], note=data["note"])

    return _run_step(request, r, "deliver", DeliveryForm, call, _("已登记送达。"))


@staff_required
@require_POST
def step_review_add(request, pk: int):
    r = get_request_for_user(request.user, pk)

    def call(r, data):
        actions.add_review_case(
            actor=request.user,
            request=r,
            kind=data["kind"],
            filed_on=data["filed_on"],
            body=data["body"],
            note=data["note"],
        )

    return _run_step(request, r, "review", ReviewAddForm, call, _("已登记行政复议或行政诉讼。"))


@staff_required
@require_POST
def step_review_conclude(request, pk: int, case_pk: int):
    r = get_request_for_user(request.user, pk)
    case = get_object_or_404(ReviewCase, pk=case_pk, request=r)
    form = ReviewConcludeForm(request.POST, auto_id=f"id_case{case.pk}_%s")
    if form.is_valid():
        try:
            actions.conclude_review_case(
                actor=request.user,
                case=case,
                result=form.cleaned_data["result"],
                concluded_on=form.cleaned_data["concluded_on"],
            )
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已登记审结结果。"))
            return redirect(r)
    return _detail_page(request, r, bound_case=(case.pk, form))


# ---------------------------------------------------------------- notice templates


def _group_label(group: str) -> str:
    return next(g.label for g in OUTCOME_GROUPS if g.code == group)


@staff_required
@require_http_methods(["GET", "HEAD"])
def template_list(request):
    _require_disclosure_staff(request.user)
    saved = {t.outcome_group: t for t in NoticeTemplate.objects.select_related("updated_by")}
    rows = []
    for group in notices.TEMPLATE_GROUPS:
        body, remedy = notices.template_for(group)
        rows.append(
            {
                "group": group,
                "label": _group_label(group),
                "body": body,
                "remedy": remedy,
                "saved": saved.get(group),
            }
        )
    return render(
        request,
        "disclosure/staff/templates.html",
        {"rows": rows, "can_edit": permissions.can_edit_templates(request.user)},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request, group: str):
    if group not in notices.TEMPLATE_GROUPS:
        raise Http404(_("没有这个办理结果类别。"))
    if not permissions.can_edit_templates(request.user):
        raise PermissionDenied(_("只有政府信息公开工作机构负责人可以修改告知书模板。"))
    body, remedy = notices.template_for(group)
    form = TemplateForm(request.POST or None, initial={"body": body, "remedy": remedy})
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_notice_template(
                actor=request.user,
                group=group,
                body=form.cleaned_data["body"],
                remedy=form.cleaned_data["remedy"],
            )
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("“%(label)s”的告知书模板已保存。") % {"label": _group_label(group)}
            )
            return redirect("disclosure:staff:templates")
    default_body, default_remedy = notices.default_template(group)
    return render(
        request,
        "disclosure/staff/template_form.html",
        {
            "form": form,
            "group": group,
            "label": _group_label(group),
            "placeholders": notices.PLACEHOLDERS,
            "default_body": default_body,
            "default_remedy": default_remedy,
        },
    )
