"""An item's preview (its latest revision as the public would see it) and its revisions,
any two compared line by line."""

from __future__ import annotations

import difflib

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_required
from gongkai.publishing.forms import CompareForm
from gongkai.publishing.html import to_text
from gongkai.publishing.models import Revision
from gongkai.publishing.views.staff._access import get_item_for_user

DIFF_CONTEXT_LINES = 3


@staff_required
@require_http_methods(["GET", "HEAD"])
def item_preview(request, pk: int):
    item = get_item_for_user(request.user, pk)
    return render(
        request,
        "publishing/staff/preview.html",
        {"item": item, "revision": item.latest_revision, "preview": True},
    )


def _revision_lines(revision: Revision) -> list[str]:
    """A revision as lines of text: title, metadata, attachments, then the body's blocks."""
    lines = [
        f"{_('标题')}：{revision.title}",
        f"{_('摘要')}：{' '.join(revision.summary.split())}",
        f"{_('文号')}：{revision.document_number}",
        f"{_('发布机构')}：{revision.publisher}",
        f"{_('生成日期')}：{revision.created_on:%Y-%m-%d}",
        f"{_('主题分类')}：{revision.get_topic_display()}",
        f"{_('信息类型')}：{revision.get_content_kind_display()}",
        f"{_('关键词')}：{revision.keywords}",
        f"{_('信息来源')}：{revision.source}",
        f"{_('采集人')}：{revision.collector}",
    ]
    lines += [f"{_('附件')}：{link.upload.name}" for link in revision.attachment_links.all()]
    table = revision.finance_table
    if table is not None:  # 财务公开: a row a line, so that a changed figure shows as such
        lines.append(f"{_('收支明细表')}：{table.period}")
        lines += [
            f"{row.direction_label}｜{row.name}｜{row.amount_display}｜{row.note}"
            for row in table.rows
        ]
    lines.append(f"{_('正文')}：")
    lines += [line.strip() for line in to_text(revision.body).splitlines() if line.strip()]
    return lines


def diff_rows(old: Revision, new: Revision) -> list[dict]:
    """Changed lines with a little unchanged context; a `gap` row between distant changes."""
    a, b = _revision_lines(old), _revision_lines(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    rows: list[dict] = []
    for group in matcher.get_grouped_opcodes(DIFF_CONTEXT_LINES):
        if rows:
            rows.append({"kind": "gap"})
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [{"kind": "same", "text": line} for line in a[i1:i2]]
                continue
            rows += [{"kind": "removed", "text": line} for line in a[i1:i2]]
            rows += [{"kind": "added", "text": line} for line in b[j1:j2]]
    return rows


@staff_required
@require_http_methods(["GET", "HEAD"])
def item_revisions(request, pk: int):
    item = get_item_for_user(request.user, pk)
    revisions = list(
        item.revisions.select_related("created_by")
        .prefetch_related("attachment_links__upload")
        .order_by("-number")
    )
    numbers = [r.number for r in revisions]
    by_number = {r.number: r for r in revisions}
    default = {"b": numbers[0], "a": numbers[1] if len(numbers) > 1 else numbers[0]}
    if "a" in request.GET or "b" in request.GET:
        form = CompareForm(request.GET, numbers=numbers, auto_id="id_%s")
        chosen = form.cleaned_data if form.is_valid() else None
    else:
        form = CompareForm(initial=default, numbers=numbers, auto_id="id_%s")
        chosen = default
    rows = None
    old = new = None
    if chosen is not None:
        old, new = by_number[chosen["a"]], by_number[chosen["b"]]
        rows = diff_rows(old, new)
    return render(
        request,
        "publishing/staff/revisions.html",
        {
            "item": item,
            "revisions": revisions,
            "form": form,
            "old": old,
            "new": new,
            "rows": rows,
        },
    )
