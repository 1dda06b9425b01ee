"""意见征集: a draft open for public comment (重大行政决策 预公开, 《重大行政决策程序暂行条例》
第十四条), its comments, and the feedback report (采纳情况) published after it closes, linked
to the policy finally published (by its 索引号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department, Upload
from gongkai.letters.rules import CommentStatus


class Consultation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("未发布")
        OPEN = "open", _("征集中")  # published; comments accepted from opens_on to closes_on
        CLOSED = "closed", _("已结束")  # the period is over (a date, not an action)
        REPORTED = "reported", _("已反馈")  # the feedback report is published

    title = models.CharField(_("标题"), max_length=200)
    department = models.ForeignKey(
        Department, verbose_name=_("征集部门"), on_delete=models.PROTECT, related_name="+"
    )
    explanation = models.TextField(_("起草说明"))
    draft_text = models.TextField(_("草案全文"))
    draft_file = models.ForeignKey(
        Upload, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # The feedback report: a summary, per comment adopted or not and why (on the comments).
    feedback = models.TextField(_("意见采纳情况说明"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    # The policy finally published (its 索引号 in the public catalogue), once it exists.
    final_index_number = models.CharField(_("正式文件索引号"), max_length=60, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("letters:consultation", args=[self.pk])


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    author_name = models.CharField(_("姓名"), max_length=50)
    body = models.TextField(_("意见"))
    body_public = models.TextField(blank=True)  # masked (core.pii), when shown
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    # In the feedback report: adopted (采纳), or not and why.
    adopted = models.BooleanField(null=True)
    response = models.TextField(_("采纳情况"), blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.author_name}"
