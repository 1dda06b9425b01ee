"""The message board (留言板): posts shown only after moderation, reported by visitors, hidden
after enough reports until reviewed again; blocked words kept by the administrator."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.letters.rules import PostStatus


class Post(models.Model):
    author_name = models.CharField(_("昵称"), max_length=30)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    # What the public sees: personal information masked (core.pii), set at moderation.
    body_public = models.TextField(blank=True)
    # A title or a nickname may hold a phone number too: the public sees them masked as well.
    title_public = models.CharField(max_length=100, blank=True)
    author_public = models.CharField(max_length=30, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PostStatus.choices, default=PostStatus.PENDING
    )
    # What the moderator saw flagged when the post came in (blocked words, personal data).
    flags = models.CharField(_("提示"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reports = models.PositiveIntegerField(_("举报次数"), default=0)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title


class PostReport(models.Model):
    """A visitor's report of a published post (who is not recorded: a hash of the address
    keeps one report per visitor and post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="report_rows")
    reason = models.CharField(_("举报理由"), max_length=200)
    reporter_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter_hash"], name="letters_report_once")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.reason}"


class BlockedWord(models.Model):
    """A word that holds a post (or a comment) for the moderator's attention, kept by the
    administrator."""

    word = models.CharField(_("关键词"), max_length=50, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
