"""The remedy a written decision must state (行政许可法 Art. 38, 行政复议法, 行政诉讼法): to
whom an administrative review goes and within which periods, as every notice prints it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.core.models import Department

REVIEW_DAYS = 60  # 行政复议法 (2023) Art. 20: within 60 days of knowing of the act
LITIGATION_MONTHS = 6  # 行政诉讼法 Art. 46: within 6 months of knowing of the act


def review_body(department: Department) -> str:
    """The 行政复议机关 (行政复议法 2023 Art. 24): the people's government the agency
    belongs to; for a people's government itself, the government one level up."""
    node = department.parent
    while node is not None:
        if node.kind in (Department.Kind.GOVERNMENT, Department.Kind.TOWNSHIP):
            return node.name
        node = node.parent
    return _("上一级人民政府")


def remedy_sentence(department: Department, document: str) -> str:
    """如不服本决定，可以自收到本{document}之日起六十日内向…申请行政复议，或者…六个月内…"""
    return _(
        "如不服本决定，可以自收到本%(document)s之日起六十日内向%(body)s申请行政复议，"
        "也可以自收到本%(document)s之日起六个月内依法向人民法院提起行政诉讼。"
    ) % {"document": document, "body": review_body(department)}
