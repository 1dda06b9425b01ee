"""The result template of a catalogue item (出证 from an editable template): the form, which
starts from the item's template or the default one the documents print without it, and a
preview of the saved template filled with sample values.

The template belongs to the item, not to a version of its 实施清单: a change applies to the
next decision at once, with no review, as the action records it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import drafts
from gongkai.core.clock import today
from gongkai.core.decorators import keeps_drafts, staff_required
from gongkai.core.forms import errors_into
from gongkai.services import documents
from gongkai.services.actions.intake import NUMBER_FORMAT
from gongkai.services.actions.result_templates import save_result_template
from gongkai.services.catalogue_access import get_item_for_user
from gongkai.services.forms_result_template import ResultTemplateForm
from gongkai.services.models import Case, ResultTemplate, ServiceItem, ServiceItemVersion
from gongkai.services.rules import Audience, Result

Version = ServiceItemVersion


def _version(item: ServiceItem) -> Version:
    """The version a decision would print from: the one in force, else the latest draft, else
    a blank one (an item whose 实施清单 is not written yet)."""
    if item.current_id:
        return item.current
    latest = Version.objects.filter(item=item).order_by("-number").first()
    return latest or Version(item=item, name=item.code)


def sample_case(item: ServiceItem, template: ResultTemplate | None) -> Case:
    """A granted case of the item as a decision would leave it (the certificate number is the
    template's prefix and the case number, as decide_case makes it); never saved."""
    version = _version(item)
    organisation = version.audience == Audience.ORGANISATION
    on = today()
    number = NUMBER_FORMAT.format(year=on.year, serial=1)
    prefix = template.certificate_prefix if template else ""
    return Case(
        number=number,
        item=item,
        version=version,
        department=item.department,
        applicant_type=Audience.ORGANISATION if organisation else Audience.PERSON,
        applicant_name=_("某某有限公司") if organisation else _("张三"),
        result=Result.GRANTED,
        certificate_number=f"{prefix}{number}",
        accepted_on=on,
        completed_on=on,
    )


def _placeholders(case: Case) -> list[dict]:
    """Each placeholder, what it stands for, and what it becomes for the sample case."""
    return [
        {
            "code": f"{{{name}}}",
            "meaning": meaning,
            "example": documents.fill_result_template(f"{{{name}}}", case, case.completed_on),
        }
        for name, meaning in documents.PLACEHOLDERS.items()
    ]


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def result_template(request, code: str):
    """Edit the item's result template; saved, the next decision prints from it."""
    item = get_item_for_user(request.user, code)
    template = ResultTemplate.objects.filter(item=item).first()
    sample = sample_case(item, template)
    if template is not None:
        initial = {
            "title": template.title,
            "body": template.body,
            "certificate_prefix": template.certificate_prefix,
        }
    else:
        title, body = documents.default_result_template(sample)
        initial = {"title": title, "body": body, "certificate_prefix": ""}
    form = ResultTemplateForm(request.POST or drafts.take(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_into(form):
            save_result_template(actor=request.user, item=item, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("已保存结果文书模板，此后作出的准予决定按新模板出具。"))
            return redirect("services:staff:item", item.code)
    context = {
        "item": item,
        "name": sample.version.name,
        "form": form,
        "own": template is not None,
        "placeholders": _placeholders(sample),
    }
    status = 400 if form.errors else 200
    return render(request, "services/staff/result_template.html", context, status=status)


@staff_required
@require_safe
def result_template_preview(request, code: str):
    """The saved template (or the default) printed for a sample case, as a decision would."""
    item = get_item_for_user(request.user, code)
    sample = sample_case(item, ResultTemplate.objects.filter(item=item).first())
    response = HttpResponse(documents.result_pdf(sample), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, _("%(code)s结果文书预览.pdf") % {"code": item.code}
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
