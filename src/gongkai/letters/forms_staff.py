"""The forms of a letter's page in the workbench: triage, the reply and its review, the
extension, publishing. They only read and check input; every write is an action
(letters.actions), whose refusals come back next to the field they name
(core.forms.errors_into)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department
from gongkai.letters.rules import Channel

PICK = _("请从列表中选择。")


def text_area(label, *, required=None, rows=3, max_length=4000, help_text=""):
    """A textarea; `required` is the message when it is empty."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
        help_text=help_text,
    )


WRITE_REASON = _("请写明理由。")


def reason_field(label, *, help_text=""):
    return text_area(label, required=WRITE_REASON, rows=3, max_length=2000, help_text=help_text)


def answering_departments():
    """The departments a letter may be given to: offices and townships (a village answers
    through its township)."""
    return Department.objects.exclude(kind=Department.Kind.VILLAGE).order_by("path")


def decision_field(label, approve_label, refuse_label, required):
    return forms.ChoiceField(
        label=label,
        choices=[(DecisionForm.APPROVE, approve_label), (DecisionForm.REFUSE, refuse_label)],
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": PICK},
    )


class DepartmentField(forms.ModelChoiceField):
    def __init__(self, label, required_message, **kwargs):
        super().__init__(
            queryset=answering_departments(),
            label=label,
            empty_label=_("请选择"),
            error_messages={"required": required_message, "invalid_choice": PICK},
            **kwargs,
        )


# ---------------------------------------------------------------- triage


class AcceptForm(forms.Form):
    department = DepartmentField(_("主办部门"), _("请选择主办部门。"))
    assisting = forms.ModelMultipleChoiceField(
        label=_("协办部门"),
        queryset=answering_departments(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": PICK, "invalid_pk_value": PICK},
        help_text=_("需要其他部门配合办理的，可选择一个或多个协办部门。"),
    )
    note = text_area(_("分办意见"), rows=2, max_length=2000)

    def clean(self):
        data = super().clean()
        lead, assisting = data.get("department"), data.get("assisting")
        if lead is not None and assisting and lead in assisting:
            self.add_error("assisting", _("主办部门不必同时选为协办部门。"))
        return data


class ReturnForm(forms.Form):
    reason = reason_field(
        _("不予受理的理由"), help_text=_("理由将告知来信人，请写明不属于受理范围的原因。")
    )


class TransferForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("转往"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择转往的渠道。"), "invalid_choice": PICK},
    )
    reason = reason_field(_("转办理由"), help_text=_("理由将告知来信人。"))


class ReassignForm(forms.Form):
    department = DepartmentField(_("改派给"), _("请选择新的主办部门。"))
    reason = reason_field(_("改派理由"), help_text=_("改派后答复期限不变。"))


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("合并到来信（编号）"),
        max_length=24,
        error_messages={"required": _("请填写要合并到的来信编号。")},
        help_text=_("同一来信人就同一事项重复来信的，合并到先收到的那封来信办理。"),
    )
    reason = reason_field(_("合并理由"))

    def __init__(self, *args, letters=None, letter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.letters = letters  # the letters the user may merge into (visible_letters)
        self.letter = letter

    def clean_into(self):
        number = self.cleaned_data["into"].strip()
        target = self.letters.filter(number=number).first() if self.letters is not None else None
        if target is None:
            raise forms.ValidationError(
                _("没有找到编号为 %(number)s 的来信，请核对编号。"), params={"number": number}
            )
        if self.letter is not None and target.pk == self.letter.pk:
            raise forms.ValidationError(_("不能把来信合并到它自己。"))
        return target


class CloseForm(forms.Form):
    reason = reason_field(
        _("关闭理由"), help_text=_("仅用于恶意、辱骂或无实际内容的来信；理由将记入办理记录。")
    )


# ---------------------------------------------------------------- the reply


class DraftForm(forms.Form):
    text = text_area(_("答复内容"), required=_("请填写答复内容。"), rows=10, max_length=20000)


class SubmitDraftForm(forms.Form):
    """Sends the saved draft the handler saw (its number on the page) to review."""

    draft = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtensionRequestForm(forms.Form):
    reason = reason_field(_("延期理由"), help_text=_("每封来信只能申请一次延期，由分办部门审批。"))


class DecisionForm(forms.Form):
    """Approve or refuse (send back); an opinion is needed to refuse."""

    APPROVE, REFUSE = "approve", "refuse"
    refuse_needs = _("不同意的，请写明意见。")

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REFUSE and not data.get("opinion", "").strip():
            self.add_error("opinion", self.refuse_needs)
        return data

    @property
    def approved(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE


class ReviewForm(DecisionForm):
    decision = decision_field(_("审核结论"), _("审核通过"), _("退回修改"), _("请选择审核结论。"))
    opinion = text_area(_("审核意见"), rows=3, max_length=2000)
    refuse_needs = _("退回修改的，请写明修改意见。")


class ExtensionDecisionForm(DecisionForm):
    decision = decision_field(
        _("审批结论"), _("批准延期"), _("不批准延期"), _("请选择是否批准延期。")
    )
    opinion = text_area(_("审批意见"), rows=2, max_length=2000)
    refuse_needs = _("不批准延期的，请写明理由。")


# ---------------------------------------------------------------- publishing


class PublishForm(forms.Form):
    subject_public = forms.CharField(
        label=_("公开标题"),
        max_length=120,
        error_messages={"required": _("请填写公开标题。")},
    )
    body_public = text_area(
        _("公开的来信内容"),
        required=_("请填写公开的来信内容。"),
        rows=8,
        max_length=20000,
        help_text=_("已自动遮盖姓名、电话、证件号码等个人信息，请再核对一遍。"),
    )
    reply_public = text_area(
        _("公开的答复内容"), required=_("请填写公开的答复内容。"), rows=8, max_length=20000
    )


class UnpublishForm(forms.Form):
    reason = reason_field(_("撤回公开的理由"))
