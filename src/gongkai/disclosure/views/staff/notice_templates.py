"""The reply-notice templates (告知书模板, one per outcome group of table 三, and one each for
Art. 36 (五) and (七), whose notices differ from their group's), and those of the
letters to a consulted party (letters.py: 征求意见函, 告知第三方决定公开书): read by every
disclosure officer, edited only by the head of the disclosure office."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts
from gongkai.core.decorators import keeps_drafts, staff_required
from gongkai.core.forms import errors_into
from gongkai.disclosure import actions, letters, notices, permissions
from gongkai.disclosure.models import NoticeTemplate
from gongkai.disclosure.staff_forms import TemplateForm
from gongkai.disclosure.views.staff._access import require_disclosure_staff


def _group_label(group: str) -> str:
    """An outcome group's label, or the Art. 36 decision a template of its own words."""
    return notices.template_label(group)


@staff_required
@require_http_methods(["GET", "HEAD"])
def template_list(request):
    require_disclosure_staff(request.user)
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
    letter_rows = []
    for key, letter in letters.LETTERS.items():
        body, closing = letters.template_for(key)
        letter_rows.append(
            {
                "key": key,
                "label": letter.label,
                "body": body,
                "closing": closing,
                "closing_label": letter.closing_label,
                "saved": saved.get(key),
            }
        )
    return render(
        request,
        "disclosure/staff/templates.html",
        {
            "rows": rows,
            "letters": letter_rows,
            "can_edit": permissions.can_edit_templates(request.user),
        },
    )


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request, group: str):
    if group not in notices.TEMPLATE_GROUPS:
        raise Http404(_("没有这个办理结果类别。"))
    if not permissions.can_edit_templates(request.user):
        raise PermissionDenied(_("只有政府信息公开工作机构负责人可以修改告知书模板。"))
    body, remedy = notices.template_for(group)
    form = TemplateForm(
        request.POST or drafts.take(request), initial={"body": body, "remedy": remedy}
    )
    if request.method == "POST" and form.is_valid():
        with errors_into(form):
            actions.save_notice_template(
                actor=request.user,
                group=group,
                body=form.cleaned_data["body"],
                remedy=form.cleaned_data["remedy"],
            )
        if not form.errors:
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


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def letter_edit(request, key: str):
    """The text of a letter to a consulted party (条例 Art. 32, 34), edited like a notice."""
    letter = letters.LETTERS.get(key)
    if letter is None:
        raise Http404(_("没有这种文书。"))
    if not permissions.can_edit_templates(request.user):
        raise PermissionDenied(_("只有政府信息公开工作机构负责人可以修改告知书模板。"))
    body, closing = letters.template_for(key)
    form = TemplateForm(
        request.POST or drafts.take(request), initial={"body": body, "remedy": closing}
    )
    closing_field = form.fields["remedy"]
    closing_field.label = letter.closing_label
    closing_field.error_messages["required"] = _("请填写%(label)s。") % {
        "label": letter.closing_label
    }
    if request.method == "POST" and form.is_valid():
        with errors_into(form):
            actions.save_letter_template(
                actor=request.user,
                key=key,
                body=form.cleaned_data["body"],
                closing=form.cleaned_data["remedy"],
            )
        if not form.errors:
            messages.success(request, _("“%(label)s”的模板已保存。") % {"label": letter.label})
            return redirect("disclosure:staff:templates")
    return render(
        request,
        "disclosure/staff/template_form.html",
        {
            "form": form,
            "group": key,
            "label": letter.label,
            "placeholders": letter.placeholders,
            "default_body": letter.body,
            "default_remedy": letter.closing,
            "action": reverse("disclosure:staff:letter_edit", args=[key]),
        },
    )
