"""Saving the 政府信息公开工作年度报告 (条例 Art. 49-50): the narrative staff write and the
table 二 figures they enter; computing the report is disclosure.report's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department, User
from gongkai.disclosure import permissions, report
from gongkai.disclosure.models import AnnualReport
from gongkai.disclosure.rules import MANUAL_FIGURE_SEPARATOR, REPORT_SECTIONS


@transaction.atomic
def save_annual_report(
    *,
    actor: User,
    year: int,
    department: Department | None,
    sections: dict[str, str],
    manual_figures: dict[str, str],
) -> AnnualReport:
    """Keep the report's narrative (sections "1".."6") and the table 二 figures staff enter
    (keys "row|column" of report.table2_cells(), values as typed; empty: not entered)."""
    if not permissions.can_edit_report(actor, department):
        raise PermissionDenied(_("您无权编辑此年度报告。"))
    allowed = {str(i) for i in range(1, len(REPORT_SECTIONS) + 1)}
    if set(sections) - allowed:
        raise InvalidInput(_("未知的报告章节。"), "sections")
    cells = {f"{row}{MANUAL_FIGURE_SEPARATOR}{column}" for row, column in report.table2_cells()}
    figures = {}
    for key, raw in manual_figures.items():
        if key not in cells:
            raise InvalidInput(_("表二没有“%(cell)s”这一格。") % {"cell": key}, key)
        raw = (raw or "").strip()
        if not raw:
            continue
        try:
            report.parse_manual_figure(key.partition(MANUAL_FIGURE_SEPARATOR)[2], raw)
        except ValueError:
            raise InvalidInput(
                _("“%(value)s”不是有效的数值：件数应为不小于 0 的整数，金额为不小于 0 的数。")
                % {"value": raw},
                key,
            ) from None
        figures[key] = raw
    stored, _created = AnnualReport.objects.select_for_update().get_or_create(
        year=year, department=department
    )
    stored.sections = {k: (v or "").strip() for k, v in sections.items()}
    stored.manual_figures = figures
    stored.updated_by = actor
    stored.save()
    audit.record(
        "disclosure.report_save",
        actor=actor,
        obj=stored,
        data={"year": year, "department": department.pk if department else None},
    )
    return stored
