"""Who may open which item in the workbench, and how long a review step has waited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.models import RoleAssignment
from gongkai.publishing import permissions
from gongkai.publishing.models import Item


def is_reviewer(user) -> bool:
    return RoleAssignment.objects.filter(user=user, role__in=permissions.REVIEWER_ROLES).exists()


def require_publishing(user) -> None:
    if not permissions.can_use_publishing(user):
        raise PermissionDenied(_("政务公开工作台仅限栏目编辑、审核人员和系统管理员使用。"))


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


def waited(since) -> str:
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
