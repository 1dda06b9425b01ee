"""政务公开 in the workbench: lists, the item form, the item page with its review actions,
preview, revision history and the site-health panel. Every write is an action."""

from __future__ import annotations

import difflib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core import actions as core_actions
from gongkai.core.decorators import staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import RoleAssignment
from gongkai.core.permissions import can_manage_organisation
from gongkai.core.pii import mask
from gongkai.publishing import actions, permissions, queries
from gongkai.publishing.docx import docx_to_html
from gongkai.publishing.forms import (
    AfterReviewForm,
    ColumnForm,
    CompareForm,
    DecisionForm,
    EmergencyForm,
    ItemForm,
    OverrideForm,
    SubmitForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.publishing.html import to_text
from gongkai.publishing.models import Column, Item, Revision, Step, Workflow
from gongkai.publishing.pii_gate import PersonalInfoFound, scan_revision

PAGE_SIZE = 50
PII_CONTEXT_CHARS = 20  # characters shown either side of a finding
DIFF_CONTEXT_LINES = 3


def _is_reviewer(user) -> bool:
    return RoleAssignment.objects.filter(user=user, role__in=permissions.REVIEWER_ROLES).exists()


def get_item_for_user(user, pk: int) -> Item:
    """The item, if this staff member may see it (its editors and its reviewers)."""
    item = get_object_or_404(
        Item.objects.select_related(
            "column__department", "latest_revision__created_by", "live_revision", "replaced_by"
        ),
        pk=pk,
    )
    if not permissions.can_view_item(user, item):
        raise PermissionDenied(_("您无权查看此信息：它不属于您负责的栏目。"))
    return item


def _require_publishing(user) -> None:
    if not permissions.can_use_publishing(user):
        raise PermissionDenied(_("政务公开工作台仅限栏目编辑、审核人员和系统管理员使用。"))


# ---------------------------------------------------------------- lists


def _waited(since) -> str:
    """How long a step has waited, in the largest whole unit: 已等待 3 小时 / 2 天."""
    if since is None:
        return ""
    seconds = max(0, int((timezone.now() - since).total_seconds()))
    if seconds >= 86400:
        return _("已等待 %(n)s 天") % {"n": seconds // 86400}
    if seconds >= 3600:
        return _("已等待 %(n)s 小时") % {"n": seconds // 3600}
    if seconds >= 60:
        return _("已等待 %(n)s 分钟") % {"n": seconds // 60}
    return _("刚刚提交")


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


@staff_required
@require_http_methods(["GET", "HEAD"])
def item_list(request):
    user = request.user
    _require_publishing(user)
    is_editor = permissions.editable_columns(user).exists()
    is_reviewer = _is_reviewer(user)
    tabs = _tabs_for(user, is_editor, is_reviewer)
    keys = [key for key, _label, _query in tabs]
    default = "drafts" if is_editor else ("waiting" if is_reviewer else "published")
    current = request.GET.get("tab") if request.GET.get("tab") in keys else default
    query = next(query for key, _label, query in tabs if key == current)
    page = Paginator(query(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if current == "waiting":
        for step in rows:
            step.waited = _waited(step.pending_since)
    if current == "rejected":
        last_rejection = {}
        for step in (
            Step.objects.filter(
                workflow__item__in=[item.pk for item in rows], state=Step.State.REJECTED
            )
            .select_related("workflow", "actor")
            .order_by("finished_at", "id")
        ):
            last_rejection[step.workflow.item_id] = step  # ordered by time: the last one wins
        for item in rows:
            item.rejection = last_rejection.get(item.pk)
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


# ---------------------------------------------------------------- the item form


def _files_to_reselect(request, form) -> None:
    """Browsers cannot fill a file input again: say which files must be chosen again."""
    for name in ("docx", "attachments"):
        if request.FILES.getlist(name) and name in form.fields:
            form.add_error(name, _("表单未保存，附件需重新选择。"))


def _save_item(request, form, item: Item | None) -> Item | None:
    """Store the uploads and call the action; None (with errors on the form) when refused."""
    data = form.cleaned_data
    body = data["body"]
    try:
        if data.get("docx"):
            body = docx_to_html(data["docx"])
        with transaction.atomic():
            uploads = [
                core_actions.store_upload(actor=request.user, checked=checked)
                for checked in data["attachments"]
            ]
            item_data = actions.ItemData(
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
            if item is None:
                return actions.create_item(
                    actor=request.user, column=data["column"], data=item_data
                )
            actions.save_revision(actor=request.user, item=item, data=item_data)
            return item
    except InvalidInput as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
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
    initial = {
        name: getattr(latest, name)
        for name in (
            "title", "summary", "body", "document_number", "publisher", "created_on", "topic",
            "content_kind", "keywords", "source", "collector",
        )
    }  # fmt: skip
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


# ---------------------------------------------------------------- the item page


def _submittable(item: Item, active: Workflow | None) -> bool:
    """The latest revision may go to review: not in review, not already approved or live."""
    return (
        item.status != Item.Status.WITHDRAWN
        and active is None
        and item.latest_revision_id not in (item.live_revision_id, item.approved_revision_id)
    )


def _finding_rows(revision: Revision, findings) -> list[dict]:
    """Each finding with where it is and the (masked) text around it."""
    texts: dict[str, list[str]] = {
        _("标题"): [revision.title],
        _("摘要"): [revision.summary],
        _("正文"): [to_text(revision.body)],
    }
    for link in revision.attachment_links.select_related("upload"):
        texts.setdefault(_("附件：%(name)s") % {"name": link.upload.name}, []).append(link.text)
    rows = []
    for where, finding in findings:
        text = next(
            (
                t
                for t in texts.get(str(where), [])
                if t[finding.start : finding.end] == finding.text
            ),
            "",
        )
        # Masking keeps every character's position, so the context is cut from the masked text.
        shown = " ".join(mask(text).splitlines()) if text else ""
        start = max(0, finding.start - PII_CONTEXT_CHARS)
        rows.append(
            {
                "where": where,
                "label": finding.label,
                "masked": finding.masked,
                "before": shown[start : finding.start],
                "after": shown[finding.end : finding.end + PII_CONTEXT_CHARS],
                "more_before": start > 0,
                "more_after": finding.end + PII_CONTEXT_CHARS < len(shown),
            }
        )
    return rows


def _item_page(request, item: Item, *, bound: dict | None = None, findings=None, status=200):
    user = request.user
    workflow = (
        item.workflows.select_related("revision", "started_by")
        .order_by("-started_at", "-id")
        .first()
    )
    steps = []
    if workflow is not None:
        workflow.item = item
        steps = list(workflow.steps.select_related("actor", "revision").order_by("order"))
        for step in steps:
            step.workflow = workflow
            if step.state == Step.State.PENDING:
                step.waited = _waited(step.pending_since)
    active = workflow if workflow and workflow.state == Workflow.State.IN_PROGRESS else None
    pending = next((s for s in steps if s.state == Step.State.PENDING), None) if active else None
    latest = item.latest_revision
    can_edit = permissions.can_edit_item(user, item)
    can_override = permissions.can_override_pii(user, item)
    submittable = _submittable(item, active)
    if findings is None and submittable and can_override:
        # A reviewer sees what stopped (or will stop) the submission, to let it through with a reason.
        findings = scan_revision(latest) or None
    forms = {
        "submit": SubmitForm(auto_id="id_submit_%s"),
        "override": OverrideForm(auto_id="id_override_%s"),
        "decide": DecisionForm(auto_id="id_decide_%s"),
        "emergency": EmergencyForm(auto_id="id_emergency_%s"),
        "after_review": AfterReviewForm(auto_id="id_after_review_%s"),
        "withdraw": WithdrawForm(auto_id="id_withdraw_%s"),
        "validity": ValidityForm(
            auto_id="id_validity_%s",
            initial={
                "validity": item.validity,
                "on": item.validity_changed_on,
                "replaced_by": item.replaced_by_id,
            },
        ),
    }
    forms.update(bound or {})
    attachments = list(latest.attachment_links.select_related("upload"))
    context = {
        "item": item,
        "revision": latest,
        "attachments": attachments,
        "workflow": workflow,
        "steps": steps,
        "active": active,
        "forms": forms,
        "findings": _finding_rows(latest, findings) if findings else None,
        "can": {
            "edit": can_edit,
            "submit": can_edit and submittable,
            "recall": can_edit and active is not None,
            "decide": pending if pending and permissions.can_review_step(user, pending) else None,
            "emergency": permissions.can_emergency_publish(user, item)
            and item.status != Item.Status.WITHDRAWN
            and item.live_revision_id != item.latest_revision_id,
            "after_review": item.needs_after_review and permissions.can_after_review(user, item),
            "withdraw": item.status == Item.Status.PUBLISHED
            and permissions.can_withdraw(user, item),
            "validity": item.published_at is not None
            and item.status != Item.Status.WITHDRAWN
            and permissions.can_change_validity(user, item),
            "mask": can_edit,
            "override": can_override and submittable,
        },
    }
    return render(request, "publishing/staff/item.html", context, status=status)


@staff_required
@require_http_methods(["GET", "HEAD"])
def item_detail(request, pk: int):
    return _item_page(request, get_item_for_user(request.user, pk))


def _done(request, item: Item, message: str):
    messages.success(request, message)
    return redirect("publishing:staff:item", item.pk)


def _refused(request, item: Item, exc: InvalidTransition):
    messages.error(request, str(exc))
    return redirect("publishing:staff:item", item.pk)


def _invalid(request, item: Item, key: str, form, exc: InvalidInput):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return _item_page(request, item, bound={key: form})


@staff_required
@require_POST
def item_submit(request, pk: int):
    item = get_item_for_user(request.user, pk)
    form = SubmitForm(request.POST, auto_id="id_submit_%s")
    if not form.is_valid():
        return _item_page(request, item, bound={"submit": form})
    publish_at = form.cleaned_data["publish_at"]
    try:
        workflow = actions.submit_item(actor=request.user, item=item, publish_at=publish_at)
    except PersonalInfoFound as stopped:
        override = OverrideForm(initial={"publish_at": publish_at}, auto_id="id_override_%s")
        return _item_page(
            request, item, bound={"submit": form, "override": override}, findings=stopped.findings
        )
    except InvalidInput as exc:
        return _invalid(request, item, "submit", form, exc)
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    if workflow.state == Workflow.State.APPROVED:
        return _done(request, item, _("已发布（本栏目无需审核）。"))
    return _done(request, item, _("已提交审核。"))


@staff_required
@require_POST
def item_override(request, pk: int):
    item = get_item_for_user(request.user, pk)
    if not permissions.can_override_pii(request.user, item):
        raise PermissionDenied(_("只有审核人员可以在发现个人信息时放行，编辑请先遮盖。"))
    form = OverrideForm(request.POST, auto_id="id_override_%s")
    if not form.is_valid():
        findings = scan_revision(item.latest_revision) or None
        return _item_page(request, item, bound={"override": form}, findings=findings)
    try:
        actions.submit_item(
            actor=request.user,
            item=item,
            publish_at=form.cleaned_data["publish_at"],
            pii_override_reason=form.cleaned_data["reason"],
        )
    except InvalidInput as exc:
        return _invalid(request, item, "override", form, exc)
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    return _done(request, item, _("已放行并提交审核，放行理由已记入审计日志。"))


@staff_required
@require_POST
def item_mask(request, pk: int):
    item = get_item_for_user(request.user, pk)
    revision = actions.mask_personal_info(actor=request.user, item=item)
    return _done(
        request,
        item,
        _("已遮盖个人信息，生成第 %(n)s 版。请核对预览后再次提交审核。") % {"n": revision.number},
    )


@staff_required
@require_POST
def item_recall(request, pk: int):
    item = get_item_for_user(request.user, pk)
    try:
        actions.recall_item(actor=request.user, item=item)
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    return _done(request, item, _("已撤回审核，可继续修改。"))


@staff_required
@require_POST
def step_decide(request, pk: int, step_pk: int):
    item = get_item_for_user(request.user, pk)
    step = get_object_or_404(Step, pk=step_pk, workflow__item=item)
    form = DecisionForm(request.POST, auto_id="id_decide_%s")
    if not form.is_valid():
        return _item_page(request, item, bound={"decide": form})
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    try:
        if decision == DecisionForm.REJECT:
            actions.reject_step(actor=request.user, step=step, comment=comment)
        else:
            actions.approve_step(actor=request.user, step=step, comment=comment)
    except InvalidInput as exc:
        return _invalid(request, item, "decide", form, exc)
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    if decision == DecisionForm.REJECT:
        return _done(request, item, _("已退回，编辑将在待办中看到您的意见。"))
    item.refresh_from_db()
    if item.status == Item.Status.PUBLISHED and item.live_revision_id == step.revision_id:
        return _done(request, item, _("审核通过，已发布。"))
    return _done(request, item, _("审核通过。"))


@staff_required
@require_POST
def item_emergency(request, pk: int):
    item = get_item_for_user(request.user, pk)
    form = EmergencyForm(request.POST, auto_id="id_emergency_%s")
    if not form.is_valid():
        return _item_page(request, item, bound={"emergency": form})
    try:
        actions.emergency_publish(actor=request.user, item=item, reason=form.cleaned_data["reason"])
    except InvalidInput as exc:
        return _invalid(request, item, "emergency", form, exc)
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    return _done(request, item, _("已紧急发布，待事后审核。"))


@staff_required
@require_POST
def item_after_review(request, pk: int):
    item = get_item_for_user(request.user, pk)
    form = AfterReviewForm(request.POST, auto_id="id_after_review_%s")
    if not form.is_valid():
        return _item_page(request, item, bound={"after_review": form})
    try:
        actions.complete_after_review(
            actor=request.user, item=item, comment=form.cleaned_data["comment"]
        )
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    return _done(request, item, _("事后审核已完成。"))


@staff_required
@require_POST
def item_withdraw(request, pk: int):
    item = get_item_for_user(request.user, pk)
    form = WithdrawForm(request.POST, auto_id="id_withdraw_%s")
    if not form.is_valid():
        return _item_page(request, item, bound={"withdraw": form})
    try:
        actions.withdraw_item(actor=request.user, item=item, reason=form.cleaned_data["reason"])
    except InvalidInput as exc:
        return _invalid(request, item, "withdraw", form, exc)
    except InvalidTransition as exc:
        return _refused(request, item, exc)
    return _done(request, item, _("已撤稿，原网址将显示撤稿说明。"))


@staff_required
@require_POST
def item_validity(request, pk: int):
    item = get_item_for_user(request.user, pk)
    form = ValidityForm(request.POST, auto_id="id_validity_%s")
    if not form.is_valid():
        return _item_page(request, item, bound={"validity": form})
    try:
        actions.change_validity(
            actor=request.user,
            item=item,
            validity=form.cleaned_data["validity"],
            on=form.cleaned_data["on"],
            replaced_by=form.cleaned_data["replaced_by"],
        )
    except InvalidInput as exc:
        return _invalid(request, item, "validity", form, exc)
    return _done(request, item, _("有效性已更新。"))


# ---------------------------------------------------------------- preview and history


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


# ---------------------------------------------------------------- site health


@staff_required
@require_http_methods(["GET", "HEAD"])
def site_health(request):
    user = request.user
    editable = set(permissions.editable_columns(user).values_list("pk", flat=True))
    sees_all = _is_reviewer(user) or can_manage_organisation(user)
    if not (sees_all or editable):
        raise PermissionDenied(_("站点健康仅限栏目编辑、审核人员和系统管理员查看。"))
    now = timezone.now()
    rows = [row for row in queries.column_health(now) if sees_all or row["column"].pk in editable]
    for row in rows:
        row["can_create"] = row["column"].pk in editable
    home_last = queries.home_last_update()
    home_stale = home_last is None or home_last < now - timedelta(days=settings.HOME_STALE_DAYS)
    return render(
        request,
        "publishing/staff/health.html",
        {
            "rows": rows,
            "home_last": home_last,
            "home_stale": home_stale,
            "home_limit": settings.HOME_STALE_DAYS,
            "problems": sum(1 for row in rows if row["empty"] or row["stale"]),
        },
    )


# ---------------------------------------------------------------- columns (system administrators)


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
        try:
            if column is None:
                column = actions.create_column(actor=request.user, **values)
            else:
                # The form has already written the values onto the instance; the action
                # re-reads the row, so pass every field as a change.
                column = actions.update_column(actor=request.user, column=column, **values)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
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
