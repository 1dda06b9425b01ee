"""栏目 settings (system administrators): the tree of columns, a new column, a column's
settings. Moving a column moves everything under it (actions.update_column)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_required
from gongkai.core.forms import errors_into
from gongkai.publishing import actions, permissions
from gongkai.publishing.forms import ColumnForm
from gongkai.publishing.models import Column, Item


def _require_column_admin(user) -> None:
    if not permissions.can_manage_columns(user):
        raise PermissionDenied(_("栏目设置仅限系统管理员。"))


@staff_required
@require_http_methods(["GET", "HEAD"])
def column_list(request):
    _require_column_admin(request.user)
    columns = Column.objects.select_related("department", "parent").annotate(
        published=Count("items", filter=Q(items__status=Item.Status.PUBLISHED))
    )
    # In path order, so each column follows its parent; the template indents by `depth`.
    return render(request, "publishing/staff/columns.html", {"columns": list(columns)})


def _column_form_page(request, column: Column | None):
    _require_column_admin(request.user)
    form = ColumnForm(request.POST or None, instance=column)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in actions.COLUMN_FIELDS}
        with errors_into(form):
            if column is None:
                column = actions.create_column(actor=request.user, **values)
            else:
                # The form has already written the values onto the instance; the action
                # re-reads the row, so pass every field as a change.
                column = actions.update_column(actor=request.user, column=column, **values)
        if not form.errors:
            messages.success(request, _("栏目“%(name)s”已保存。") % {"name": column.name})
            return redirect("publishing:staff:columns")
    return render(request, "publishing/staff/column_form.html", {"form": form, "column": column})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def column_new(request):
    return _column_form_page(request, None)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def column_edit(request, pk: int):
    _require_column_admin(request.user)
    return _column_form_page(request, get_object_or_404(Column, pk=pk))
