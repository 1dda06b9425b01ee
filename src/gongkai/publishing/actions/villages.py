"""村务公开: opening a village's three columns (党务公开, 村务公开, 财务公开) when it is set up.

《村民委员会组织法》第三十条 has the 村民委员会 publish its affairs and finances at least every
quarter; 第三十一条 makes the township the one villagers turn to when it does not. So a
village's columns belong to the village (its editors write), sit in its township's 村务公开
section, and take one level of review: the township's 网站主编, whose role in the township
covers the villages under it (core.permissions.has_role reads the department tree).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import audit
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, User
from gongkai.publishing import permissions
from gongkai.publishing.actions.columns import create_column
from gongkai.publishing.finance import QUARTER_DAYS
from gongkai.publishing.models import Column, VillagePart

# 审核级数 2: the editor's draft, then one step (网站主编) taken by the township.
VILLAGE_REVIEW_LEVELS = 2
VILLAGE_COLUMNS = (
    (VillagePart.PARTY, "party", gettext_lazy("党务公开")),
    (VillagePart.AFFAIRS, "affairs", gettext_lazy("村务公开")),
    (VillagePart.FINANCE, "finance", gettext_lazy("财务公开")),
)
SLUG_STEM_CHARS = 40  # leaves room for the suffixes within the slug's 60 characters


def _free_slug(stem: str) -> str:
    slug, n = stem, 2
    while Column.objects.filter(slug=slug).exists():
        slug, n = f"{stem}-{n}", n + 1
    return slug


def _stem(department: Department) -> str:
    return slugify(department.short_code)[:SLUG_STEM_CHARS] or f"dept-{department.pk}"


def _township_section(township: Department, actor: User | None) -> Column:
    """The township's 村务公开 section; made on first use, under the township's own top
    section (its 政府信息公开) when it has one, so that visitors find it from there."""
    section = Column.objects.filter(department=township, village_part=VillagePart.VILLAGES).first()
    if section is not None:
        return section
    home = (
        Column.objects.filter(department=township, kind=Column.Kind.SECTION, village_part="")
        .order_by("path")
        .first()
    )
    return create_column(
        actor=actor,
        name=_("村务公开"),
        slug=_free_slug(f"{_stem(township)}-villages"),
        department=township,
        parent=home,
        kind=Column.Kind.SECTION,
        review_levels=VILLAGE_REVIEW_LEVELS,
        description=_("%(township)s所辖各村的党务公开、村务公开和财务公开。")
        % {"township": township.name},
        village_part=VillagePart.VILLAGES,
    )


@transaction.atomic
def set_up_village(*, actor: User | None, village: Department) -> Column:
    """Open 村务公开 for a village: its section and its three columns, reviewed by the township."""
    if actor is not None and not permissions.can_manage_columns(actor):
        raise PermissionDenied(_("只有系统管理员可以设置栏目。"))
    # Locked: two administrators setting up the same village make its columns once. Only the
    # village's row: PostgreSQL cannot lock the nullable side of the join to its parent.
    village = (
        Department.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=village.pk)
    )
    if village.kind != Department.Kind.VILLAGE:
        raise InvalidInput(
            _("“%(name)s”不是村（社区），不能开设村务公开栏目。") % {"name": village.name},
            "village",
        )
    township = village.parent
    if township is None or township.kind != Department.Kind.TOWNSHIP:
        raise InvalidInput(
            _("“%(name)s”不在乡镇之下，村务公开须由所属乡镇审核，请先调整机构设置。")
            % {"name": village.name},
            "village",
        )
    if Column.objects.filter(department=village, village_part=VillagePart.VILLAGE).exists():
        raise InvalidTransition(_("“%(name)s”已开设村务公开栏目。") % {"name": village.name})
    section = _township_section(township, actor)
    own = create_column(
        actor=actor,
        name=village.name,
        slug=_free_slug(_stem(village)),
        department=village,
        parent=section,
        kind=Column.Kind.SECTION,
        review_levels=VILLAGE_REVIEW_LEVELS,
        order=village.order,
        village_part=VillagePart.VILLAGE,
    )
    for order, (part, suffix, name) in enumerate(VILLAGE_COLUMNS):
        create_column(
            actor=actor,
            name=str(name),
            slug=_free_slug(f"{own.slug}-{suffix}"),
            department=village,
            parent=own,
            review_levels=VILLAGE_REVIEW_LEVELS,
            update_interval_days=QUARTER_DAYS,
            order=order,
            village_part=part,
        )
    audit.record(
        "village.set_up",
        actor=actor,
        obj=village,
        data={"township": township.short_code, "section": own.slug},
    )
    return own
