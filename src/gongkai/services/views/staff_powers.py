"""The editors' 职权目录: the powers of the user's departments, a power's form, and the
reviewer's publish and withdraw (actions.powers says who may do what)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts
from gongkai.core.decorators import action_view, keeps_drafts, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.permissions import departments_for, has_role
from gongkai.services import permissions, roles
from gongkai.services.actions import powers as actions
from gongkai.services.forms_powers import PowerForm, initial_for
from gongkai.services.models import Power

PAGE_SIZE = 50
FORM_TEMPLATE = "services/staff/power_form.html"
# The staff pages of the 职权目录, which light up its menu entry.
POWER_PAGES = ("powers", "power_new", "power_edit", "power_publish", "power_unpublish")


def may_keep_powers(user) -> bool:
    """The 职权目录's menu entry: catalogue editors and reviewers."""
    return has_role(user, roles.CATALOGUE_EDITOR) or has_role(user, roles.CATALOGUE_REVIEWER)


def editable_departments(user):
    """Where the user may draft powers (a role covers the departments under it)."""
    return departments_for(user, roles.CATALOGUE_EDITOR) | departments_for(
        user, roles.CATALOGUE_REVIEWER
    )


def _require_keeper(user) -> None:
    if not may_keep_powers(user):
        raise PermissionDenied(_("职权目录仅限事项清单编制人和审核人使用。"))


def _access(user, power: Power) -> dict[str, bool]:
    """What `user` may do with `power`: the same rules as the actions, for the buttons."""
    reviewable = set(departments_for(user, roles.CATALOGUE_REVIEWER).values_list("pk", flat=True))
    editable = reviewable | set(
        departments_for(user, roles.CATALOGUE_EDITOR).values_list("pk", flat=True)
    )
    may_review = power.department_id in reviewable
    return {
        "may_edit": power.department_id in editable and (not power.published or may_review),
        "may_review": may_review,
    }


def power_page(pk: int, **_ids) -> str:
    """The address of power `pk`'s page, where its form and its buttons are."""
    return reverse("services:staff:power_edit", args=[pk])


@staff_required
@require_http_methods(["GET", "HEAD"])
def power_list(request):
    _require_keeper(request.user)
    user = request.user
    reviewable = set(departments_for(user, roles.CATALOGUE_REVIEWER).values_list("pk", flat=True))
    powers = (
        Power.objects.filter(department__in=editable_departments(user))
        .select_related("department")
        .order_by("department__path", "category", "code")
    )
    page = Paginator(powers, PAGE_SIZE).get_page(request.GET.get("page"))
    for power in page.object_list:
        power.may_review = power.department_id in reviewable
    context = {
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number)),
    }
    return render(request, "services/staff/powers.html", context)


def _form_page(request, power: Power | None):
    departments = editable_departments(request.user).order_by("path")
    restored = drafts.take(request)
    data = request.POST if request.method == "POST" else restored
    initial = initial_for(power) if power is not None else None
    form = PowerForm(data, departments=departments, initial=initial)
    access = _access(request.user, power) if power is not None else {"may_edit": True}
    if request.method == "POST" and form.is_valid():
        with errors_into(form):
            saved = actions.save_power(actor=request.user, power=power, data=form.power_data())
        if not form.errors:
            messages.success(request, _("职权“%(name)s”已保存。") % {"name": saved.name})
            return redirect(power_page(saved.pk))
    context = {"form": form, "power": power, **access}
    return render(request, FORM_TEMPLATE, context)


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def power_new(request):
    _require_keeper(request.user)
    return _form_page(request, None)


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def power_edit(request, pk: int):
    power = get_object_or_404(Power.objects.select_related("department"), pk=pk)
    if not permissions.can_edit_catalogue(request.user, power.department):
        raise PermissionDenied(_("您不能查看或修改其他部门的职权。"))
    return _form_page(request, power)


def _review(request, pk: int, action, done: str):
    power = get_object_or_404(Power.objects.select_related("department"), pk=pk)
    try:
        power = action(actor=request.user, power=power)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"name": power.name})
    return redirect(power_page(pk))


@staff_required
@action_view(power_page)
def power_publish(request, pk: int):
    return _review(request, pk, actions.publish_power, _("职权“%(name)s”已公开。"))


@staff_required
@action_view(power_page)
def power_unpublish(request, pk: int):
    return _review(request, pk, actions.unpublish_power, _("职权“%(name)s”已撤下，不再公开。"))
