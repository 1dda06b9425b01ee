"""What 政务公开 puts in a staff member's inbox."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.inbox import InboxEntry, register


@register
def publishing_entries(user) -> list[InboxEntry]:
    from gongkai.publishing import queries

    module = _("政务公开")
    entries = []
    for step in queries.steps_waiting_for(user):
        entries.append(
            InboxEntry(
                module=module,
                title=_("待审核（%(level)s）：%(title)s")
                % {"level": step.get_level_display(), "title": step.revision.title},
                url=reverse("publishing:staff:item", args=[step.workflow.item_id]),
                # The day in Beijing (settings.TIME_ZONE), not the UTC day the database keeps.
                due=timezone.localdate(step.pending_since) if step.pending_since else None,
                warning="normal",
            )
        )
    for item in queries.rejected_for(user):
        entries.append(
            InboxEntry(
                module=module,
                title=_("被退回待修改：%(title)s") % {"title": item.latest_revision.title},
                url=reverse("publishing:staff:item", args=[item.pk]),
            )
        )
    for item in queries.after_review_for(user):
        entries.append(
            InboxEntry(
                module=module,
                title=_("紧急发布待事后审核：%(title)s") % {"title": item.live_revision.title},
                url=reverse("publishing:staff:item", args=[item.pk]),
                warning="due_soon",
            )
        )
    return entries
