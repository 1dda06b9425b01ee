"""What the message board puts in a moderator's inbox (the workbench's 待办): the posts
waiting for moderation and the posts hidden by reports, one entry each, linking to the queue.
Two counts whatever the number of posts."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.inbox import InboxEntry, register
from gongkai.letters.models import Post
from gongkai.letters.permissions import can_moderate
from gongkai.letters.rules import PostStatus

MODULE = gettext_lazy("留言板")


@register
def waiting_posts(user) -> list[InboxEntry]:
    if not getattr(user, "is_authenticated", False) or not can_moderate(user):
        return []
    url = reverse("letters:staff:moderation")
    entries = []
    pending = Post.objects.filter(status=PostStatus.PENDING).count()
    if pending:
        entries.append(InboxEntry(MODULE, _("%(n)d 条留言待审核") % {"n": pending}, url))
    hidden = Post.objects.filter(status=PostStatus.HIDDEN).count()
    if hidden:
        entries.append(InboxEntry(MODULE, _("%(n)d 条留言因举报隐藏，待复核") % {"n": hidden}, url))
    return entries
