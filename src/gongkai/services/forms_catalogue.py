"""The catalogue's staff forms: an item's version with its materials and fees as rows.

The rows work without JavaScript: the form shows what is filled in and a few blank rows, and
"增加行" posts the form back, which comes back with everything typed and more blank rows,
saving nothing. Blank rows are ignored; a row with anything in it needs its name.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import clean_uploads, upload_help, upload_input
from gongkai.services.actions.catalogue import (
    MAX_COPIES,
    MAX_DAYS,
    MAX_FEES,
    MAX_MATERIALS,
    FeeData,
    MaterialData,
    VersionData,
)
from gongkai.services.rules import (
    Audience,
    HandlingForm,
    ItemType,
    LifeEvent,
    MaterialForm,
    MaterialSource,
    Necessity,
)

BLANK_ROWS = 3  # blank rows under what is filled in
ADD_MATERIALS = "add-materials"  # the names of the "增加行" buttons
ADD_FEES = "add-fees"
MATERIALS, FEES = "materials", "fees"  # the formsets' prefixes (the actions name rows so)


def _text(label, *, max_length=None, required=True, textarea=False, **kwargs):
    messages = {"required": _("请填写%(label)s。") % {"label": label}}
    if max_length:
        messages["max_length"] = _("%(label)s不能超过 %(n)d 个字。") % {
            "label": label,
            "n": max_length,
        }
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else None,
        error_messages=messages,
        **kwargs,
    )


def _choice(label, choices, *, blank=True):
    return forms.ChoiceField(
        label=label,
        choices=([("", _("请选择"))] if blank else []) + list(choices),
        error_messages={
            "required": _("请选择%(label)s。") % {"label": label},
            "invalid_choice": _("请从列表中选择%(label)s。") % {"label": label},
        },
    )


def _number(label, low, high, **kwargs):
    message = _("%(label)s须是 %(low)d 到 %(high)d 之间的整数。") % {
        "label": label,
        "low": low,
        "high": high,
    }
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={
            "required": _("请填写%(label)s。") % {"label": label},
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        **kwargs,
    )


def _file(label):
    return forms.FileField(
        label=label, required=False, help_text=upload_help(), widget=upload_input()
    )


class NewItemForm(forms.Form):
    """A new item: its 实施编码 and its department (one the editor keeps the catalogue of)."""

    code = _text(
        _("实施编码"),
        max_length=64,
        help_text=_("国家政务服务事项实施清单中的实施编码，只能由字母、数字和连字符组成。"),
    )
    department = forms.ModelChoiceField(
        label=_("实施主体"),
        queryset=None,
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择实施主体。"),
            "invalid_choice": _("请从列表中选择实施主体。"),
        },
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class VersionForm(forms.Form):
    """Every field of the 实施清单 except the materials and fees (their rows follow)."""

    name = _text(_("事项名称"), max_length=200)
    basic_code = _text(_("基本编码"), max_length=64, required=False)
    item_type = _choice(_("事项类型"), ItemType.choices)
    implementing_body = _text(_("实施主体"), max_length=100)
    audience = _choice(_("服务对象"), Audience.choices)
    life_events = forms.MultipleChoiceField(
        label=_("主题分类"),
        required=False,
        choices=LifeEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请从列表中选择主题分类。")},
    )
    legal_basis = _text(_("设定依据"), textarea=True)
    conditions = _text(_("受理条件"), textarea=True)
    process = _text(_("办理流程"), textarea=True, help_text=_("每行一个步骤，按办理顺序填写。"))
    handling_form = _choice(_("办理形式"), HandlingForm.choices, blank=False)
    online = forms.BooleanField(label=_("可以网上申请（是否网办）"), required=False)
    legal_days = _number(_("法定办结时限（工作日）"), 0, MAX_DAYS)
    promised_days = _number(
        _("承诺办结时限（工作日）"), 0, MAX_DAYS, help_text=_("不能超过法定办结时限；即办件填 0。")
    )
    visits = _number(_("到办事现场次数"), 0, 10)
    charges = forms.BooleanField(
        label=_("收费（是否收费）"), required=False, help_text=_("收费的，请在下方填写收费项目。")
    )
    consult = _text(_("咨询方式"), max_length=300)
    complaint = _text(_("监督投诉方式"), max_length=300)
    place = _text(_("办理地点"), max_length=300)
    hours = _text(_("办理时间"), max_length=300)
    result_name = _text(_("审批结果名称"), max_length=200, required=False)
    result_type = _text(_("审批结果类型"), max_length=50, required=False)
    result_sample = _file(_("审批结果样本"))

    def clean_result_sample(self):
        upload = self.cleaned_data.get("result_sample")
        return clean_uploads([upload])[0] if upload else None

    def clean(self):
        cleaned = super().clean()
        legal, promised = cleaned.get("legal_days"), cleaned.get("promised_days")
        if legal is not None and promised is not None and promised > legal:
            self.add_error("promised_days", _("承诺办结时限不能超过法定办结时限。"))
        return cleaned

    def version_data(self, result_sample) -> VersionData:
        data = dict(self.cleaned_data)
        data["result_sample"] = result_sample
        return VersionData(**data)


def _blank(form: forms.Form, names) -> bool:
    data = form.cleaned_data
    return not any(str(data.get(name) or "").strip() for name in names)


class MaterialRowForm(forms.Form):
    """One material; `origin` is the material of the version it was copied from, whose blank
    form and example it keeps unless new files are chosen."""

    origin = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = _text(_("材料名称"), max_length=200, required=False)
    necessity = _choice(_("必要性"), Necessity.choices, blank=False)
    condition = _text(_("适用情形"), max_length=300, required=False)
    form = _choice(_("材料形式"), MaterialForm.choices, blank=False)
    copies = _number(_("份数"), 1, MAX_COPIES, initial=1, required=False)
    source = _choice(_("来源渠道"), MaterialSource.choices, blank=False)
    notes = _text(_("填报须知"), required=False, textarea=True)
    standard = _text(_("受理标准"), required=False, textarea=True)
    blank_form = _file(_("空白表格"))
    example = _file(_("示例样表"))
    TYPED = ("name", "condition", "notes", "standard", "blank_form", "example")

    def clean_blank_form(self):
        upload = self.cleaned_data.get("blank_form")
        return clean_uploads([upload])[0] if upload else None

    def clean_example(self):
        upload = self.cleaned_data.get("example")
        return clean_uploads([upload])[0] if upload else None

    def clean(self):
        cleaned = super().clean()
        if self.errors or _blank(self, self.TYPED):
            return cleaned
        if not cleaned.get("name"):
            self.add_error("name", _("请填写材料名称，或清空这一行。"))
        if cleaned.get("copies") is None:
            self.add_error("copies", _("请填写份数。"))
        return cleaned

    def is_blank(self) -> bool:
        return _blank(self, self.TYPED)

    def material_data(self, blank_form, example) -> MaterialData:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("origin", *self.TYPED[4:])}
        return MaterialData(**data, blank_form=blank_form, example=example)


class FeeRowForm(forms.Form):
    name = _text(_("收费项目名称"), max_length=200, required=False)
    standard = _text(_("收费标准"), max_length=300, required=False)
    basis = _text(_("收费依据"), max_length=300, required=False)
    waivable = forms.BooleanField(label=_("允许减免"), required=False)
    TYPED = ("name", "standard", "basis")

    def clean(self):
        cleaned = super().clean()
        if self.errors or _blank(self, self.TYPED):
            return cleaned
        for name in self.TYPED:
            if not cleaned.get(name):
                label = self.fields[name].label
                self.add_error(name, _("请填写%(label)s，或清空这一行。") % {"label": label})
        return cleaned

    def is_blank(self) -> bool:
        return _blank(self, self.TYPED)

    def fee_data(self) -> FeeData:
        return FeeData(**self.cleaned_data)


class RowFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("表格的行数信息缺失，请刷新页面后重新填写。"),
        "too_many_forms": _("最多 %(num)d 行。"),
    }

    def filled(self) -> list[forms.Form]:
        return [f for f in self.forms if f.is_valid() and not f.is_blank()]


def _formset(form, limit):
    return forms.formset_factory(
        form, formset=RowFormSet, extra=0, max_num=limit, validate_max=True, absolute_max=limit
    )


MaterialFormSet = _formset(MaterialRowForm, MAX_MATERIALS)
FeeFormSet = _formset(FeeRowForm, MAX_FEES)


def rows(formset_class, prefix: str, initial: list[dict], *, blank: int = BLANK_ROWS):
    """An unbound formset of `initial` rows and `blank` blank ones."""
    return formset_class(prefix=prefix, initial=initial + [{}] * blank)


def typed_rows(post, form_class, prefix: str) -> list[dict]:
    """The rows as typed in a post (for the "增加行" round trip: nothing checked)."""
    try:
        total = min(int(post.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_MATERIALS)
    except ValueError:
        total = 0
    found = []
    for row in range(total):
        values = {}
        for name, field in form_class.base_fields.items():
            key = f"{prefix}-{row}-{name}"
            if isinstance(field, forms.FileField):
                continue
            if isinstance(field, forms.BooleanField):
                values[name] = key in post
            else:
                values[name] = post.get(key, "")
        found.append(values)
    return found
