"""The rating forms: the applicant's on the progress page (grade, indicators, comment) and the
window pad's second step (the indicators of a bad grade). The rules are the action's
(services.actions.ratings): a form only collects what was pressed and typed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.services.actions.ratings import COMMENT_MAX, reasons_for
from gongkai.services.models import Evaluation, Grade
from gongkai.services.models.ratings import BAD_GRADES


class RatingForm(forms.Form):
    """评价: five grades (a fieldset of radio buttons), the indicators by channel, a comment."""

    grade = forms.TypedChoiceField(
        label=_("您对本次服务的评价"),
        choices=Grade.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择评价等级。"),
            "invalid_choice": _("请选择评价等级。"),
        },
    )
    reasons = forms.MultipleChoiceField(
        label=_("评价内容"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("选择“不满意”或“非常不满意”时，请至少勾选一项您不满意的方面。"),
        error_messages={"invalid_choice": _("所选评价内容不在可选范围内，请重新勾选。")},
    )
    comment = forms.CharField(
        label=_("评价意见"),
        required=False,
        strip=False,  # the action strips and counts, one rule for every channel
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
        help_text=_("选填，不超过 %(n)d 个字。公开的评价意见会隐去电话、证件号码等个人信息。")
        % {"n": COMMENT_MAX},
    )

    def __init__(self, *args, channel: str = Evaluation.Channel.ONLINE, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = [(code.value, code.label) for code in reasons_for(channel)]

    def grades(self) -> list[dict]:
        """Each grade with its stars (five to one), for the template's radio buttons."""
        chosen = str(self["grade"].value() or "")
        return [
            {
                "value": value,
                "label": label,
                "stars": "★" * value + "☆" * (5 - value),
                "bad": value in BAD_GRADES,
                "checked": chosen == str(value),
                "id": f"{self['grade'].auto_id}_{index}",
            }
            for index, (value, label) in enumerate(Grade.choices)
        ]


class PadReasonsForm(RatingForm):
    """The pad's second step: the grade pressed (carried hidden), then the indicators."""

    def __init__(self, *args, **kwargs):
        kwargs["channel"] = Evaluation.Channel.WINDOW
        super().__init__(*args, **kwargs)
        self.fields["grade"].widget = forms.HiddenInput()
