"""The item lists: a tab per job (drafts, in review, waiting for me, ...), 50 to a page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_required
from gongkai.publishing import permissions, queries
from gongkai.publishing.models import Item, Step
from gongkai.publishing.views.staff._access import is_reviewer, require_publishing, waited

PAGE_SIZE = 50


def _visible(user, status: str, newest_first: str):
    return (
        permissions.visible_items(user)
        .filter(status=status)
        .select_related("live_revision", "latest_revision", "column")
        .order_by(f"-{newest_first}", "-id")
    )


def _tabs_for(user, is_editor: bool, is_reviewer: bool):
    """(key, label, query) of the tabs this user sees, in order; only the shown one is run."""
    tabs = []
    if is_editor:
        tabs += [
            ("drafts", _("我的草稿"), lambda: queries.drafts_for(user)),
            ("in_review", _("审核中"), lambda: queries.in_review_for(user)),
        ]
    if is_reviewer:
        tabs.append(("waiting", _("待我审核"), lambda: queries.steps_waiting_for(user)))
    if is_editor:
        tabs.append(
            ("rejected", _("被退回"), lambda: queries.rejected_for(user).order_by("-updated_at"))
        )
    tabs += [
        ("published", _("已发布"), lambda: _visible(user, Item.Status.PUBLISHED, "published_at")),
        ("withdrawn", _("已撤稿"), lambda: _visible(user, Item.Status.WITHDRAWN, "withdrawn_at")),
    ]
    if is_reviewer:
        tabs.append(
            (
                "after_review",
                _("事后审核"),
                lambda: queries.after_review_for(user).order_by("-published_at", "-id"),
            )
        )
    return tabs


def _with_last_rejection(items: list[Item]) -> None:
    """Each item's latest rejected step (`item.rejection`), for the 被退回 tab's comment."""
    last_rejection = {}
    for step in (
        Step.objects.filter(
            workflow__item__in=[item.pk for item in items], state=Step.State.REJECTED
        )
        .select_related("workflow", "actor")
        .order_by("finished_at", "id")
    ):
        last_rejection[step.workflow.item_id] = step  # ordered by time: the last one wins
    for item in items:
        item.rejection = last_rejection.get(item.pk)


@staff_required
@require_http_methods(["GET", "HEAD"])
def item_list(request):
    user = request.user
    require_publishing(user)
    is_editor = permissions.editable_columns(user).exists()
    reviewer = is_reviewer(user)
    tabs = _tabs_for(user, is_editor, reviewer)
    keys = [key for key, _label, _query in tabs]
    default = "drafts" if is_editor else ("waiting" if reviewer else "published")
    current = request.GET.get("tab") if request.GET.get("tab") in keys else default
    query = next(query for key, _label, query in tabs if key == current)
    page = Paginator(query(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if current == "waiting":
        for step in rows:
            step.waited = waited(step.pending_since)
    if current == "rejected":
        _with_last_rejection(rows)
    return render(
        request,
        "publishing/staff/list.html",
        {
            "tabs": [(key, label) for key, label, _query in tabs],
            "current": current,
            "page": page,
            "rows": rows,
            "can_create": is_editor,
        },
    )
