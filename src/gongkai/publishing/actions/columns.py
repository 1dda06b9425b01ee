"""Columns (栏目): created and changed by system administrators; a tree (core.tree)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit, tree
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department, User
from gongkai.publishing import permissions
from gongkai.publishing.actions.common import touch_site
from gongkai.publishing.models import Column

MAX_REVIEW_LEVELS = 3  # 三审: 栏目编辑 -> 网站主编 -> 网站总编 (信息发布审核: 《政府网站发展指引》, 国办发〔2017〕47号)

COLUMN_FIELDS = (
    "name", "slug", "parent", "department", "kind", "review_levels", "in_catalogue", "category",
    "sensitive", "is_news", "update_interval_days", "order", "external_url", "description",
)  # fmt: skip


@transaction.atomic
def create_column(
    *,
    actor: User | None,
    name: str,
    slug: str,
    department: Department,
    parent: Column | None = None,
    kind: str = Column.Kind.LIST,
    review_levels: int = 3,
    in_catalogue: bool = False,
    category: str = "",
    sensitive: bool = False,
    is_news: bool = False,
    update_interval_days: int | None = None,
    order: int = 0,
    external_url: str = "",
    description: str = "",
    village_part: str = "",
) -> Column:
    """Create a column owned by `department`."""
    if actor is not None and not permissions.can_manage_columns(actor):
        raise PermissionDenied(_("只有系统管理员可以设置栏目。"))
    if not 1 <= review_levels <= MAX_REVIEW_LEVELS:
        raise InvalidInput(_("审核级数只能是 1 到 3。"), "review_levels")
    if Column.objects.filter(slug=slug).exists():
        raise InvalidInput(_("网址标识“%(slug)s”已被使用。") % {"slug": slug}, "slug")
    column = Column(
        name=name,
        slug=slug,
        department=department,
        parent=parent,
        kind=kind,
        review_levels=review_levels,
        in_catalogue=in_catalogue,
        category=category,
        sensitive=sensitive,
        is_news=is_news,
        update_interval_days=update_interval_days,
        order=order,
        external_url=external_url,
        description=description,
        village_part=village_part,
    )
    tree.insert(column)
    touch_site()  # the catalogue and the parent's page list columns: their ETags must move
    audit.record(
        "column.create",
        actor=actor,
        obj=column,
        data={
            "name": name,
            "slug": slug,
            "department": department.short_code,
            "review_levels": review_levels,
        },
    )
    return column


def _settings(column: Column, names) -> dict[str, str]:
    """The named settings as text, foreign keys as their primary key (for the audit record)."""
    return {
        name: str(getattr(column, f"{name}_id" if name in ("parent", "department") else name))
        for name in names
    }


@transaction.atomic
def update_column(*, actor: User, column: Column, **changes) -> Column:
    """Change a column's settings; moving it re-roots its whole subtree."""
    if not permissions.can_manage_columns(actor):
        raise PermissionDenied(_("只有系统管理员可以设置栏目。"))
    column = Column.objects.select_for_update().get(pk=column.pk)
    unknown = set(changes) - set(COLUMN_FIELDS)
    if unknown:
        raise ValueError(f"not column settings: {sorted(unknown)}")
    if not 1 <= changes.get("review_levels", column.review_levels) <= MAX_REVIEW_LEVELS:
        raise InvalidInput(_("审核级数只能是 1 到 3。"), "review_levels")
    slug = changes.get("slug", column.slug)
    if Column.objects.filter(slug=slug).exclude(pk=column.pk).exists():
        raise InvalidInput(_("网址标识“%(slug)s”已被使用。") % {"slug": slug}, "slug")
    parent = changes.get("parent", column.parent)
    if parent is not None and tree.is_within(parent.path, column.path):
        raise InvalidInput(_("不能把栏目移到它自己或它的下级栏目之下。"), "parent")
    before = _settings(column, changes)
    for name, value in changes.items():
        setattr(column, name, value)
    column.save()
    tree.move(column, parent)
    after = _settings(column, changes)
    changed = {f: [before[f], after[f]] for f in changes if before[f] != after[f]}
    audit.record("column.update", actor=actor, obj=column, data={"changed": changed})
    touch_site()
    return column
