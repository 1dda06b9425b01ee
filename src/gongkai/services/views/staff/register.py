"""Registering at the window an applicant who walked in, phoned or wrote: first the item (its
materials make the checklist), then the applicant and what they handed in, which works
without script.

The item is chosen by a GET form and stays in the address (the registration posts to
"?item=<pk>"). The number and the query code are shown once, on the page after registering, to be printed
or handed over; the code is never stored in clear.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts
from gongkai.core.decorators import keeps_drafts, staff_required
from gongkai.core.forms import errors_into
from gongkai.services import actions
from gongkai.services.forms_staff import ItemChoiceForm, RegisterForm
from gongkai.services.models import CaseMaterial, Inquiry
from gongkai.services.queries import registrable_items
from gongkai.services.views.staff._access import get_case_for_user, get_inquiry_for_user

RECEIPT_KEY = "gk_services_registered"  # the query code, shown once after registering


def _inquiry(request) -> Inquiry | None:
    """The 首问 the case comes from (`?inquiry=<pk>`), if this user may take it over."""
    raw = request.GET.get("inquiry", "")
    if not raw.isdigit():
        return None
    inquiry = get_inquiry_for_user(request.user, int(raw))
    return inquiry if inquiry.closed_at is None else None


def _applicant_data(data: dict) -> actions.ApplicantData:
    return actions.ApplicantData(
        applicant_type=data["applicant_type"],
        applicant_name=data["applicant_name"],
        id_type=data["id_type"],
        id_number=data["id_number"],
        phone=data["phone"],
        legal_representative=data["legal_representative"],
        address=data["address"],
        email=data["email"],
        delivery=data["delivery"],
    )


def _submissions(form: RegisterForm) -> list:
    data = form.cleaned_data
    submissions = []
    for material in form.materials:
        paper = data.get(f"paper_{material.pk}", False)
        file = data.get(f"file_{material.pk}")
        if paper or file:
            submissions.append(
                actions.MaterialSubmission(material=material, file=file, paper=paper)
            )
    return submissions


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    user = request.user
    items = list(registrable_items(user))
    if not items:
        raise PermissionDenied(_("只有窗口受理人员可以登记办件，且本部门须有已发布的事项。"))
    inquiry = _inquiry(request)
    # The item is in the address, for the post too: a post kept over a new sign-in
    # (core.drafts) comes back to the same item's checklist.
    initial_item = inquiry.item_id if inquiry and inquiry.item_id else None
    chooser = ItemChoiceForm(
        request.GET if "item" in request.GET else None,
        items=items,
        initial={"item": initial_item},
    )
    item = chooser.chosen()
    if item is None:
        return _page(request, chooser, None, None, inquiry)
    materials = list(item.current.materials.all())
    if request.method != "POST":
        initial = {"channel": "window"}
        if inquiry is not None:
            initial.update(applicant_name=inquiry.name, phone=inquiry.phone)
        form = RegisterForm(drafts.take(request), materials=materials, initial=initial)
        return _page(request, chooser, item, form, inquiry)
    form = RegisterForm(request.POST, request.FILES, materials=materials)
    if form.is_valid():
        with errors_into(form):
            case, code = actions.register_at_window(
                actor=user,
                item=item,
                data=_applicant_data(form.cleaned_data),
                materials=_submissions(form),
                channel=form.cleaned_data["channel"],
                inquiry=inquiry,
            )
        if not form.errors:
            request.session[RECEIPT_KEY] = {"number": case.number, "code": code}
            return redirect("services:staff:registered", case.number)
    for name in form.fields:
        if request.FILES.getlist(name):
            form.add_error(name, _("表单未保存，文件需重新选择。"))
    return _page(request, chooser, item, form, inquiry)


def _page(request, chooser, item, form, inquiry):
    return render(
        request,
        "services/staff/register.html",
        {"chooser": chooser, "item": item, "form": form, "inquiry": inquiry},
    )


@never_cache
@staff_required
@require_http_methods(["GET", "HEAD"])
def registered(request, number: str):
    """The item is chosen by a GET form and stays in the address (the registration posts to
    "?item=<pk>"). The number and the query code to hand to the applicant, shown this once."""
    case = get_case_for_user(request.user, number)
    shown = request.session.get(RECEIPT_KEY)
    code = None
    if shown and shown.get("number") == case.number:
        code = request.session.pop(RECEIPT_KEY)["code"]
    missing = [row for row in case.materials.all() if row.state == CaseMaterial.State.MISSING]
    return render(
        request,
        "services/staff/registered.html",
        {"case": case, "query_code": code, "missing": missing},
    )
