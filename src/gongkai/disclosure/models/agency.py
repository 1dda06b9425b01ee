"""What belongs to an agency: its disclosure office, its notice templates, its annual report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department


class NoticeTemplate(models.Model):
    """The editable text of a reply notice (告知书) for one outcome group ("1".."6"), or of a
    letter to a consulted party (Art. 32, 34)."""

    # An outcome group ("1".."6"), or the key of a letter to a consulted party (letters.py).
    outcome_group = models.CharField(_("办理结果类别"), max_length=40, unique=True)
    body = models.TextField(_("正文模板"))
    remedy = models.TextField(_("救济途径"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"告知书模板 {self.outcome_group}"


class DisclosureOffice(models.Model):
    """政府信息公开工作机构 (条例 Art. 4): the office whose disclosure staff handle an agency's
    requests, e.g. 县人民政府办公室 for 县人民政府. An agency without one handles its own."""

    department = models.OneToOneField(
        Department,
        verbose_name=_("行政机关"),
        on_delete=models.CASCADE,
        related_name="disclosure_office",
    )
    office = models.ForeignKey(
        Department,
        verbose_name=_("政府信息公开工作机构"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("政府信息公开工作机构")
        verbose_name_plural = _("政府信息公开工作机构")

    def __str__(self) -> str:
        return f"{self.department} -> {self.office}"


class AnnualReport(models.Model):
    """A year's 政府信息公开工作年度报告 of one agency, or of the whole government (no agency)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Editable narrative of sections 一, 五 and 六 (and notes for 二, 三, 四), keyed "1".."6".
    sections = models.JSONField(default=dict, blank=True)
    # Table 二 figures the platform does not hold, keyed by "row|column" labels.
    manual_figures = models.JSONField(default=dict, blank=True)
    # 条例 Art. 49: the item made in the 政府信息公开年报 column (core.publications), by the
    # publishing module's reference, and when it was sent there.
    publication_reference = models.CharField(_("发布信息编号"), max_length=64, blank=True)
    publication_url = models.CharField(_("发布信息地址"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("提交发布时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "department"], name="annual_report_unique"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(department__isnull=True),
                name="annual_report_whole_government_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department or '全县'}"
