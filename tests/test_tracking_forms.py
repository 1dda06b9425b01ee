"""The three public "number + query code" forms are one form with three sets of words: each
page keeps its own label, hint, length and error texts, and the same field behaviour."""

from __future__ import annotations

import pytest

from gongkai.disclosure.forms import TrackForm as DisclosureTrackForm
from gongkai.letters.forms_public import TrackForm as LetterTrackForm
from gongkai.services.forms_apply import TrackForm as ServiceTrackForm

CODE = ("查询码", 40)
PAGES = [
    pytest.param(
        DisclosureTrackForm,
        ("申请编号", 20, "提交申请后回执上的编号，如 2025-00001。"),
        "回执上的 16 位查询码，如 ABCD-EFGH-JKMN-PQRS；不区分大小写。",
        id="disclosure",
    ),
    pytest.param(
        ServiceTrackForm,
        ("办件编号", 24, "提交申请后回执上的编号，如 ZW2025000001。"),
        "回执上的查询码，如 ABCD-EFGH-JKMN-PQRS；不区分大小写。",
        id="services",
    ),
    pytest.param(
        LetterTrackForm,
        ("信件编号", 24, "写信成功后页面上显示的编号。"),
        "写信成功后页面上的查询码，如 ABCD-EFGH-JKMN-PQRS；不区分大小写。",
        id="letters",
    ),
]


@pytest.mark.parametrize(("form_class", "number", "code_hint"), PAGES)
def test_each_page_keeps_its_words(form_class, number, code_hint):
    label, max_length, hint = number
    fields = form_class().fields
    assert list(fields) == ["number", "code"]
    for name, (field_label, field_max, field_hint) in {
        "number": (label, max_length, hint),
        "code": (*CODE, code_hint),
    }.items():
        field = fields[name]
        assert str(field.label) == field_label
        assert field.max_length == field_max
        assert str(field.help_text) == field_hint
        assert field.required
        assert field.widget.attrs == {
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": str(field_max),
        }


@pytest.mark.parametrize(("form_class", "number", "code_hint"), PAGES)
def test_it_names_the_field_in_each_refusal(form_class, number, code_hint):
    label, max_length, _hint = number
    empty = form_class({"number": "", "code": ""})
    assert empty.errors == {"number": [f"请填写{label}。"], "code": ["请填写查询码。"]}
    too_long = form_class({"number": "1" * (max_length + 1), "code": "A" * 41})
    assert too_long.errors == {"number": [f"{label}过长。"], "code": ["查询码过长。"]}


@pytest.mark.parametrize(("form_class", "number", "code_hint"), PAGES)
def test_it_takes_a_number_and_code_as_typed(form_class, number, code_hint):
    form = form_class({"number": " 2025-00001 ", "code": "abcd-efgh-jkmn-pqrs"})
    assert form.is_valid()
    assert form.cleaned_data == {"number": "2025-00001", "code": "abcd-efgh-jkmn-pqrs"}
