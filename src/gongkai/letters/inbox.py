"""What 政民互动 puts in a staff member's inbox (the workbench's 待办): the letters waiting for
their action, each with the reply deadline it is held to.

- a letter waiting for triage, for the triage of its mailbox's department (no clock yet);
- an extension asked for, for the same triage to decide;
- a letter whose reply the user's department leads and drafts (办理中);
- a reply draft waiting at the user's review level.

The same filters as the queue's tabs (letters.queues), so the two always agree. One query per
kind of entry whatever the number of letters.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.clock import Warning, today, warning_level
from gongkai.core.inbox import InboxEntry, register
from gongkai.letters import permissions, queues, roles
from gongkai.letters.queries import visible_letters
from gongkai.letters.rules import Status

MODULE = gettext_lazy("政民互动")


def extension_requests(user) -> Q:
    """Extensions asked for and not decided, of the mailboxes the user triages."""
    return Q(
        extension_requested_by__isnull=False,
        extended=False,
        extension_refused=False,
        status__in=(Status.HANDLING, Status.REVIEW),
        mailbox__department__in=queues.departments_where(user, roles.TRIAGE),
    )


KINDS = (
    (queues.awaiting_triage, gettext_lazy("待分办")),
    (extension_requests, gettext_lazy("延期待审批")),
    (queues.lead_handled, gettext_lazy("待答复")),
    (queues.awaiting_review, gettext_lazy("答复待审核")),
)


@register
def waiting_letters(user) -> list[InboxEntry]:
    if not getattr(user, "is_authenticated", False) or not permissions.handles_letters(user):
        return []
    on = today()
    entries = []
    for condition, what in KINDS:
        letters = (
            visible_letters(user)
            .filter(condition(user))
            .select_related("reply_clock")
            .order_by("pk")
        )
        for letter in letters:
            clock = letter.reply_clock
            level = warning_level(clock, on) if clock is not None else Warning.NORMAL
            label = f"{level.label}：" if level in (Warning.DUE_SOON, Warning.OVERDUE) else ""
            entries.append(
                InboxEntry(
                    module=str(MODULE),
                    title=_("%(warning)s%(what)s %(number)s %(subject)s")
                    % {
                        "warning": label,
                        "what": what,
                        "number": letter.number,
                        "subject": letter.subject,
                    },
                    url=letter.get_absolute_url(),
                    due=clock.due_date if clock is not None else None,
                    warning=level.value,
                )
            )
    return entries
