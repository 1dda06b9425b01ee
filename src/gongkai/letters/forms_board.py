"""The message board's forms: writing a post, reporting one, and the moderator's decisions.

The forms only take the text; the actions (letters.actions.board) check it and say what is
wrong, next to the field (core.forms.errors_into).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.letters.actions.board import (
    AUTHOR_MAX,
    BODY_MAX,
    NOTE_MAX,
    REASON_MAX,
    TITLE_MAX,
    WORD_MAX,
)


def _required(message):
    return {"required": message}


class PostForm(forms.Form):
    author_name = forms.CharField(
        label=_("昵称"),
        max_length=AUTHOR_MAX,
        error_messages=_required(_("请填写昵称。")),
        help_text=_("将与留言一同公开，请勿填写真实姓名或联系方式。"),
    )
    title = forms.CharField(
        label=_("标题"), max_length=TITLE_MAX, error_messages=_required(_("请填写标题。"))
    )
    body = forms.CharField(
        label=_("内容"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=_required(_("请填写留言内容。")),
        help_text=_("留言经审核后公开，其中的电话、证件号码等个人信息将被遮盖。"),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("举报理由"),
        max_length=REASON_MAX,
        error_messages=_required(_("请填写举报理由。")),
    )


class ModerateForm(forms.Form):
    """Publish or reject a waiting post (the form's two buttons give the decision); a
    rejection needs a note (the action checks)."""

    decision = forms.ChoiceField(
        choices=[("publish", _("通过并发布")), ("reject", _("不予通过"))],
        error_messages={"required": _("请选择审核结果。"), "invalid_choice": _("请选择审核结果。")},
    )
    note = forms.CharField(
        label=_("审核意见"),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("不予通过时必填。"),
    )


class ReviewForm(forms.Form):
    """Show a hidden post again or take it down (the form's two buttons), with the reason."""

    decision = forms.ChoiceField(
        choices=[("restore", _("恢复显示")), ("remove", _("下架"))],
        error_messages={"required": _("请选择复核结果。"), "invalid_choice": _("请选择复核结果。")},
    )
    note = forms.CharField(
        label=_("复核意见"), max_length=NOTE_MAX, error_messages=_required(_("请填写复核意见。"))
    )


class BlockedWordForm(forms.Form):
    word = forms.CharField(
        label=_("关键词"), max_length=WORD_MAX, error_messages=_required(_("请填写关键词。"))
    )
