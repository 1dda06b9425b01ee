"""The 职权目录: the administrative powers the county's departments hold, published under
政府信息公开条例 Art. 20 (二) (the basis of each power) and (五) (licensing and the like)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department
from gongkai.services.rules import POWER_TYPES


class Power(models.Model):
    """行政职权: one power, its basis, who exercises it, and how."""

    code = models.CharField(_("职权编码"), max_length=64, unique=True)
    name = models.CharField(_("职权名称"), max_length=200)
    category = models.CharField(
        _("职权类别"), max_length=20, choices=[(t.value, t.label) for t in POWER_TYPES]
    )
    department = models.ForeignKey(
        Department, verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.CharField(_("承办机构"), max_length=100, blank=True)
    basis = models.TextField(_("实施依据"))  # the law and its article, as the catalogue cites it
    responsibilities = models.TextField(_("责任事项"))
    accountability = models.TextField(_("追责情形"))
    # 运行流程: one step per line; the page draws the chart from them.
    steps = models.TextField(_("运行流程"))
    # A power delivered as a service links to its catalogue item.
    service_item = models.ForeignKey(
        "ServiceItem",
        verbose_name=_("对应政务服务事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="powers",
    )
    published = models.BooleanField(_("已公开"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("行政职权")
        verbose_name_plural = _("行政职权")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:power", args=[self.code])

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]
