"""The error summary of a form sent back with errors: every form that can show an error next to
a field also shows the summary (checked on the templates, following their includes); the
summary counts and lists every error, each linked to a control that exists on the page; and a
page of several forms asks focus for one summary only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string

from gongkai.disclosure import actions as disclosure_actions
from gongkai.publishing import actions as publishing_actions
from gongkai.publishing.actions import ItemData
from tests.pages import at, field_errors, page

SRC = Path(__file__).resolve().parent.parent / "src" / "gongkai"
TEMPLATE_DIRS = [SRC / "templates", *sorted(SRC.glob("*/templates"))]
SUMMARY = "forms/_form_errors.html"
# The search pages write their inputs by hand (ids of their own, no `id_` prefix) and keep the
# short summary they had (it takes focus too); they are not forms of the kind this summary serves.
OWN_SUMMARY = {"portal/search.html"}
INCLUDE = re.compile(r'{%\s*include\s+"([^"]+)"')
FORM = re.compile(r"<form\b.*?</form>", re.S)
SUMMARY_DIV = re.compile(r'<div class="form-errors"[^>]*>.*?</div>', re.S)


# ---------------------------------------------------------------- every form has it


def _template_file(name: str) -> Path | None:
    return next((d / name for d in TEMPLATE_DIRS if (d / name).exists()), None)


def _with_includes(text: str, seen: tuple[str, ...] = ()) -> str:
    """The text and, recursively, the text of every template it includes."""
    parts = [text]
    for name in INCLUDE.findall(text):
        found = _template_file(name)
        if found is not None and name not in seen:
            parts.append(_with_includes(found.read_text(), (*seen, name)))
    return "\n".join(parts)


def _forms_without_summary() -> list[str]:
    missing = []
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            name = path.relative_to(directory).as_posix()
            text = path.read_text()
            for form in FORM.finditer(text):
                body = _with_includes(form.group(0))
                if re.search(r"\.errors\b", body) and SUMMARY not in body:
                    line = text[: form.start()].count("\n") + 1
                    missing.append(f"{name}:{line}")
    return missing


def test_every_form_that_shows_field_errors_includes_the_summary():
    missing = [
        where for where in _forms_without_summary() if where.split(":")[0] not in OWN_SUMMARY
    ]
    assert not missing, "forms without the error summary: " + ", ".join(missing)


def test_the_check_sees_a_form_whose_errors_come_from_an_included_field(tmp_path, monkeypatch):
    """The walk follows includes: a form of `_field.html` fields without the summary is found."""
    (tmp_path / "bad.html").write_text(
        '<form method="post">{% include "forms/_field.html" with field=form.a %}</form>'
    )
    monkeypatch.setattr(f"{__name__}.TEMPLATE_DIRS", [tmp_path, *TEMPLATE_DIRS])
    assert "bad.html:1" in _forms_without_summary()


# ---------------------------------------------------------------- what it shows


class Kinds(forms.Form):
    title = forms.CharField(label="标题")
    kind = forms.ChoiceField(
        label="类型", choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "页面已过期"})

    def clean(self):
        raise forms.ValidationError("整张表有误")


def test_the_summary_counts_and_links_every_error_to_its_control():
    form = Kinds({}, auto_id="id_step_%s")
    html = render_to_string(SUMMARY, {"form": form})
    assert "提交的内容有 4 处需要修改" in html
    items = re.findall(r"<li>(.*?)</li>", html)
    assert items == [
        "整张表有误",
        '<a href="#id_step_title">标题</a>：这个字段是必填项。',
        '<a href="#id_step_kind_0">类型</a>：这个字段是必填项。',
        "页面已过期",  # a hidden field: nothing to go to, no label a person saw
    ]
    assert html.count("autofocus") == 1 and 'tabindex="-1"' in html


def test_a_valid_or_unbound_form_shows_no_summary():
    assert render_to_string(SUMMARY, {"form": Kinds()}).strip() == ""


def test_of_several_forms_with_errors_only_the_first_summary_asks_for_focus():
    page_of_forms = Template(
        '{% include "forms/_form_errors.html" with form=first %}'
        '{% include "forms/_form_errors.html" with form=unbound %}'
        '{% for f in more %}{% include "forms/_form_errors.html" with form=f %}{% endfor %}'
    )
    html = page_of_forms.render(
        Context({"first": Kinds({}), "unbound": Kinds(), "more": [Kinds({}), Kinds({})]})
    )
    assert html.count('class="form-errors"') == 3
    assert html.count("autofocus") == 1 and html.count('id="form-errors"') == 1
    first_summary = html.split('<div class="form-errors"')[1]
    assert "autofocus" in first_summary


# ---------------------------------------------------------------- on the real pages


def assert_one_summary_leading_to_controls(response, first_target: str) -> str:
    """One summary, asking for focus; each link goes to an element of the page."""
    html = page(response)
    summaries = SUMMARY_DIV.findall(html)
    assert len(summaries) == 1, summaries
    assert html.count(" autofocus") == 1 and "autofocus" in summaries[0]
    targets = re.findall(r'href="#([^"]+)"', summaries[0])
    assert targets and targets[0] == first_target
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(targets) <= ids, set(targets) - ids
    return summaries[0]


@pytest.mark.django_db
def test_the_apply_form_sent_empty_leads_to_its_first_field(client):
    response = client.post("/ysqgk/apply/", {})
    assert response.status_code == 200
    summary = assert_one_summary_leading_to_controls(response, "id_department")
    assert 'href="#id_applicant_type_0"' in summary
    assert field_errors(response, "department"), "the error stays next to the field"


@pytest.mark.django_db
def test_the_register_form_of_the_workbench_has_the_summary(staff_client):
    with at("2025-11-03 10:00"):
        response = staff_client("disclosure").post("/workbench/disclosure/new/", {})
    assert response.status_code == 200
    assert_one_summary_leading_to_controls(response, "id_department")


@pytest.mark.django_db
def test_a_refused_step_of_the_item_page_shows_only_its_own_summary(staff_client, county):
    column = publishing_actions.create_column(
        actor=None, name="农业动态", slug="nyj-news", department=county.dept["NYJ"], review_levels=1
    )
    editor = county.user["editor"]
    item = publishing_actions.create_item(actor=editor, column=column, data=ItemData(title="通知"))
    publishing_actions.submit_item(actor=editor, item=item)
    response = staff_client("editor_in_chief").post(
        f"/workbench/publishing/items/{item.pk}/withdraw/", {"reason": "  "}
    )
    assert response.status_code == 200
    assert_one_summary_leading_to_controls(response, "id_withdraw_reason")
    assert field_errors(response, "withdraw_reason")


@pytest.mark.django_db
def test_a_refused_step_of_the_request_page_shows_its_summary(staff_client, county):
    with at("2025-10-31 09:00"):
        request, _code = disclosure_actions.submit_application(
            data=disclosure_actions.ApplicationData(
                applicant_type="natural",
                applicant_name="王小明",
                id_type="resident_id",
                id_number="11010519491231002X",
                phone="13800138000",
                info_title="招标文件",
                info_description="道路改造工程的招标文件。",
                requested_form="electronic",
                delivery="email",
                email="wang@example.cn",
            ),
            department=county.dept["BGS"],
        )
    with at("2025-11-03 10:00"):
        response = staff_client("disclosure").post(
            f"/workbench/disclosure/{request.pk}/correction/", {"items": " ", "on": "2025-11-03"}
        )
    assert response.status_code == 200
    assert_one_summary_leading_to_controls(response, "id_correction_items")


@pytest.mark.django_db
def test_the_sign_in_page_summarises_its_refusal(client):
    response = client.post("/workbench/login/", {"username": "nobody", "password": "x"})
    summary = SUMMARY_DIV.search(page(response)).group(0)
    assert "提交的内容有 1 处需要修改" in summary and "autofocus" in summary
