"""Letters (来信): to the 县长信箱 or a department's mailbox, routed by the government office,
answered by a department on the core Clock, reviewed, sent, rated, and published where the
writer agreed.

A letter's number and query code let the writer follow it without an account (as a disclosure
request's do). The writer's name and phone are kept for the reply only: the phone is
encrypted, nothing of the writer is ever published unmasked, and staff see them masked until
they ask to reveal them (audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.crypto import EncryptedTextField
from gongkai.core.models import Clock, Department, Upload
from gongkai.letters.rules import Channel, Kind, Satisfaction, Status


class Mailbox(models.Model):
    """A mailbox the public writes to: the 县长信箱 (owned by the government office, which
    also triages every letter) or one department's."""

    name = models.CharField(_("信箱名称"), max_length=100)
    code = models.SlugField(_("信箱代码"), max_length=40, unique=True)
    # The department that owns the mailbox: its letters reach that department's triage first.
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("说明"), blank=True)
    # Review levels of a reply before it is sent: 1 (the department's head) or 2 (and the
    # office's); the draft keeps the levels it was submitted with.
    review_levels = models.PositiveSmallIntegerField(_("答复审核级数"), default=1)
    is_county_head = models.BooleanField(_("县长信箱"), default=False)
    active = models.BooleanField(_("开放"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        constraints = [
            # One open 县长信箱: the 政民互动 page leads with it (actions.mailboxes checks first).
            models.UniqueConstraint(
                fields=["is_county_head"],
                condition=models.Q(is_county_head=True, active=True),
                name="letters_one_open_county_head",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LetterCounter(models.Model):
    """The last serial used for letter numbers in a year (numbers are never reused)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Letter(models.Model):
    number = models.CharField(_("信件编号"), max_length=24, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    mailbox = models.ForeignKey(
        Mailbox, verbose_name=_("信箱"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("内容"))
    # 纠错: the address of the page with the error.
    page_url = models.URLField(_("出错页面地址"), max_length=500, blank=True)
    writer_name = models.CharField(_("姓名"), max_length=50)
    writer_phone = EncryptedTextField(_("联系电话"))
    agree_publish = models.BooleanField(_("同意公开"), default=False)
    received_at = models.DateTimeField(_("来信时间"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # Triage: accepted (受理) on a day, assigned to a lead department (and others assisting).
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("主办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assisting = models.ManyToManyField(
        Department, verbose_name=_("协办部门"), blank=True, related_name="+"
    )
    # The reply clock starts at acceptance (working days by kind, rules.reply_days); a transfer
    # between departments keeps it; one extension, approved, moves it.
    reply_clock = models.ForeignKey(
        Clock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extended = models.BooleanField(_("已延期"), default=False)
    # Asked and refused: the one extension is spent (pending = asked, neither extended nor this).
    extension_refused = models.BooleanField(_("延期未获批准"), default=False)
    # The end: the reply sent (its text on the last sent ReplyDraft), or why not answered.
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    reply_department = models.ForeignKey(
        Department,
        verbose_name=_("答复部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closing_reason = models.TextField(_("不予受理、转办或关闭的理由"), blank=True)
    transferred_to = models.CharField(_("转往"), max_length=12, choices=Channel.choices, blank=True)
    # What the other channel answered: e.g. the disclosure request's number (core.transfers).
    transfer_reference = models.CharField(_("转办编号"), max_length=40, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    # The writer's rating of the reply; 不满意 may ask once for the letter to be handled again.
    satisfaction = models.CharField(
        _("满意度"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    reopened = models.BooleanField(_("已申请再次办理"), default=False)
    # Publishing (where the writer agreed): the masked texts the public sees.
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    subject_public = models.CharField(_("公开标题"), max_length=120, blank=True)
    body_public = models.TextField(_("公开内容"), blank=True)
    reply_public = models.TextField(_("公开答复"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        indexes = [
            models.Index(fields=["status", "department"]),
            models.Index(fields=["published_at"]),
            models.Index(fields=["mailbox", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("letters:staff:letter", args=[self.number])


class LetterAttachment(models.Model):
    """A file the writer sent, checked by core's file checks; staff only."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("文件名"), max_length=200)

    def __str__(self) -> str:
        return self.name


class LetterStep(models.Model):
    """The letter's history as the writer and staff see it (受理, 分办, 转办, 答复 ...)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("来信")
        ACCEPT = "accept", _("受理并分办")
        RETURN = "return", _("不予受理")
        TRANSFER_CHANNEL = "transfer_channel", _("转办")
        REASSIGN = "reassign", _("改派部门")
        MERGE = "merge", _("合并")
        CLOSE = "close", _("关闭")
        EXTEND_REQUEST = "extend_request", _("申请延期")
        EXTEND = "extend", _("批准延期")
        EXTEND_REFUSE = "extend_refuse", _("不批准延期")
        DRAFT = "draft", _("拟写答复")
        SUBMIT_REVIEW = "submit_review", _("提交审核")
        APPROVE = "approve", _("审核通过")
        SEND_BACK = "send_back", _("退回修改")
        REPLY = "reply", _("答复")
        RATE = "rate", _("评价")
        REOPEN = "reopen", _("申请再次办理")
        PUBLISH = "publish", _("公开")
        UNPUBLISH = "unpublish", _("撤销公开")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    # Whether the writer sees this step on the tracking page (internal review steps: no).
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.action}"


class ReplyDraft(models.Model):
    """A reply drafted by the lead department; its review steps are pinned to it (as a
    publishing revision's are): a changed text is a new draft reviewed again."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("审核中")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("审核通过")
        SENT = "sent", _("已答复")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="drafts")
    text = models.TextField(_("答复内容"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    levels = models.PositiveSmallIntegerField(default=1)  # the mailbox's, when submitted

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.state}"


class ReplyReview(models.Model):
    """One reviewer's decision on a draft at one level."""

    draft = models.ForeignKey(ReplyDraft, on_delete=models.CASCADE, related_name="reviews")
    level = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved = models.BooleanField()
    opinion = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["level", "at"]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.level}"
