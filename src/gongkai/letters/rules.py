"""政民互动's rules: the kinds of letter, their reply limits, the states of a letter, a post
and a consultation.

The reply limits are settings (LETTERS_REPLY_DAYS, working days on the core Clock): the
inspection indicators (国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》) count against a site
letters left unanswered for three months and 网民纠错 reports about the site not answered
within 3 working days; 10 working days for the rest is the common promise of county mailboxes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONSULT = "consult", _("咨询")
    SUGGEST = "suggest", _("建议")
    COMPLAIN = "complain", _("投诉")
    HELP = "help", _("求助")
    CORRECTION = "correction", _("纠错")  # about the website itself: the page's address


def reply_days(kind: str) -> int:
    """Working days to reply to a letter of `kind` (settings.LETTERS_REPLY_DAYS)."""
    days = settings.LETTERS_REPLY_DAYS
    return days.get(kind, days["default"])


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待分办")  # with the government office (triage)
    HANDLING = "handling", _("办理中")  # assigned: the lead department drafts the reply
    REVIEW = "review", _("审核中")  # a reply draft with its reviewers
    REPLIED = "replied", _("已答复")
    RETURNED = "returned", _("不予受理")  # outside scope, with the reason told
    TRANSFERRED = "transferred", _("已转办")  # to 信访 or 依申请公开, the writer told
    MERGED = "merged", _("已合并")  # a duplicate, merged into another letter
    CLOSED = "closed", _("已关闭")  # abusive, closed with a reason


OPEN_STATUSES = (Status.SUBMITTED, Status.HANDLING, Status.REVIEW)
FINISHED_STATUSES = (
    Status.REPLIED,
    Status.RETURNED,
    Status.TRANSFERRED,
    Status.MERGED,
    Status.CLOSED,
)


class Channel(models.TextChoices):
    """Where a letter that is not one is sent (转办), the writer told."""

    PETITION = "petition", _("信访渠道")  # 《信访工作条例》: the county's 信访 office
    DISCLOSURE = "disclosure", _("政府信息公开申请")  # becomes a request (core.transfers)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class PostStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    REJECTED = "rejected", _("未通过")
    HIDDEN = "hidden", _("已隐藏")  # reported often enough: hidden until reviewed again


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    SHOWN = "shown", _("已公开")
    KEPT = "kept", _("不公开")  # counted and answered in the feedback report, not shown


def consultation_min_days() -> int:
    """The shortest comment period a draft may have (settings; 30 days is usual for 重大行政决策
    《重大行政决策程序暂行条例》第十四条: 一般不少于30日)."""
    return settings.LETTERS_CONSULTATION_MIN_DAYS
