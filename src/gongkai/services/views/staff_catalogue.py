"""The catalogue in the staff pages: the items of the departments one edits or reviews, an
item's version in force beside its open version (draft, submitted or returned), and the
steps: new item, submit, approve, return. The edit form is in staff_item_edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.services import permissions
from gongkai.services.actions import catalogue as actions
from gongkai.services.catalogue_access import (
    catalogue_departments,
    get_item_for_user,
    is_catalogue_staff,
)
from gongkai.services.forms_catalogue import NewItemForm
from gongkai.services.models import ServiceItem, ServiceItemVersion
from gongkai.services.rules import LifeEvent
from gongkai.services.views.staff_item_edit import item_edit  # noqa: F401  (its URL is here)

Version = ServiceItemVersion
# The fields shown side by side on the item page, in the order of the 实施清单.
COMPARED = (
    "name", "basic_code", "item_type", "implementing_body", "audience", "life_events",
    "legal_basis", "conditions", "process", "handling_form", "online", "legal_days",
    "promised_days", "visits", "charges", "consult", "complaint", "place", "hours",
    "result_name", "result_type",
)  # fmt: skip


def _require_catalogue_staff(user) -> None:
    if not is_catalogue_staff(user):
        raise PermissionDenied(_("事项清单仅限事项清单编制人和审核人使用。"))


def _shown(version: Version | None, name: str) -> str:
    if version is None:
        return ""
    value = getattr(version, name)
    if name == "life_events":
        labels = (
            str(LifeEvent(c).label) for c in version.life_event_list() if c in LifeEvent.values
        )
        return "、".join(labels)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    display = getattr(version, f"get_{name}_display", None)
    return str(display() if display else value)


def _compare(current: Version | None, pending: Version | None) -> list[dict]:
    return [
        {
            "label": Version._meta.get_field(name).verbose_name,
            "current": _shown(current, name),
            "pending": _shown(pending, name),
            "changed": current is not None
            and pending is not None
            and _shown(current, name) != _shown(pending, name),
        }
        for name in COMPARED
    ]


def open_version(item: ServiceItem) -> Version | None:
    return (
        Version.objects.filter(item=item, state__in=actions.OPEN_STATES)
        .select_related("drafted_by", "reviewed_by")
        .order_by("-number")
        .first()
    )


@staff_required
@require_safe
def catalogue(request):
    """事项清单: every item of the user's departments, what is in force and what is open."""
    _require_catalogue_staff(request.user)
    items = list(
        ServiceItem.objects.filter(department__in=catalogue_departments(request.user))
        .select_related("current", "department")
        .order_by("department__path", "code")
    )
    pending = {
        v.item_id: v
        for v in Version.objects.filter(item__in=items, state__in=actions.OPEN_STATES).only(
            "item_id", "number", "state", "name"
        )
    }
    rows = [{"item": item, "pending": pending.get(item.pk)} for item in items]
    waiting = [r for r in rows if r["pending"] and r["pending"].state == Version.State.SUBMITTED]
    return render(
        request,
        "services/staff/catalogue.html",
        {"rows": rows, "waiting": waiting},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_new(request):
    """A new item: its code and department; its first version is drafted next."""
    _require_catalogue_staff(request.user)
    departments = catalogue_departments(request.user).order_by("path")
    form = NewItemForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        with errors_into(form):
            item = actions.create_item(
                actor=request.user,
                code=form.cleaned_data["code"],
                department=form.cleaned_data["department"],
            )
            messages.success(request, _("已新建事项，请填写其实施清单。"))
            return redirect("services:staff:item_edit", item.code)
    status = 400 if form.errors else 200
    return render(request, "services/staff/catalogue_new.html", {"form": form}, status=status)


def _item_page(request, item: ServiceItem, *, return_form_error: str = "", reason: str = ""):
    pending = open_version(item)
    current = item.current
    user = request.user
    may_edit = permissions.can_edit_catalogue(user, item.department)
    may_review = (
        pending is not None
        and pending.state == Version.State.SUBMITTED
        and permissions.can_review_catalogue(user, item.department)
        and pending.drafted_by_id != user.pk
    )
    context = {
        "item": item,
        "current": current,
        "pending": pending,
        "rows": _compare(current, pending),
        "current_materials": list(current.materials.select_related("blank_form", "example"))
        if current
        else [],
        "pending_materials": list(pending.materials.select_related("blank_form", "example"))
        if pending
        else [],
        "current_fees": list(current.fees.all()) if current else [],
        "pending_fees": list(pending.fees.all()) if pending else [],
        "may_edit": may_edit and (pending is None or pending.state != Version.State.SUBMITTED),
        "may_submit": may_edit
        and pending is not None
        and pending.state in (Version.State.DRAFT, Version.State.RETURNED),
        "may_review": may_review,
        "return_error": return_form_error,
        "reason": reason,
    }
    status = 400 if return_form_error else 200
    return render(request, "services/staff/catalogue_item.html", context, status=status)


@staff_required
@require_safe
def item(request, code: str):
    """An item: its version in force beside its open version, and what may be done next."""
    return _item_page(request, get_item_for_user(request.user, code))


def _item_url(code: str) -> str:
    return reverse("services:staff:item", args=[code])


def _pending_or_refuse(request, item: ServiceItem) -> Version | None:
    pending = open_version(item)
    if pending is None:
        messages.error(request, _("该事项没有待处理的版本。"))
    return pending


@staff_required
@action_view(_item_url)
def item_submit(request, code: str):
    item = get_item_for_user(request.user, code)
    pending = _pending_or_refuse(request, item)
    if pending is not None:
        try:
            actions.submit_version(actor=request.user, version=pending)
            messages.success(request, _("已提交审核。"))
        except InvalidTransition as exc:
            messages.error(request, str(exc))
    return redirect(_item_url(code))


@staff_required
@action_view(_item_url)
def item_approve(request, code: str):
    item = get_item_for_user(request.user, code)
    pending = _pending_or_refuse(request, item)
    if pending is not None:
        try:
            actions.approve_version(
                actor=request.user, version=pending, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("已审核通过并发布，公众页面即时更新。"))
        except InvalidTransition as exc:
            messages.error(request, str(exc))
    return redirect(_item_url(code))


@staff_required
@action_view(_item_url)
def item_return(request, code: str):
    item = get_item_for_user(request.user, code)
    pending = _pending_or_refuse(request, item)
    reason = request.POST.get("reason", "")
    if pending is not None:
        try:
            actions.return_version(actor=request.user, version=pending, reason=reason)
        except InvalidInput as exc:
            return _item_page(request, item, return_form_error=exc.message, reason=reason)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已退回编制人修改。"))
    return redirect(_item_url(code))
