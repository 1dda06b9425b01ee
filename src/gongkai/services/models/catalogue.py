"""The catalogue (实施清单): an item and its versions, each with its materials and fees.

An item is the stable thing the public and the cases refer to (its 实施编码); what it says
lives in versions. A change is a new draft version, submitted, then approved (published: it
becomes the item's version in force and the one before is superseded) or returned. A case
keeps the version it was applied under, so an old case still shows the rules it was held to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department, Upload
from gongkai.services.rules import (
    Audience,
    HandlingForm,
    ItemType,
    MaterialForm,
    MaterialSource,
    Necessity,
)


class ServiceItem(models.Model):
    """政务服务事项: one entry of the county's 实施清单."""

    code = models.CharField(_("实施编码"), max_length=64, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("实施主体"), on_delete=models.PROTECT, related_name="+"
    )
    # The version the public sees and new cases apply under; None until the first publish.
    current = models.OneToOneField(
        "ServiceItemVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政务服务事项")
        verbose_name_plural = _("政务服务事项")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.current.name if self.current_id else self.code

    def get_absolute_url(self) -> str:
        return reverse("services:guide", args=[self.code])


class ServiceItemVersion(models.Model):
    """One version of what an item says: every field of the 实施清单."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("已退回")
        PUBLISHED = "published", _("现行")
        SUPERSEDED = "superseded", _("已被替代")

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)

    name = models.CharField(_("事项名称"), max_length=200)
    basic_code = models.CharField(_("基本编码"), max_length=64, blank=True)
    item_type = models.CharField(_("事项类型"), max_length=20, choices=ItemType.choices)
    implementing_body = models.CharField(_("实施主体"), max_length=100)
    legal_basis = models.TextField(_("设定依据"))
    conditions = models.TextField(_("受理条件"))
    # 办理流程: one step per line, in order (the guide lists them; the 明白卡 prints them).
    process = models.TextField(_("办理流程"))
    handling_form = models.CharField(
        _("办理形式"), max_length=10, choices=HandlingForm.choices, default=HandlingForm.WINDOW
    )
    legal_days = models.PositiveIntegerField(_("法定办结时限（工作日）"))
    promised_days = models.PositiveIntegerField(_("承诺办结时限（工作日）"))
    visits = models.PositiveSmallIntegerField(_("到办事现场次数"), default=1)
    charges = models.BooleanField(_("是否收费"), default=False)
    consult = models.CharField(_("咨询方式"), max_length=300)
    complaint = models.CharField(_("监督投诉方式"), max_length=300)
    place = models.CharField(_("办理地点"), max_length=300)
    hours = models.CharField(_("办理时间"), max_length=300)
    audience = models.CharField(_("服务对象"), max_length=20, choices=Audience.choices)
    # 主题分类: LifeEvent values, comma-separated (an item may serve several).
    life_events = models.CharField(_("主题分类"), max_length=300, blank=True)
    online = models.BooleanField(_("是否网办"), default=False)
    result_name = models.CharField(_("审批结果名称"), max_length=200, blank=True)
    result_type = models.CharField(_("审批结果类型"), max_length=50, blank=True)
    result_sample = models.ForeignKey(
        Upload,
        verbose_name=_("审批结果样本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="services_version_number"),
            models.CheckConstraint(
                condition=models.Q(promised_days__lte=models.F("legal_days")),
                name="services_promised_within_legal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"

    def life_event_list(self) -> list[str]:
        return [code for code in self.life_events.split(",") if code]

    def process_steps(self) -> list[str]:
        return [line.strip() for line in self.process.splitlines() if line.strip()]


class Material(models.Model):
    """申请材料: one material of a version."""

    version = models.ForeignKey(
        ServiceItemVersion, on_delete=models.CASCADE, related_name="materials"
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("材料名称"), max_length=200)
    necessity = models.CharField(
        _("必要性"), max_length=12, choices=Necessity.choices, default=Necessity.REQUIRED
    )
    condition = models.CharField(_("适用情形"), max_length=300, blank=True)
    form = models.CharField(
        _("材料形式"), max_length=12, choices=MaterialForm.choices, default=MaterialForm.PAPER
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    source = models.CharField(
        _("来源渠道"),
        max_length=14,
        choices=MaterialSource.choices,
        default=MaterialSource.APPLICANT,
    )
    blank_form = models.ForeignKey(
        Upload,
        verbose_name=_("空白表格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    example = models.ForeignKey(
        Upload,
        verbose_name=_("示例样表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("填报须知"), blank=True)
    standard = models.TextField(_("受理标准"), blank=True)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name


class FeeItem(models.Model):
    """收费项目 of a version."""

    version = models.ForeignKey(ServiceItemVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("收费项目名称"), max_length=200)
    standard = models.CharField(_("收费标准"), max_length=300)
    basis = models.CharField(_("收费依据"), max_length=300)
    waivable = models.BooleanField(_("是否允许减免"), default=False)

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.name
