"""The workbench's list of requests (with the deadline warnings, search and filters), and
registering a request that came in person, by post or by fax (Art. 31)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts, identity
from gongkai.core.clock import Warning, today, warning_expression
from gongkai.core.crypto import lookup_hash
from gongkai.core.decorators import keeps_drafts, staff_required
from gongkai.core.forms import errors_into
from gongkai.disclosure import actions, permissions
from gongkai.disclosure.models import RequestEvent
from gongkai.disclosure.rules import ORGANISATION_LABEL
from gongkai.disclosure.staff_forms import ListFilterForm, RegisterForm
from gongkai.disclosure.views.staff._access import (
    applicant_shown,
    get_request_for_user,
    require_disclosure_staff,
)

PAGE_SIZE = 50
RECEIPT_KEY = "gk_disclosure_registered"  # the query code, shown once after registering


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


def with_late_steps(queryset):
    """The last step taken after its legal time (条例 Art. 30) with its recorded reason: the
    list flags it, and counts the request among the overdue ones, finished or not."""
    late = RequestEvent.objects.filter(request=OuterRef("pk")).exclude(late_reason="")
    last = late.order_by("-on", "-pk")
    return queryset.annotate(
        late_kind=Subquery(last.values("kind")[:1]),
        late_reason=Subquery(last.values("late_reason")[:1]),
        has_late_step=Exists(late),
    )


def _deadline(queryset, value: str):
    """已超期: open and past the reply due date, or a step taken late; 即将到期: open and due
    within CLOCK_DUE_SOON_DAYS working days."""
    if value == "overdue":
        return queryset.filter(
            Q(warning=Warning.OVERDUE, finished_on__isnull=True) | Q(has_late_step=True)
        )
    if value == "due_soon":
        return queryset.filter(warning=Warning.DUE_SOON, finished_on__isnull=True)
    return queryset


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
        # A result is a reply sent (or a request closed), not a draft.
        queryset = queryset.filter(
            Q(outcome=group) | Q(outcome__startswith=f"{group}."), finished_on__isnull=False
        )
    if data["year"]:
        queryset = queryset.filter(received_on__year=data["year"])
    if data["mine"]:
        queryset = queryset.filter(handler=user)
    return queryset


@staff_required
@require_http_methods(["GET", "HEAD"])
def request_list(request):
    user = request.user
    require_disclosure_staff(user)
    years = [
        d.year for d in permissions.requests_for(user).dates("received_on", "year", order="DESC")
    ]
    form = ListFilterForm(request.GET or None, years=years)
    on = today()
    queryset = with_late_steps(with_warning(_filtered(user, form), on))
    if form.is_valid():
        queryset = _deadline(queryset, form.cleaned_data["deadline"])
    queryset = queryset.select_related("reply_clock", "handler", "department").order_by(
        "finished", F("reply_clock__due_date").asc(nulls_last=True), "-received_on", "pk"
    )
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.applicant_shown = applicant_shown(row)
        row.warning_label = Warning(row.warning).label
        row.late_label = RequestEvent.Kind(row.late_kind).label if row.late_kind else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "form": form,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "rows": rows,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_register": permissions.registrable_departments(user).exists(),
            "can_edit_templates": permissions.can_edit_templates(user),
        },
    )


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    user = request.user
    departments = permissions.registrable_departments(user)
    if not departments.exists():
        raise PermissionDenied(_("只有依申请公开经办人可以登记申请。"))
    if request.method != "POST":
        form = RegisterForm(
            drafts.take(request), departments=departments, initial={"received_on": today()}
        )
        return _register_page(request, form)
    form = RegisterForm(request.POST, request.FILES, departments=departments)
    if form.is_valid():
        data = form.cleaned_data
        with errors_into(form):
            registered, code = actions.submit_application(
                data=form.application_data(),
                department=data["department"],
                channel=data["channel"],
                received_on=data["received_on"],
                actor=user,
                id_scan=data.get("id_scan"),
                note=data["note"],
            )
        if not form.errors:
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
