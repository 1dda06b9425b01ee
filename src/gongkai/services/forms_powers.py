"""Forms of the 职权目录: the public page's filter, and the editors' form of a power.

The form only shapes the input; what a power must say is checked by actions.powers.check_power,
whose refusals are put next to the field they name.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Department
from gongkai.services.actions.powers import MAX_STEPS, PowerData
from gongkai.services.models import ServiceItem
from gongkai.services.rules import POWER_TYPES

CATEGORY_CHOICES = [(t.value, t.label) for t in POWER_TYPES]


class PowerFilterForm(forms.Form):
    """/zwfw/powers/?department=…&category=…: either may be left out."""

    department = forms.TypedChoiceField(
        label=_("实施主体"), required=False, coerce=int, empty_value=None
    )
    category = forms.ChoiceField(label=_("职权类别"), required=False)

    def __init__(self, data, *, departments: list[Department]):
        super().__init__(data)
        self.fields["department"].choices = [("", _("全部"))] + [
            (d.pk, d.name) for d in departments
        ]
        self.fields["category"].choices = [("", _("全部"))] + CATEGORY_CHOICES


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceItem) -> str:
        name = obj.current.name if obj.current_id else _("（尚未发布）")
        return f"{obj.code} {name}"


class PowerForm(forms.Form):
    code = forms.CharField(
        label=_("职权编码"), max_length=64, help_text=_("字母、数字、点、连字符或下划线")
    )
    name = forms.CharField(label=_("职权名称"), max_length=200)
    category = forms.ChoiceField(
        label=_("职权类别"), choices=[("", _("请选择"))] + CATEGORY_CHOICES
    )
    department = forms.ModelChoiceField(label=_("实施主体"), queryset=Department.objects.none())
    unit = forms.CharField(label=_("承办机构"), max_length=100, required=False)
    basis = forms.CharField(
        label=_("实施依据"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "写明法律法规名称（加书名号）和具体条款，如《中华人民共和国动物防疫法》第二十四条"
        ),
    )
    responsibilities = forms.CharField(
        label=_("责任事项"), widget=forms.Textarea(attrs={"rows": 4})
    )
    accountability = forms.CharField(label=_("追责情形"), widget=forms.Textarea(attrs={"rows": 4}))
    steps = forms.CharField(
        label=_("运行流程"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行写一个环节，按先后顺序，至少两个、最多 %(n)d 个；页面据此画出流程图")
        % {"n": MAX_STEPS},
    )
    service_item = ItemChoiceField(
        label=_("对应政务服务事项"),
        queryset=ServiceItem.objects.none(),
        required=False,
        help_text=_("以政务服务事项办理的职权，选择对应的事项；须为同一实施主体"),
    )

    def __init__(self, data=None, *, departments, initial=None):
        super().__init__(data, initial=initial)
        self.fields["department"].queryset = departments
        self.fields["service_item"].queryset = (
            ServiceItem.objects.filter(department__in=departments)
            .select_related("current")
            .order_by("code")
        )

    def power_data(self) -> PowerData:
        values = self.cleaned_data
        return PowerData(
            code=values["code"],
            name=values["name"],
            category=values["category"],
            department=values["department"],
            basis=values["basis"],
            responsibilities=values["responsibilities"],
            accountability=values["accountability"],
            steps=values["steps"],
            unit=values["unit"],
            service_item=values["service_item"],
        )


def initial_for(power) -> dict:
    """The form's initial values for an existing power."""
    return {
        "code": power.code,
        "name": power.name,
        "category": power.category,
        "department": power.department_id,
        "unit": power.unit,
        "basis": power.basis,
        "responsibilities": power.responsibilities,
        "accountability": power.accountability,
        "steps": power.steps,
        "service_item": power.service_item_id,
    }
