"""The 政府信息公开工作年度报告 (条例 Art. 49-50): saving the narrative staff write and the
table 二 figures they enter, and publishing the report in the 政府信息公开年报 column
(through core.publications); computing the report is disclosure.report's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, publications
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, User
from gongkai.disclosure import permissions, report
from gongkai.disclosure.models import AnnualReport
from gongkai.disclosure.report_pdf import build_pdf
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


def publish_annual_report(
    *, actor: User, year: int, department: Department
) -> publications.Publication:
    """条例 Art. 49: send the agency's report, its PDF attached, to the 政府信息公开年报
    column, where the column's review decides when it goes public. Publishing again sends a
    new version of the same item (the earlier review, if any, is cancelled).

    The publishing module writes the item in its own transaction, so that a refusal it audits
    (personal information found) is kept; the report then records where it went.
    """
    if not permissions.can_publish_report(actor, department):
        raise PermissionDenied(_("年度报告由政府信息公开工作机构负责人提交发布。"))
    if not publications.can_publish():
        raise InvalidTransition(_("本平台未启用政务公开模块，无法发布到年报栏目。"))
    data = report.build_report(year, department)
    if not data.check.ok:
        raise InvalidInput(
            _("表三数据未通过核对（一 + 二 = 三（七） + 四），请先核实所列申请后再发布。"),
            "publish",
        )
    stored = AnnualReport.objects.filter(year=year, department=department).first()
    body = "\n".join(f"{label}\n{text}" for label, text in data.sections.items() if text.strip())
    publication = publications.publish_document(
        kind=publications.ANNUAL_REPORT,
        department=department,
        title=data.title,
        body=body or data.title,
        attachment_name=f"{data.title}.pdf",
        attachment=build_pdf(data),
        actor=actor,
        replaces=stored.publication_reference if stored else "",
    )
    _record_publication(actor, year, department, publication)
    return publication


@transaction.atomic
def _record_publication(actor, year, department, publication) -> None:
    stored, _created = AnnualReport.objects.select_for_update().get_or_create(
        year=year, department=department
    )
    stored.publication_reference = publication.reference
    stored.publication_url = publication.url
    stored.submitted_at = timezone.now()
    stored.save(update_fields=["publication_reference", "publication_url", "submitted_at"])
    audit.record(
        "disclosure.report_publish",
        actor=actor,
        obj=stored,
        data={"year": year, "department": department.pk, "reference": publication.reference},
    )
