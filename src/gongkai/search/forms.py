"""The search forms: what the portal's and the workbench's search pages accept."""

from __future__ import annotations

import re

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from gongkai.search.api import RESULT_WINDOW, SORTS
from gongkai.search.query import MAX_QUERY_LENGTH

_SLUG = re.compile(r"[a-z][a-z0-9_.]*")
NULL_CHARACTER = validators.ProhibitNullCharactersValidator(
    message=_("搜索内容中有无法搜索的字符（空字符），请删去后再搜索。")
)


def _integer(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        error_messages={
            "invalid": _("须是数字。"),
            "min_value": _("超出范围。"),
            "max_value": _("超出范围。"),
        },
        **kwargs,
    )


class SearchForm(forms.Form):
    """q, filters, sort and page, all optional; the view shows errors and keeps what was typed."""

    q = forms.CharField(
        label=_("关键词"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("关键词不能超过 %(limit_value)d 个字，请精简后再搜索。"),
        },
    )
    column = _integer(_("栏目"), min_value=1)
    department = _integer(_("部门"), min_value=1)
    year = _integer(_("年份"), min_value=1900, max_value=9999)
    type = forms.CharField(label=_("类型"), required=False, max_length=40)
    validity = forms.CharField(label=_("有效性"), required=False, max_length=20)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[(s, s) for s in SORTS],
        error_messages={"invalid_choice": _("排序方式只能是按相关度或按日期。")},
    )
    page = _integer(_("页码"), min_value=1, max_value=RESULT_WINDOW)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = set(kinds)
        # Django's own message for a NUL byte reads as nonsense here ("不允许是用空字符串"):
        # say what is wrong with the query in the words of the search box.
        for field in self.fields.values():
            field.validators = [
                NULL_CHARACTER
                if isinstance(validator, validators.ProhibitNullCharactersValidator)
                else validator
                for validator in field.validators
            ]

    def clean_type(self) -> str:
        value = self.cleaned_data["type"]
        if value and value not in self.kinds:
            raise forms.ValidationError(_("没有这种信息类型。"))
        return value

    def clean_validity(self) -> str:
        value = self.cleaned_data["validity"]
        if value and not _SLUG.fullmatch(value):
            raise forms.ValidationError(_("有效性筛选无效。"))
        return value

    def search_options(self) -> dict:
        """The keyword arguments of api.search for the valid form."""
        data = self.cleaned_data
        return {
            "column": data.get("column"),
            "department": data.get("department"),
            "year": data.get("year"),
            "kind": data.get("type") or None,
            "validity": data.get("validity") or None,
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
        }


class DictionaryWordForm(forms.Form):
    word = forms.CharField(
        label=_("词语"),
        max_length=20,
        help_text=_(
            "如“一件事一次办”。添加后，新内容和检索词按整词切分，含有该词的已有内容会在后台重新切分。"
        ),
        error_messages={
            "required": _("请输入要添加的词语。"),
            "max_length": _("词语不能超过 %(limit_value)d 个字。"),
        },
    )
