"""The mailboxes in the workbench: the list (with the form of a new one, for the system
administrator) and one mailbox's page (its settings; opening and closing it).

Who: the administrator sees and keeps every mailbox; a department's triage, the mailboxes of
its departments (letters.permissions.can_manage_mailbox). A refusal of the action comes back
next to the field it names, what was typed kept, nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts
from gongkai.core.decorators import action_view, keeps_drafts, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.permissions import departments_for
from gongkai.letters import permissions, roles
from gongkai.letters.actions import mailboxes as actions
from gongkai.letters.forms_mailboxes import MailboxForm
from gongkai.letters.models import Mailbox
from gongkai.letters.rules import OPEN_STATUSES

SETTINGS = ("name", "department", "description", "review_levels", "is_county_head", "order")
OPEN, CLOSE = "open", "close"


def mailbox_url(pk: int) -> str:
    return reverse("letters:staff:mailbox", args=[pk])


def get_mailbox_for_user(user, pk: int) -> Mailbox:
    mailbox = get_object_or_404(Mailbox.objects.select_related("department"), pk=pk)
    if not permissions.can_manage_mailbox(user, mailbox):
        raise PermissionDenied(
            _("您无权管理此信箱：只有系统管理员和信箱所属部门的来信分办人员可以管理。")
        )
    return mailbox


def _visible(user):
    """Every mailbox for the administrator; for a triage, those of its departments. Each
    with its letters, and those still open, counted in the same query."""
    rows = Mailbox.objects.select_related("department").annotate(
        letter_count=Count("letters"),
        open_count=Count("letters", filter=Q(letters__status__in=OPEN_STATUSES)),
    )
    if permissions.can_set_up_mailboxes(user):
        return rows.order_by("-is_county_head", "order", "pk")
    mine = departments_for(user, roles.TRIAGE)
    return rows.filter(department__in=mine).order_by("-is_county_head", "order", "pk")


def _create(request, form: MailboxForm) -> Mailbox | None:
    if not form.is_valid():
        return None
    with errors_into(form):
        return actions.create_mailbox(actor=request.user, **form.cleaned_data)
    return None


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox_list(request):
    """信箱管理: the mailboxes this user keeps; a new one (POST, the administrator)."""
    user = request.user
    if not permissions.manages_mailboxes(user):
        raise PermissionDenied(_("信箱管理仅限系统管理员和来信分办人员使用。"))
    creates = permissions.can_set_up_mailboxes(user)
    form = MailboxForm(drafts.take(request), auto_id="id_new_%s") if creates else None
    if request.method == "POST":
        if not creates:
            raise PermissionDenied(_("只有系统管理员可以新建信箱。"))
        form = MailboxForm(request.POST, auto_id="id_new_%s")
        mailbox = _create(request, form)
        if mailbox is not None:
            messages.success(
                request, _("已新建信箱“%(name)s”，已在政民互动页面开放。") % {"name": mailbox.name}
            )
            return redirect(mailbox_url(mailbox.pk))
    return render(
        request, "letters/staff/mailboxes.html", {"rows": list(_visible(user)), "form": form}
    )


def _edit_form(user, mailbox: Mailbox, data=None) -> MailboxForm:
    initial = {name: getattr(mailbox, name) for name in SETTINGS}
    return MailboxForm(
        data,
        new=False,
        configures=permissions.can_set_up_mailboxes(user),
        initial=initial,
        auto_id="id_edit_%s",
    )


def _mailbox_page(request, mailbox: Mailbox, form: MailboxForm):
    counts = mailbox.letters.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES))
    )
    return render(
        request,
        "letters/staff/mailbox.html",
        {"mailbox": mailbox, "form": form, "counts": counts, "OPEN": OPEN, "CLOSE": CLOSE},
    )


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox_detail(request, pk: int):
    """One mailbox: its settings form (POST saves them) and the open / close button."""
    mailbox = get_mailbox_for_user(request.user, pk)
    if request.method != "POST":
        return _mailbox_page(
            request, mailbox, _edit_form(request.user, mailbox, drafts.take(request))
        )
    form = _edit_form(request.user, mailbox, request.POST)
    if form.is_valid():
        with errors_into(form):
            actions.update_mailbox(actor=request.user, mailbox=mailbox, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("已保存信箱设置。"))
            return redirect(mailbox_url(pk))
    return _mailbox_page(request, mailbox, form)


@staff_required
@action_view(lambda pk: mailbox_url(pk))
def mailbox_active(request, pk: int):
    """Open or close the mailbox (the button says which: `do` is open or close)."""
    mailbox = get_mailbox_for_user(request.user, pk)
    wanted = request.POST.get("do")
    if wanted not in (OPEN, CLOSE):
        messages.error(request, _("请使用页面上的按钮开放或关闭信箱。"))
        return redirect(mailbox_url(pk))
    try:
        actions.set_mailbox_active(actor=request.user, mailbox=mailbox, active=wanted == OPEN)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect(mailbox_url(pk))
    if wanted == OPEN:
        messages.success(request, _("信箱已开放，公众可以在政民互动页面写信。"))
    else:
        messages.success(request, _("信箱已关闭，不再接收新来信；已收到的来信照常办理。"))
    return redirect(mailbox_url(pk))
