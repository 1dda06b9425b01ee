"""A case (办件) from the first question at the window to delivery of the result.

Two clocks (core `Clock`) run from acceptance: the statutory limit (行政许可法 Art. 42) and
the promised one (承诺时限, shorter). Both pause for a special procedure (Art. 45) and wait,
uncounted, while a one-time notice (一次性告知, Art. 32) is with the applicant: intake review
starts again when the materials come in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.crypto import EncryptedTextField
from gongkai.core.models import Clock, Department, Upload
from gongkai.services.models.catalogue import Material, ServiceItem, ServiceItemVersion
from gongkai.services.rules import Audience, Channel, Delivery, Result, SpecialProcedureKind


class CaseCounter(models.Model):
    """The last serial used for case numbers in a year (numbers are never reused)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Inquiry(models.Model):
    """首问: whoever is first asked records the inquiry and owns it until handing it over."""

    class Via(models.TextChoices):
        WALK_IN = "walk_in", _("现场来访")
        PHONE = "phone", _("电话")
        MAIL = "mail", _("信函")

    via = models.CharField(_("来访方式"), max_length=10, choices=Via.choices)
    name = models.CharField(_("来访人姓名"), max_length=100)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    question = models.TextField(_("咨询事项"))
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("涉及事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首问责任人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("当前负责人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    handed_at = models.DateTimeField(_("移交时间"), null=True, blank=True)
    answer = models.TextField(_("答复情况"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("首问登记")
        verbose_name_plural = _("首问登记")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}：{self.question[:20]}"


class Case(models.Model):
    """办件: one application for one item."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")  # intake review
        AWAITING_APPLICANT = "awaiting", _("待补正")  # one-time notice with the applicant
        REVIEW = "review", _("审查中")  # accepted, 一审
        DECISION = "decision", _("待决定")  # 一核
        SPECIAL = "special", _("特别程序中")
        COMPLETED = "completed", _("已办结")
        DELIVERED = "delivered", _("已送达")

    number = models.CharField(_("办件编号"), max_length=24, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="cases"
    )
    version = models.ForeignKey(ServiceItemVersion, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("办理部门"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("申请方式"), max_length=10, choices=Channel.choices)
    inquiry = models.ForeignKey(
        Inquiry,
        verbose_name=_("首问登记"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )

    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=Audience.choices)
    applicant_name = models.CharField(_("申请人名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20)
    id_number = EncryptedTextField(_("证件号码"))
    id_number_index = models.CharField(max_length=64, db_index=True, editable=False)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"))
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    delivery = models.CharField(_("送达方式"), max_length=12, choices=Delivery.choices)

    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("申请时间"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Art. 32 (四): the one-time notice is due within 5 working days of receipt.
    intake_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    legal_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    promised_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extended = models.BooleanField(_("已延长"), default=False)

    result = models.CharField(_("办结结果"), max_length=12, choices=Result.choices, blank=True)
    result_reason = models.TextField(_("理由及救济途径"), blank=True)
    certificate_number = models.CharField(_("证照编号"), max_length=64, blank=True)
    completed_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_note = models.CharField(_("送达凭证"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["department", "status"]),
            # services.stats reads a period's cases from these alone (covering: no row read).
            models.Index(fields=["submitted_at", "department"], name="services_case_received"),
            models.Index(
                fields=["completed_on", "department", "accepted_on", "promised_clock", "version"],
                name="services_case_completed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | ~models.Q(result=""),
                name="services_completed_has_result",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("services:staff:case", args=[self.number])


class CaseMaterial(models.Model):
    """A material of the case: as the checklist asked for it, and what was handed in."""

    class State(models.TextChoices):
        PROVIDED = "provided", _("已提交")
        MISSING = "missing", _("缺少")
        DEFECTIVE = "defective", _("不符合要求")
        ACCEPTED = "accepted", _("已核验")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        Material, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    upload = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paper = models.BooleanField(_("已收纸质材料"), default=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices)
    problem = models.CharField(_("需补正的内容"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.name


class CaseDocument(models.Model):
    """A document the case produced: notices, the result, the delivery receipt."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受理通知书")
        REFUSAL = "refusal", _("不予受理通知书")
        ONE_TIME_NOTICE = "one_time_notice", _("一次性告知书")
        RESULT = "result", _("审批结果")
        DENIAL = "denial", _("不予许可决定书")
        OTHER = "other", _("其他")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+")
    for_applicant = models.BooleanField(_("申请人可见"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办件文书")
        verbose_name_plural = _("办件文书")
        ordering = ["case", "created_at"]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_kind_display()}"


class CaseStep(models.Model):
    """环节: who did what, when, with which opinion and documents. The applicant sees the
    steps marked public (all but internal notes)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("申请")
        REGISTER = "register", _("窗口登记")
        ONE_TIME_NOTICE = "one_time_notice", _("一次性告知")
        SUPPLIED = "supplied", _("补齐材料")
        ACCEPT = "accept", _("受理")
        REFUSE = "refuse", _("不予受理")
        REVIEW = "review", _("审查（一审）")
        EXTEND = "extend", _("延长办理期限")
        SPECIAL_START = "special_start", _("特别程序开始")
        SPECIAL_END = "special_end", _("特别程序结束")
        DECIDE = "decide", _("决定（一核）")
        COMPLETE = "complete", _("办结")
        DELIVER = "deliver", _("送达")
        ASSIGN = "assign", _("转交经办人")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("动作"), max_length=20, choices=Action.choices)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.TextField(_("意见"), blank=True)
    document = models.ForeignKey(
        CaseDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public = models.BooleanField(_("申请人可见"), default=True)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_action_display()}"


class OneTimeNotice(models.Model):
    """一次性告知: every missing or defective material, in one notice. The case waits for the
    applicant and the time does not count against the agency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    issued_on = models.DateField(_("告知日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("需补正的全部内容"))
    answered_on = models.DateField(_("补齐日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("一次性告知")
        verbose_name_plural = _("一次性告知")
        ordering = ["case", "issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}：{self.issued_on}"


class SpecialProcedure(models.Model):
    """特别程序 (Art. 45): both clocks pause from its start until its end."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="special_procedures")
    kind = models.CharField(_("特别程序"), max_length=20, choices=SpecialProcedureKind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["case", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.case}：{self.get_kind_display()}"


class ResultTemplate(models.Model):
    """The editable template of an item's result document (a certificate or a decision).
    Its text may name {applicant}, {number}, {certificate}, {date}, {item}, {department}."""

    item = models.OneToOneField(ServiceItem, on_delete=models.CASCADE, related_name="template")
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    certificate_prefix = models.CharField(_("证照编号前缀"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("结果文书模板")
        verbose_name_plural = _("结果文书模板")

    def __str__(self) -> str:
        return self.title
