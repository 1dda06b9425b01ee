"""What 政务服务 tells other modules through core (registered in ServicesConfig.ready):
the annual report's 行政许可 decisions (条例 Art. 20 (五), table 二), and the finished cases
the records archive will file."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from gongkai.core import tree
from gongkai.core.archive import ArchiveEntry
from gongkai.services.models import Case
from gongkai.services.rules import ItemType, Result

LICENSING_DECISIONS = "licensing_decisions"  # 行政许可 decided in the year: {"decisions": n}
ARCHIVE_KIND = "services.case"
# A decision (准予 or 不予许可) is what the law asks the agency to decide within the limit.
DECISIONS = (Result.GRANTED, Result.DENIED)
# 保管期限 suggested to the archivist: a licence lasts, a case that ended without one does not.
RETENTION = {
    Result.GRANTED: "30y",
    Result.DENIED: "30y",
    Result.REFUSED: "10y",
    Result.WITHDRAWN: "10y",
    Result.VOIDED: "10y",
    Result.FORWARDED: "10y",
}


def licensing_figures(year: int, scope: str | None) -> dict[str, dict[str, int]]:
    """条例 Art. 20 (五): 行政许可 cases decided (granted or denied) in `year`, by the
    departments at or under `scope` (a Department.path; None for all)."""
    cases = Case.objects.filter(
        version__item_type=ItemType.LICENSING,
        result__in=DECISIONS,
        completed_on__year=year,
    )
    if scope is not None:
        cases = cases.filter(tree.within(scope, field="department__path"))
    return {LICENSING_DECISIONS: {"decisions": cases.count()}}


def finished_cases(since: datetime.date) -> Iterator[ArchiveEntry]:
    """Cases finished (办结) on or after `since`, with their documents and materials."""
    cases = (
        Case.objects.filter(completed_on__gte=since)
        .exclude(result="")
        .select_related("department", "version")
        .prefetch_related("documents__upload", "materials__upload")
        .order_by("completed_on", "pk")
    )
    for case in cases:
        documents = [d.upload for d in case.documents.all()]
        materials = [m.upload for m in case.materials.all() if m.upload_id]
        yield ArchiveEntry(
            kind=ARCHIVE_KIND,
            object_id=str(case.pk),
            title=f"{case.number} {case.version.name}（{case.applicant_name}，"
            f"{case.get_result_display()}）",
            finished_on=case.completed_on,
            department=case.department,
            retention=RETENTION.get(case.result, "10y"),
            files=tuple(documents + materials),
        )
