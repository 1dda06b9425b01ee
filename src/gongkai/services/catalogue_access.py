"""Who sees which part of the catalogue in the staff pages: the departments a user edits or
reviews (with every department under them), and the item if the user may open it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.core.models import Department
from gongkai.core.permissions import departments_for, has_role
from gongkai.services import permissions, roles
from gongkai.services.models import ServiceItem


def is_catalogue_staff(user) -> bool:
    return has_role(user, roles.CATALOGUE_EDITOR) or has_role(user, roles.CATALOGUE_REVIEWER)


def catalogue_departments(user) -> QuerySet[Department]:
    """The departments whose catalogue `user` edits or reviews."""
    editing = departments_for(user, roles.CATALOGUE_EDITOR)
    reviewing = departments_for(user, roles.CATALOGUE_REVIEWER)
    return Department.objects.filter(
        Q(pk__in=editing.values("pk")) | Q(pk__in=reviewing.values("pk"))
    )


def get_item_for_user(user, code: str) -> ServiceItem:
    """The item, if `user` edits or reviews its department's catalogue."""
    item = get_object_or_404(ServiceItem.objects.select_related("department"), code=code)
    if not permissions.can_edit_catalogue(user, item.department):
        raise PermissionDenied(_("您无权查看此事项：它不属于您负责的部门。"))
    return item
