"""依申请公开: disclosure requests, their clock events and documents, reviews, annual reports.

Counting for the annual report (report.py) reads only these fields:
- `received_on`: the Art. 31 receipt date of the original application (a correction does
  not move it); a request is "new" in the year of this date;
- `finished_on` with `outcome`: the day the request was answered or closed; a request is
  "carried into next year" when it was received by 31 December and not finished by then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.crypto import EncryptedTextField
from gongkai.core.models import Clock, Department, Upload
from gongkai.disclosure.rules import (
    OUTCOME_CHOICES,
    ApplicantType,
    Channel,
    Delivery,
    FeeMethod,
    IdType,
    RequestedForm,
    ReviewKind,
    ReviewResult,
)


class RequestCounter(models.Model):
    """The last serial used for request numbers in a year (numbers are never reused)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DisclosureRequest(models.Model):
    """政府信息公开申请: one application (Art. 29) and how it was handled."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("办理中")
        CORRECTION = "correction", _("待申请人补正")
        CONSULTING = "consulting", _("征求意见中")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已终止")

    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    department = models.ForeignKey(
        Department,
        verbose_name=_("受理机关"),
        on_delete=models.PROTECT,
        related_name="disclosure_requests",
    )
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("收到申请日期"), db_index=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Applicant (Art. 29). Identity numbers are encrypted at rest, found by keyed hash.
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField(_("证件号码"))
    id_number_index = models.CharField(max_length=64, db_index=True, editable=False)
    id_scan = models.ForeignKey(
        Upload,
        verbose_name=_("证件扫描件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = EncryptedTextField(_("联系电话"))
    email = EncryptedTextField(_("电子邮箱"), blank=True, default="")
    address = EncryptedTextField(_("通信地址"), blank=True, default="")
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # What is asked for.
    info_title = models.CharField(_("所需信息名称"), max_length=200)
    info_document_number = models.CharField(_("文件编号"), max_length=100, blank=True)
    info_description = models.TextField(_("所需信息的内容描述"))
    requested_form = models.CharField(
        _("信息的指定提供载体形式"), max_length=20, choices=RequestedForm.choices
    )
    delivery = models.CharField(_("获取信息方式"), max_length=20, choices=Delivery.choices)

    # Handling.
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PROCESSING
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosure_requests",
    )
    reply_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correction_notice_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    correction_deadline = models.DateField(_("补正期限"), null=True, blank=True)
    extended = models.BooleanField(_("已延期"), default=False)

    # The reply (Art. 33, 36).
    outcome = models.CharField(
        _("办理结果"), max_length=8, choices=OUTCOME_CHOICES, blank=True, db_index=True
    )
    reply_text = models.TextField(_("答复内容"), blank=True)
    withheld = models.TextField(_("不予公开的内容及理由"), blank=True)  # partial disclosure
    # Art. 36 (一): the information is already published. Its 索引号 (or, for an item without
    # one, its number) as core.references resolves it, with the title and address taken when
    # the reply was made: the reply says what was pointed to then, whatever the item becomes.
    published_reference = models.CharField(_("已主动公开的信息"), max_length=64, blank=True)
    published_title = models.CharField(_("已主动公开信息的标题"), max_length=200, blank=True)
    published_url = models.CharField(_("已主动公开信息的网址"), max_length=500, blank=True)
    finished_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    fee_method = models.CharField(
        _("收费方式"), max_length=20, choices=FeeMethod.choices, default=FeeMethod.NONE
    )
    fee_pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    fee_amount = models.PositiveIntegerField(_("收费金额（元）"), default=0)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_note = models.CharField(_("送达方式及凭证"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["department", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_on__isnull=True) | ~models.Q(outcome=""),
                name="disclosure_finished_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.info_title}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:staff:request", args=[self.pk])

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL

    @property
    def published_reference_label(self) -> str:
        """What the published reference is: an item without a 索引号 is cited by its number."""
        return _("信息编号") if self.published_reference.isdigit() else _("索引号")


class RequestDocument(models.Model):
    """A document of a request: the application's scans, notices sent, information given."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("申请材料")
        CORRECTION_NOTICE = "correction_notice", _("补正告知书")
        CORRECTED_APPLICATION = "corrected_application", _("补正后的申请")
        CONSULTATION_LETTER = "consultation_letter", _("征求意见函")
        EXTENSION_NOTICE = "extension_notice", _("延期答复告知书")
        REPLY_NOTICE = "reply_notice", _("政府信息公开申请答复告知书")
        INFORMATION = "information", _("提供的政府信息")
        FEE_NOTICE = "fee_notice", _("收费通知")
        OTHER = "other", _("其他")

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+")
    for_applicant = models.BooleanField(_("申请人可见"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_kind_display()}"


class RequestEvent(models.Model):
    """The request's timeline: every clock event and every document, in order."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("收到申请")
        ASSIGNED = "assigned", _("分配经办人")
        CORRECTION_REQUESTED = "correction_requested", _("告知补正")
        CORRECTED = "corrected", _("收到补正材料")
        CONSULTATION_STARTED = "consultation_started", _("征求意见")
        CONSULTATION_ENDED = "consultation_ended", _("意见征求结束")
        EXTENDED = "extended", _("延期答复")
        REPLIED = "replied", _("作出答复")
        CLOSED = "closed", _("终止办理")
        DELIVERED = "delivered", _("送达")
        REVIEW = "review", _("行政复议/诉讼")
        NOTE = "note", _("备注")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=30, choices=Kind.choices)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("说明"), blank=True)
    due_after = models.DateField(_("此后的答复期限"), null=True, blank=True)
    document = models.ForeignKey(
        RequestDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public = models.BooleanField(_("申请人可见"), default=True)

    class Meta:
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Consultation(models.Model):
    """征求意见: a third party (Art. 32) or another agency (Art. 34); the reply clock pauses."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        OTHER_AGENCY = "other_agency", _("其他机关")

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField(_("征求对象类型"), max_length=20, choices=Party.choices)
    party_name = models.CharField(_("征求对象"), max_length=100)
    started_on = models.DateField(_("发出日期"))
    opinion_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} {self.party_name}"


class ReviewCase(models.Model):
    """行政复议 or 行政诉讼 about a request's handling; feeds annual-report table 四."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(_("类型"), max_length=30, choices=ReviewKind.choices)
    filed_on = models.DateField(_("立案日期"))
    body = models.CharField(_("复议机关/法院"), max_length=100, blank=True)
    result = models.CharField(
        _("结果"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.PENDING
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"


class NoticeTemplate(models.Model):
    """The editable text of a reply notice (告知书) for one outcome group ("1".."6")."""

    outcome_group = models.CharField(_("办理结果类别"), max_length=2, unique=True)
    body = models.TextField(_("正文模板"))
    remedy = models.TextField(_("救济途径"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"告知书模板 {self.outcome_group}"


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
