"""The workbench's letters: the queue (tabs are links, no script), and who may open a letter.

The letter's page is in staff_letter_page.py, the forms of its next steps in
staff_letter_steps.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.clock import Warning, today
from gongkai.core.decorators import staff_required
from gongkai.core.permissions import has_role
from gongkai.letters import permissions, queues, roles
from gongkai.letters.models import Letter
from gongkai.letters.queries import can_see

PAGE_SIZE = 30
# What the letter's page shows of a letter, read with it in one query.
LETTER_RELATED = (
    "mailbox__department",
    "department",
    "reply_clock",
    "reply_department",
    "merged_into",
    "extension_requested_by",
)


def get_letter_for_user(user, number: str) -> Letter:
    """The letter, if it is in the user's routing scope (letters.queries.can_see)."""
    letter = get_object_or_404(Letter.objects.select_related(*LETTER_RELATED), number=number)
    if not can_see(user, letter):
        raise PermissionDenied(_("您无权查看此来信：它不属于您所在部门分办或办理的来信。"))
    return letter


def _warning_cell(letter) -> dict | None:
    if letter.reply_clock is None:
        return None
    level = Warning(letter.warning)
    return {"due": letter.reply_clock.due_date, "warning": level.value, "label": level.label}


def _other_pages(user) -> dict:
    """The other 政民互动 pages this user may open from the queue (the board, consultations,
    the mailboxes)."""
    return {
        "moderates": permissions.can_moderate(user),
        "consults": has_role(user, roles.CONSULTATION_EDITOR),
        "keeps_mailboxes": permissions.manages_mailboxes(user),
    }


@staff_required
@require_http_methods(["GET", "HEAD"])
def queue(request):
    user = request.user
    keys = queues.tabs_for(user)
    others = _other_pages(user)
    if not keys and not any(others.values()):
        raise PermissionDenied(
            _("政民互动工作台仅限来信分办、办理、审核人员和留言、意见征集管理人员使用。")
        )
    tab = request.GET.get("tab")
    if tab not in keys:
        tab = keys[0] if keys else None
    context = {"tab": tab, "tabs": [], "rows": [], **others}
    if tab is not None:
        counts = queues.tab_counts(user, keys)
        paginator = Paginator(queues.queue(user, tab, today()), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        for row in rows:
            row.due = _warning_cell(row)
        labels = dict(queues.TABS)
        context.update(
            tabs=[
                {"key": key, "label": labels[key], "count": counts[key], "current": key == tab}
                for key in keys
            ],
            tab_label=labels[tab],
            rows=rows,
            page=page,
            page_range=paginator.get_elided_page_range(page.number),
            query=urlencode({"tab": tab}),
        )
    return render(request, "letters/staff/queue.html", context)
