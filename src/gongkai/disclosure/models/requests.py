"""A request, its documents and its timeline."""

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
        # 国办函〔2020〕109号 Art. 6: a fee notice was sent; the reply period waits for payment.
        FEE = "fee", _("待申请人缴费")
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
    # Art. 36 (五): not this agency's information to disclose; the agency that is, with its
    # contact details, where it can be determined (both blank: it cannot).
    not_responsible = models.BooleanField(_("不属于本机关负责公开"), default=False)
    responsible_agency = models.CharField(_("负责公开的行政机关"), max_length=100, blank=True)
    responsible_agency_contact = models.CharField(
        _("该行政机关的联系方式"), max_length=200, blank=True
    )
    # Art. 36 (七): the law or regulation that has its own procedure for this information,
    # and where to apply under it.
    special_procedure = models.CharField(_("应依照办理的规定及途径"), max_length=500, blank=True)
    # （六）其他处理 3.其他: the legal basis the officer names; the notice prints it as entered.
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    # Art. 35: the day the applicant was asked to state reasons, and the later reply date set
    # when the reasons were found reasonable.
    reasons_requested_on = models.DateField(_("要求说明理由日期"), null=True, blank=True)
    reply_delayed_to = models.DateField(_("延迟答复期限"), null=True, blank=True)
    # The reply is drafted, then sent; one releasing information is sent only after a
    # 保密审查 (Art. 17) by someone other than its drafter. A new draft needs a new review.
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_on = models.DateField(_("拟稿日期"), null=True, blank=True)
    secrecy_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保密审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secrecy_reviewed_on = models.DateField(_("保密审查日期"), null=True, blank=True)
    secrecy_opinion = models.TextField(_("保密审查意见"), blank=True)
    finished_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    fee_method = models.CharField(
        _("收费方式"), max_length=20, choices=FeeMethod.choices, default=FeeMethod.NONE
    )
    fee_pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    fee_amount = models.PositiveIntegerField(_("收费金额（元）"), default=0)
    # 109号 Art. 4 (一事一申请): an application holding several matters may be counted as
    # several, by the smallest reasonable unit; the officer records why. It counts so in the
    # applicant's monthly number at this agency, for this and every later application.
    application_count = models.PositiveSmallIntegerField(_("计件数"), default=1)
    split_reason = models.TextField(_("拆分计件理由"), blank=True)
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
        THIRD_PARTY_NOTICE = "third_party_notice", _("告知第三方决定公开书")
        EXTENSION_NOTICE = "extension_notice", _("延期答复告知书")
        REPLY_NOTICE = "reply_notice", _("政府信息公开申请答复告知书")
        INFORMATION = "information", _("提供的政府信息")
        FEE_NOTICE = "fee_notice", _("收费通知")
        REASONS_NOTICE = "reasons_notice", _("要求说明理由告知书")
        DELAY_NOTICE = "delay_notice", _("延迟答复告知书")
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
        CONSULTATION_DELIVERED = "consultation_delivered", _("征求意见函送达")
        CONSULTATION_ENDED = "consultation_ended", _("意见征求结束")
        THIRD_PARTY_NOTIFIED = "third_party_notified", _("告知第三方决定公开")
        EXTENDED = "extended", _("延期答复")
        SPLIT = "split", _("拆分计件")
        FEE_NOTICE = "fee_notice", _("发出收费通知")
        FEE_NOTICE_RECEIVED = "fee_notice_received", _("申请人收到收费通知")
        FEE_PAID = "fee_paid", _("缴纳信息处理费")
        FEE_WAIVED = "fee_waived", _("减免信息处理费")
        REPLIED = "replied", _("作出答复")
        CLOSED = "closed", _("终止办理")
        DELIVERED = "delivered", _("送达")
        REASONS_REQUESTED = "reasons_requested", _("要求说明理由")
        REPLY_DELAYED = "reply_delayed", _("确定延迟答复期限")
        REPLY_DRAFTED = "reply_drafted", _("拟定答复")
        SECRECY_REVIEWED = "secrecy_reviewed", _("保密审查")
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
    # A step taken after its legal time limit (条例 Art. 30: the correction notice after 7
    # working days, the corrected application after its deadline): accepted only with the
    # reason recorded, and flagged wherever the request is supervised.
    late_reason = models.TextField(_("逾期原因"), blank=True)

    class Meta:
        ordering = ["on", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"
