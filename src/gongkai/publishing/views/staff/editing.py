"""The item form: a new draft, or a new revision of an item."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import actions as core_actions
from gongkai.core import drafts
from gongkai.core.decorators import keeps_drafts, staff_required
from gongkai.core.forms import errors_into
from gongkai.publishing import actions, permissions
from gongkai.publishing.docx import docx_to_html
from gongkai.publishing.finance_forms import ADD_ROWS, ROWS_PREFIX, FinanceTableForm
from gongkai.publishing.forms import ItemForm
from gongkai.publishing.models import Column, Item, VillagePart, Workflow
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


def _item_data(form, body: str, uploads: list, finance) -> actions.ItemData:
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
        finance=finance.table() if finance is not None else None,
    )


def _finance_form(
    request, column: Column | None, table=None, restored=None
) -> FinanceTableForm | None:
    """财务公开 columns carry the 收支明细表: bound to the POST (or to what was typed before
    the session ended, core.drafts), or from the stored table."""
    if column is None or column.village_part != VillagePart.FINANCE:
        return None
    today = timezone.localdate()
    if request.method == "POST":
        return FinanceTableForm(request.POST, today=today)
    if restored is not None and f"{ROWS_PREFIX}-TOTAL_FORMS" in restored:
        return FinanceTableForm(restored, today=today)
    return FinanceTableForm(today=today, table=table)


def _more_rows(request, **kwargs) -> tuple[ItemForm, FinanceTableForm]:
    """The "增加行" round trip: the item form and the table as typed, unbound (nothing checked,
    nothing saved)."""
    post = request.POST
    initial = {
        name: post.getlist(name) if name == "remove_attachments" else post.get(name, "")
        for name in ItemForm(**kwargs).fields
    }
    form = ItemForm(initial=initial, **kwargs)
    if request.FILES:
        messages.warning(request, _("增加行时未保存，附件需重新选择。"))
    return form, FinanceTableForm.with_more_rows(post, today=timezone.localdate())


def _valid(form, finance: FinanceTableForm | None) -> bool:
    """Both parts checked, so that every error shows at once."""
    item_ok = form.is_valid()
    finance_ok = finance is None or finance.is_valid()
    return item_ok and finance_ok


def _save_item(request, form, item: Item | None, finance=None) -> Item | None:
    """Store the uploads and call the action; None (with errors on the form) when refused."""
    data = form.cleaned_data
    with errors_into(form):
        body = docx_to_html(data["docx"]) if data.get("docx") else data["body"]
        with transaction.atomic():
            uploads = [
                core_actions.store_upload(actor=request.user, checked=checked)
                for checked in data["attachments"]
            ]
            item_data = _item_data(form, body, uploads, finance)
            if item is None:
                return actions.create_item(
                    actor=request.user, column=data["column"], data=item_data
                )
            actions.save_revision(actor=request.user, item=item, data=item_data)
            return item
    return None


def _bound(request, restored=None, **kwargs) -> ItemForm:
    """`restored`: what was typed before the session ended (core.drafts.take, read once for
    the item form and the table), to be checked and saved again."""
    if request.method == "POST":
        return ItemForm(request.POST, request.FILES, **kwargs)
    return ItemForm(restored, **kwargs)


FORM_TEMPLATE = "publishing/staff/item_form.html"
MISSING_TABLE = gettext_lazy("财务公开栏目的信息须填写收支明细表：请在下方填写后再保存。")


def _table_round_trip(request, finance) -> bool:
    """The POST only asks for more rows, or chose a 财务公开 column on a form without its table."""
    return finance is not None and (
        ADD_ROWS in request.POST or f"{ROWS_PREFIX}-TOTAL_FORMS" not in request.POST
    )


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def item_new(request):
    columns = (
        permissions.editable_columns(request.user).select_related("department").order_by("path")
    )
    choices = list(columns)
    if not choices:
        raise PermissionDenied(_("您不是任何栏目的栏目编辑，不能新建信息。"))
    restored = drafts.take(request)
    asked = (request.POST if request.method == "POST" else restored or request.GET).get("column")
    chosen = next((c for c in choices if str(c.pk) == asked), None)
    if chosen is None and len(choices) == 1:
        chosen = choices[0]
    departments = {c.department_id: c.department for c in choices}
    publisher = ""
    if chosen is not None:
        publisher = chosen.department.name
    elif len(departments) == 1:
        publisher = next(iter(departments.values())).name
    initial = {"column": chosen, "publisher": publisher, "created_on": timezone.localdate()}
    finance = _finance_form(request, chosen, restored=restored)
    if request.method == "POST" and _table_round_trip(request, finance):
        if ADD_ROWS not in request.POST:
            messages.warning(request, MISSING_TABLE)
        form, finance = _more_rows(request, columns=columns)
        return render(request, FORM_TEMPLATE, {"form": form, "item": None, "finance": finance})
    form = _bound(request, restored, columns=columns, initial=initial)
    if request.method == "POST":
        if _valid(form, finance):
            item = _save_item(request, form, None, finance)
            if item is not None:
                messages.success(request, _("已保存草稿。确认无误后请提交审核。"))
                return redirect("publishing:staff:item", item.pk)
        _files_to_reselect(request, form)
    return render(request, FORM_TEMPLATE, {"form": form, "item": None, "finance": finance})


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, pk: int):
    item = get_item_for_user(request.user, pk)
    if not permissions.can_edit_item(request.user, item):
        raise PermissionDenied(
            _("您不能修改这条信息：只有所属栏目的编辑可以修改，已撤稿的信息不能修改。")
        )
    latest = item.latest_revision
    existing = [link.upload for link in latest.attachment_links.select_related("upload")]
    in_review = item.workflows.filter(state=Workflow.State.IN_PROGRESS).exists()
    context = {"item": item, "in_review": in_review}
    restored = drafts.take(request)
    finance = _finance_form(request, item.column, latest.finance_table, restored)
    if request.method == "POST" and finance is not None and ADD_ROWS in request.POST:
        form, finance = _more_rows(request, existing_attachments=existing)
        return render(request, FORM_TEMPLATE, {**context, "form": form, "finance": finance})
    initial = {name: getattr(latest, name) for name in REVISION_FIELDS}
    form = _bound(request, restored, existing_attachments=existing, initial=initial)
    if request.method == "POST":
        if _valid(form, finance) and _save_item(request, form, item, finance) is not None:
            messages.success(request, _("已保存新版本。需要发布时请提交审核。"))
            return redirect("publishing:staff:item", item.pk)
        _files_to_reselect(request, form)
    return render(request, FORM_TEMPLATE, {**context, "form": form, "finance": finance})
