"""The public 好差评 page's reads (国办发〔2019〕51号: rating results and rectifications are
published). The counts per department are services.stats' (the supervision dashboard's, so
both show the same numbers); here only what the public page adds: the rows as it shows them,
and the rectification answers as the public may read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from gongkai.services import stats
from gongkai.services.models import Rectification


@dataclass
class RatingRow:
    """One department's or one month's ratings (or the total), in the columns of the table."""

    key: object  # the department's id, the month's first day, None for the total
    label: str
    by_grade: list[int]  # 非常满意 .. 非常不满意
    total: int
    bad: int  # 差评: 不满意 and 非常不满意
    rectified: int  # bad ratings whose rectification has been answered


def rating_rows(start: date, end: date, total_label: str) -> tuple[list[RatingRow], RatingRow]:
    """The departments rated in start..end (both included), in the organisation's order, and
    the total; a rating an upheld appeal excluded is in no figure."""
    rows, total = stats.department_figures(start, end)
    return [_row(r, r.key, r.label) for r in rows if r.rated], _row(total, None, total_label)


def monthly_rows(
    department_id: int, start: date, end: date, total_label: str
) -> tuple[list[RatingRow], RatingRow]:
    """One department's ratings per month of start..end (every month, empty ones too)."""
    months, total = stats.monthly_trend(start, end, [department_id])
    return [_row(m, m.key, m.label) for m in months], _row(total, None, total_label)


def _row(figures: stats.Figures, key, label: str) -> RatingRow:
    return RatingRow(
        key=key,
        label=label,
        by_grade=[figures.grades[grade] for grade in stats.GRADES],
        total=figures.rated,
        bad=figures.bad,
        rectified=figures.rectified,
    )


def published_answers(start: date, end: date) -> QuerySet[Rectification]:
    """The rectification answers given in start..end, newest first, with only what the public
    may read: the department, the grade and reasons, the masked comment and the masked answer;
    never the applicant or the case."""
    return (
        Rectification.objects.filter(
            evaluation__excluded=False, answered_on__gte=start, answered_on__lte=end
        )
        .select_related("evaluation__department")
        .only(
            "outcome",
            "answer_public",
            "answered_on",
            "evaluation__grade",
            "evaluation__reasons",
            "evaluation__comment_public",
            "evaluation__rated_at",
            "evaluation__department__name",
        )
        .order_by("-answered_on", "-pk")
    )
