"""What happens to a request besides the reply: consultation, fees, reviews and suits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Clock, Department
from gongkai.disclosure.models.requests import DisclosureRequest, RequestDocument
from gongkai.disclosure.rules import (
    FeeMethod,
    ReviewKind,
    ReviewResult,
)


class Consultation(models.Model):
    """征求意见: a third party (Art. 32) or another agency (Art. 34); the reply clock pauses."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        OTHER_AGENCY = "other_agency", _("其他机关")

    class Answer(models.TextChoices):
        AGREED = "agreed", _("同意公开")
        OBJECTED = "objected", _("不同意公开")
        SILENT = "silent", _("逾期未提出意见")

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    party = models.CharField(_("征求对象类型"), max_length=20, choices=Party.choices)
    party_name = models.CharField(_("征求对象"), max_length=100)
    started_on = models.DateField(_("发出日期"))
    letter = models.ForeignKey(
        RequestDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Art. 32 / 34: the party's 15 working days run from the day it receives the letter; the
    # opinion clock starts only once that day is recorded.
    delivered_on = models.DateField(_("征求意见函送达日期"), null=True, blank=True)
    opinion_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    answer = models.CharField(_("意见结论"), max_length=20, choices=Answer.choices, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    # Art. 32: disclosing over a third party's objection, the decision's content and reasons
    # are told to it in writing first.
    disclosure_notice = models.ForeignKey(
        RequestDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disclosure_notice_on = models.DateField(_("告知第三方决定公开日期"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_party_display()} {self.party_name}"

    @property
    def answer_label(self) -> str:
        """The answer as the record says it: another agency's silence is consent (Art. 34)."""
        if self.answer == self.Answer.SILENT and self.party == self.Party.OTHER_AGENCY:
            return _("逾期未提出意见，视为同意公开")
        return self.get_answer_display()

    @property
    def awaits_disclosure_notice(self) -> bool:
        """Art. 32: a third party objected and has not been told of a decision to disclose."""
        return (
            self.party == self.Party.THIRD_PARTY
            and self.answer == self.Answer.OBJECTED
            and self.disclosure_notice_on is None
        )


class ReviewCase(models.Model):
    """行政复议 or 行政诉讼 about 政府信息公开 work; feeds annual-report table 四.

    Most are about a request's handling; one may also be about proactive disclosure or
    about no request at all (e.g. a failure to publish), so `request` is optional and the
    agency the case is against (`department`) and what it is about (`subject`) are its own.
    """

    request = models.ForeignKey(
        DisclosureRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("被申请人/被告机关"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("事由"), max_length=200, blank=True)
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


class ProcessingFee(models.Model):
    """信息处理费 of one request (条例 Art. 42, 国办函〔2020〕109号): how it was counted, the
    收费通知 sent within the reply period, and its payment, waiver, or the request closed
    unpaid (六.2). A fee waived before any notice has no notice."""

    request = models.OneToOneField(
        DisclosureRequest, on_delete=models.CASCADE, related_name="processing_fee"
    )
    method = models.CharField(_("收费方式"), max_length=20, choices=FeeMethod.choices)
    # Pages (per page), or the application's number this month at this agency (per application).
    quantity = models.PositiveIntegerField(_("页数或件次"))
    applications = models.PositiveSmallIntegerField(_("计件数"), default=1)
    amount = models.PositiveIntegerField(_("应收金额（元）"))
    bands = models.JSONField(_("分档计算"), default=list)
    payment_method = models.TextField(_("缴纳方式"), blank=True)
    sent_on = models.DateField(_("收费通知发出日期"), null=True, blank=True)
    notice = models.ForeignKey(
        RequestDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 109号 Art. 6: payment is due within 20 working days from the day after the applicant
    # received the notice; the clock starts once that day is recorded.
    received_on = models.DateField(_("申请人收到收费通知日期"), null=True, blank=True)
    payment_clock = models.OneToOneField(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    payment_note = models.CharField(_("缴费凭证"), max_length=200, blank=True)
    waived_on = models.DateField(_("减免日期"), null=True, blank=True)
    waiver_reason = models.TextField(_("减免理由"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("信息处理费")
        verbose_name_plural = _("信息处理费")

    def __str__(self) -> str:
        return f"{self.request_id} {self.amount}元"

    @property
    def awaiting_payment(self) -> bool:
        """A notice went out and neither payment nor waiver has settled it."""
        return self.sent_on is not None and self.paid_on is None and self.waived_on is None

    @property
    def payment_due(self):
        return self.payment_clock.due_date if self.payment_clock_id else None
