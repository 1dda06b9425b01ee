"""Naming an agency's 政府信息公开工作机构 (条例 Art. 4): the office whose disclosure staff
handle its requests (县人民政府办公室 for 县人民政府)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department, User
from gongkai.disclosure import permissions
from gongkai.disclosure.models import DisclosureOffice


@transaction.atomic
def set_disclosure_office(
    *, actor: User | None, department: Department, office: Department | None
) -> DisclosureOffice | None:
    """`office`'s disclosure staff handle `department`'s requests from now on; None: the
    agency handles its own again. `actor` None is the system (the demo, a command)."""
    if actor is not None and not permissions.can_set_office(actor):
        raise PermissionDenied(_("只有系统管理员可以指定政府信息公开工作机构。"))
    if office is not None and office.pk == department.pk:
        office = None  # an agency handling its own requests needs no record
    if office is not None and department.kind == Department.Kind.VILLAGE:
        raise InvalidInput(_("村（社区）不是行政机关，不受理政府信息公开申请。"), "department")
    if office is not None and office.kind == Department.Kind.VILLAGE:
        raise InvalidInput(_("村（社区）不能作为政府信息公开工作机构。"), "office")
    before = DisclosureOffice.objects.filter(department=department).first()
    if office is None:
        DisclosureOffice.objects.filter(department=department).delete()
        record = None
    else:
        record, _created = DisclosureOffice.objects.update_or_create(
            department=department, defaults={"office": office}
        )
    audit.record(
        "disclosure.office_set",
        actor=actor,
        obj=department,
        data={
            "department": department.pk,
            "office": office.pk if office else None,
            "before": before.office_id if before else None,
        },
    )
    return record
