"""The item form: a new draft, or a new revision of an item."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import actions as core_actions
from gongkai.core.decorators import staff_required
from gongkai.core.forms import errors_into
from gongkai.publishing import actions, permissions
from gongkai.publishing.docx import docx_to_html
from gongkai.publishing.forms import ItemForm
from gongkai.publishing.models import Item, Workflow
from gongkai.publishing.views.staff._access import get_item_for_user

# The revision fields the form starts from when editing.
REVISION_FIELDS = (
    "title", "summary", "body", "document_number", "publisher", "created_on", "topic",
    "content_kind", "keywords", "source", "collector",
)  # fmt: skip


def _files_to_reselect(request, form) -> None:
    """Browsers cannot fill a file input again: say which files must be chosen again."""
    for name in ("docx", "attachments"):
        if request.FILES.getlist(name) and name in form.fields:
            form.add_error(name, _("表单未保存，附件需重新选择。"))


def _item_data(form, body: str, uploads: list) -> actions.ItemData:
    data = form.cleaned_data
    return actions.ItemData(
        title=data["title"],
        body=body,
        summary=data["summary"],
        document_number=data["document_number"],
        publisher=data["publisher"],
        created_on=data["created_on"],
        topic=data["topic"],
        content_kind=data["content_kind"],
        keywords=data["keywords"],
        source=data["source"],
        collector=data["collector"],
        attachments=form.kept_attachments() + uploads,
        comment=data["comment"],
    )


def _save_item(request, form, item: Item | None) -> Item | None:
    """Store the uploads and call the action; None (with errors on the form) when refused."""
    data = form.cleaned_data
    with errors_into(form):
        body = docx_to_html(data["docx"]) if data.get("docx") else data["body"]
        with transaction.atomic():
            uploads = [
                core_actions.store_upload(actor=request.user, checked=checked)
                for checked in data["attachments"]
            ]
            item_data = _item_data(form, body, uploads)
            if item is None:
                return actions.create_item(
                    actor=request.user, column=data["column"], data=item_data
                )
            actions.save_revision(actor=request.user, item=item, data=item_data)
            return item
    return None


def _bound(request, **kwargs) -> ItemForm:
    if request.method == "POST":
        return ItemForm(request.POST, request.FILES, **kwargs)
    return ItemForm(**kwargs)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_new(request):
    columns = (
        permissions.editable_columns(request.user).select_related("department").order_by("path")
    )
    choices = list(columns)
    if not choices:
        raise PermissionDenied(_("您不是任何栏目的栏目编辑，不能新建信息。"))
    chosen = next((c for c in choices if str(c.pk) == request.GET.get("column")), None)
    if chosen is None and len(choices) == 1:
        chosen = choices[0]
    departments = {c.department_id: c.department for c in choices}
    publisher = ""
    if chosen is not None:
        publisher = chosen.department.name
    elif len(departments) == 1:
        publisher = next(iter(departments.values())).name
    initial = {"column": chosen, "publisher": publisher, "created_on": timezone.localdate()}
    form = _bound(request, columns=columns, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            item = _save_item(request, form, None)
            if item is not None:
                messages.success(request, _("已保存草稿。确认无误后请提交审核。"))
                return redirect("publishing:staff:item", item.pk)
        _files_to_reselect(request, form)
    return render(request, "publishing/staff/item_form.html", {"form": form, "item": None})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, pk: int):
    item = get_item_for_user(request.user, pk)
    if not permissions.can_edit_item(request.user, item):
        raise PermissionDenied(
            _("您不能修改这条信息：只有所属栏目的编辑可以修改，已撤稿的信息不能修改。")
        )
    latest = item.latest_revision
    existing = [link.upload for link in latest.attachment_links.select_related("upload")]
    initial = {name: getattr(latest, name) for name in REVISION_FIELDS}
    form = _bound(request, existing_attachments=existing, initial=initial)
    if request.method == "POST":
        if form.is_valid() and _save_item(request, form, item) is not None:
            messages.success(request, _("已保存新版本。需要发布时请提交审核。"))
            return redirect("publishing:staff:item", item.pk)
        _files_to_reselect(request, form)
    in_review = item.workflows.filter(state=Workflow.State.IN_PROGRESS).exists()
    return render(
        request,
        "publishing/staff/item_form.html",
        {"form": form, "item": item, "in_review": in_review},
    )
