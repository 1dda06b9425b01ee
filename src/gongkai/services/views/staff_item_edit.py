"""The item form: every field of the 实施清单, the materials and fees as rows.

It starts from the item's open version (a draft or a returned one) or else from the version
in force, and saves as the open version (actions.draft_version). A material copied from an
earlier version keeps its blank form and example unless new files are chosen.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import actions as core_actions
from gongkai.core.decorators import staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.services.actions import catalogue as actions
from gongkai.services.catalogue_access import get_item_for_user
from gongkai.services.forms_catalogue import (
    ADD_FEES,
    ADD_MATERIALS,
    FEES,
    MATERIALS,
    FeeFormSet,
    FeeRowForm,
    MaterialFormSet,
    MaterialRowForm,
    VersionForm,
    rows,
    typed_rows,
)
from gongkai.services.models import Material, ServiceItem, ServiceItemVersion

Version = ServiceItemVersion
FORM_TEMPLATE = "services/staff/item_edit.html"
VERSION_FIELDS = [name for name in VersionForm.base_fields if name != "result_sample"]
MATERIAL_FIELDS = [n for n in MaterialRowForm.base_fields if n not in ("blank_form", "example")]


def _base_version(item: ServiceItem) -> Version | None:
    """What the form starts from: the open draft or returned version, else the one in force."""
    open_version = (
        Version.objects.filter(item=item, state__in=actions.OPEN_STATES).order_by("-number").first()
    )
    return open_version or item.current


def _initial(item: ServiceItem, base: Version | None) -> tuple[dict, list[dict], list[dict]]:
    if base is None:
        return {"implementing_body": item.department.name}, [], []
    initial = {name: getattr(base, name) for name in VERSION_FIELDS}
    initial["life_events"] = base.life_event_list()
    materials = [
        {**{n: getattr(m, n) for n in MATERIAL_FIELDS if n != "origin"}, "origin": m.pk}
        for m in base.materials.all()
    ]
    fees = [{n: getattr(f, n) for n in FeeRowForm.base_fields} for f in base.fees.all()]
    return initial, materials, fees


def _render(request, item, form, materials, fees, *, status=200):
    context = {"item": item, "form": form, "materials": materials, "fees": fees}
    return render(request, FORM_TEMPLATE, context, status=status)


def _more_rows(request, item):
    """The "增加行" round trip: everything as typed, more blank rows, nothing checked or saved."""
    post = request.POST
    initial = {name: post.get(name, "") for name in VERSION_FIELDS}
    initial["life_events"] = post.getlist("life_events")
    for name in ("online", "charges"):
        initial[name] = name in post
    form = VersionForm(initial=initial)
    materials = typed_rows(post, MaterialRowForm, MATERIALS)
    fees = typed_rows(post, FeeRowForm, FEES)
    if request.FILES:
        messages.warning(request, _("增加行时未保存，所选文件需重新选择。"))
    return _render(
        request,
        item,
        form,
        rows(MaterialFormSet, MATERIALS, materials, blank=5 if ADD_MATERIALS in post else 1),
        rows(FeeFormSet, FEES, fees, blank=5 if ADD_FEES in post else 1),
    )


def _carried_over(item: ServiceItem, formset) -> dict[int, Material]:
    """The earlier materials the rows name as their origin, if they are this item's."""
    origins = {f.cleaned_data.get("origin") for f in formset.filled()} - {None}
    return {
        m.pk: m
        for m in Material.objects.filter(pk__in=origins, version__item=item).select_related(
            "blank_form", "example"
        )
    }


def _stored(request, checked, kept):
    return core_actions.store_upload(actor=request.user, checked=checked) if checked else kept


def _put_error(form, materials, fees, exc: InvalidInput) -> None:
    """The action's refusal next to its field: a row's field ("materials-2-name") or the form's."""
    for formset in (materials, fees):
        for row in formset.forms:
            if exc.field and exc.field.startswith(row.prefix + "-"):
                name = exc.field[len(row.prefix) + 1 :]
                row.add_error(name if name in row.fields else None, exc.message)
                return
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _save(request, item, form, materials, fees) -> Version | None:
    """Store the chosen files and draft the version; None (errors on the forms) if refused."""
    kept = _carried_over(item, materials)
    try:
        with transaction.atomic():
            base = _base_version(item)
            sample = _stored(
                request, form.cleaned_data["result_sample"], base.result_sample if base else None
            )
            material_data = []
            for row in materials.filled():
                origin = kept.get(row.cleaned_data.get("origin"))
                material_data.append(
                    row.material_data(
                        _stored(
                            request, row.cleaned_data["blank_form"], origin and origin.blank_form
                        ),
                        _stored(request, row.cleaned_data["example"], origin and origin.example),
                    )
                )
            return actions.draft_version(
                actor=request.user,
                item=item,
                data=form.version_data(sample),
                materials=material_data,
                fees=[row.fee_data() for row in fees.filled()],
            )
    except InvalidInput as exc:
        _put_error(form, materials, fees, exc)
    except InvalidTransition as exc:
        form.add_error(None, str(exc))
    return None


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, code: str):
    """Edit the item's open version (or start one from the version in force)."""
    item = get_item_for_user(request.user, code)
    if Version.objects.filter(item=item, state=Version.State.SUBMITTED).exists():
        messages.warning(request, _("该事项有一个版本正在审核，审核完成后才能再修改。"))
        return redirect("services:staff:item", item.code)
    if request.method == "POST" and (ADD_MATERIALS in request.POST or ADD_FEES in request.POST):
        return _more_rows(request, item)
    if request.method == "POST":
        form = VersionForm(request.POST, request.FILES)
        materials = MaterialFormSet(request.POST, request.FILES, prefix=MATERIALS)
        fees = FeeFormSet(request.POST, prefix=FEES)
        valid = [part.is_valid() for part in (form, materials, fees)]  # every error at once
        if all(valid) and _save(request, item, form, materials, fees) is not None:
            messages.success(request, _("已保存草稿。确认无误后请提交审核。"))
            return redirect("services:staff:item", item.code)
        if request.FILES:
            form.add_error(None, _("表单未保存，所选文件需重新选择。"))
        return _render(request, item, form, materials, fees, status=400)
    initial, material_rows, fee_rows = _initial(item, _base_version(item))
    return _render(
        request,
        item,
        VersionForm(initial=initial),
        rows(MaterialFormSet, MATERIALS, material_rows),
        rows(FeeFormSet, FEES, fee_rows),
    )
