"""政务公开 in the workbench, through HTTP: lists, the item form, the item page and its review
actions, the personal-information gate, preview, revision history and site health."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.core.models import AuditEvent, Upload
from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.models import Item, Revision, Step, Workflow
from tests.documents import make_pdf
from tests.pages import (
    assert_forbidden,
    assert_login_required,
    at,
    field_errors,
    page,
    textarea,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LIST = "/workbench/publishing/"
NEW = "/workbench/publishing/new/"
PDF = make_pdf("Annual report 2024")  # a real one-page PDF: uploads must open
MOBILE = "13812345678"


# ---------------------------------------------------------------- helpers


def item_url(item, suffix: str = "") -> str:
    return f"/workbench/publishing/items/{item.pk}/{suffix}"


def make_docx(paragraphs: list[str]) -> bytes:
    """The smallest Word document Word and mammoth both open."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
            '" Target="word/document.xml"/></Relationships>',
        )
        body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buf.getvalue()


@pytest.fixture
def people(county):
    return county.user


@pytest.fixture
def column(county):
    return actions.create_column(
        actor=None,
        name="农业农村动态",
        slug="nyj-news",
        department=county.dept["NYJ"],
        review_levels=3,
    )


@pytest.fixture
def township_column(county):
    return actions.create_column(
        actor=None,
        name="高山乡动态",
        slug="gsx-news",
        department=county.dept["GSX"],
        review_levels=3,
    )


def draft(people, column, **kw) -> Item:
    data = ItemData(
        title=kw.pop("title", "春耕生产工作情况"),
        body=kw.pop("body", "<p>全县春耕进展顺利。</p>"),
        **kw,
    )
    return actions.create_item(actor=people["editor"], column=column, data=data)


def pending(item) -> Step:
    return Workflow.objects.get(item=item, state=Workflow.State.IN_PROGRESS).steps.get(
        state=Step.State.PENDING
    )


def published(people, column, **kw) -> Item:
    item = draft(people, column, **kw)
    actions.submit_item(actor=people["editor"], item=item)
    actions.approve_step(actor=people["chief"], step=pending(item))
    actions.approve_step(
        actor=people["editor_in_chief"], step=pending(item), secrecy_confirmed=True
    )
    item.refresh_from_db()
    return item


def form_data(column=None, **overrides) -> dict:
    data = {
        "title": "关于做好春季农业生产的通知",
        "summary": "部署春耕备耕工作。",
        "body": "<p>各乡镇：</p><p>请做好春耕备耕。</p>",
        "document_number": "示农发〔2026〕3号",
        "publisher": "县农业农村局（畜牧）",
        "created_on": "2026-03-02",
        "topic": "agriculture",
        "content_kind": "ordinary",
        "keywords": "春耕",
        "source": "县农业农村局",
        "collector": "李编辑",
        "comment": "",
    }
    if column is not None:
        data["column"] = column.pk
    data.update(overrides)
    return data


# ---------------------------------------------------------------- lists


def test_the_editor_sees_drafts_and_a_new_item_button(staff_client, people, column):
    draft(people, column, title="春耕生产工作情况")
    response = staff_client("editor").get(LIST)
    assert response.status_code == 200
    assert "春耕生产工作情况" in page(response)
    assert f'href="{NEW}"' in page(response)
    assert "我的草稿" in page(response) and "被退回" in page(response)


def test_the_lists_need_a_login(client, db):
    assert_login_required(client.get(LIST), LIST)


def test_the_lists_refuse_other_methods(staff_client):
    assert staff_client("editor").post(LIST).status_code == 405


def test_staff_without_a_publishing_role_are_refused_and_see_no_nav_link(staff_client):
    client = staff_client("clerk")
    assert "政务公开" not in page(client.get("/workbench/"))
    assert_forbidden(client.get(LIST), "仅限栏目编辑、审核人员和系统管理员")


def test_the_nav_links_to_publishing(staff_client):
    response = staff_client("editor").get("/workbench/")
    assert f'href="{LIST}"' in page(response)


def test_an_unknown_tab_falls_back_to_the_default(staff_client, people, column):
    draft(people, column, title="默认标签页")
    response = staff_client("editor").get(LIST + "?tab=nonsense")
    assert response.status_code == 200
    assert "默认标签页" in page(response)


def test_steps_waiting_for_me_show_how_long_they_waited(staff_client, people, column):
    with at("2026-03-02 09:00"):
        actions.submit_item(actor=people["editor"], item=draft(people, column, title="等待三小时"))
    with at("2026-03-02 12:10"):
        response = staff_client("chief").get(LIST + "?tab=waiting")
        assert "等待三小时" in page(response)
        assert "已等待 3 小时" in page(response)
    with at("2026-03-04 10:00"):
        response = staff_client("chief").get(LIST + "?tab=waiting")
        assert "已等待 2 天" in page(response)


def test_rejected_items_show_the_reviewers_comment(staff_client, people, column):
    item = draft(people, column, title="需修改的信息")
    actions.submit_item(actor=people["editor"], item=item)
    actions.reject_step(actor=people["chief"], step=pending(item), comment="请补充文号")
    response = staff_client("editor").get(LIST + "?tab=rejected")
    assert "需修改的信息" in page(response)
    assert "请补充文号" in page(response)


def test_published_withdrawn_and_after_review_tabs(staff_client, people, column):
    live = published(people, column, title="已发布的信息")
    gone = published(people, column, title="撤下的信息")
    actions.withdraw_item(actor=people["chief"], item=gone, reason="内容过时")
    urgent = draft(people, column, title="紧急通知")
    actions.emergency_publish(
        actor=people["editor_in_chief"], item=urgent, reason="汛情", secrecy_confirmed=True
    )
    client = staff_client("chief")
    assert "已发布的信息" in page(client.get(LIST + "?tab=published"))
    assert "撤下的信息" in page(client.get(LIST + "?tab=withdrawn"))
    assert "撤下的信息" not in page(client.get(LIST + "?tab=published"))
    assert "紧急通知" in page(client.get(LIST + "?tab=after_review"))
    assert live.pk


def test_a_township_editor_does_not_see_county_bureau_items(staff_client, people, column):
    published(people, column, title="农业局的信息")
    client = staff_client("township_editor")
    for tab in ("drafts", "published"):
        assert "农业局的信息" not in page(client.get(f"{LIST}?tab={tab}"))


def _populate(people, column, n: int, start: int) -> None:
    """n items in each state a tab shows."""
    for i in range(start, start + n):
        draft(people, column, title=f"草稿{i}")
        actions.submit_item(actor=people["editor"], item=draft(people, column, title=f"审核中{i}"))
        rejected = draft(people, column, title=f"退回{i}")
        actions.submit_item(actor=people["editor"], item=rejected)
        actions.reject_step(actor=people["chief"], step=pending(rejected), comment=f"意见{i}")
        published(people, column, title=f"已发布{i}")


@pytest.mark.parametrize(
    ("username", "tab"),
    [
        ("editor", "drafts"),
        ("editor", "in_review"),
        ("editor", "rejected"),
        ("editor", "published"),
        ("chief", "waiting"),
        ("chief", "published"),
    ],
)
def test_each_tab_runs_the_same_number_of_queries_for_3_and_15_items(
    staff_client, people, column, django_assert_num_queries, username, tab
):
    client = staff_client(username)
    _populate(people, column, 3, 0)
    with CaptureQueriesContext(connection) as three:
        response = client.get(f"{LIST}?tab={tab}")
    assert response.status_code == 200
    _populate(people, column, 12, 3)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(f"{LIST}?tab={tab}")
    assert page(response).count('href="/workbench/publishing/items/') >= 15


# ---------------------------------------------------------------- the item form


def test_the_new_form_offers_only_my_columns(staff_client, column, township_column):
    response = staff_client("editor").get(NEW)
    assert response.status_code == 200
    assert f'<option value="{column.pk}"' in page(response)
    assert f'<option value="{township_column.pk}"' not in page(response)
    assert "YYYY-MM-DD" in page(response)
    assert 'value="县农业农村局（畜牧）"' in page(response)  # 发布机构 defaults to the department


def test_the_new_form_preselects_the_column_from_the_health_panel(staff_client, county, column):
    other = actions.create_column(
        actor=None, name="通知公告", slug="nyj-tz", department=county.dept["NYJ"]
    )
    client = staff_client("editor")
    assert f'<option value="{other.pk}" selected>' not in page(client.get(NEW))
    response = client.get(f"{NEW}?column={other.pk}")
    assert f'<option value="{other.pk}" selected>' in page(response)


def test_creating_an_item_saves_a_draft_with_its_attachments(staff_client, column):
    client = staff_client("editor")
    data = form_data(column)
    data["attachments"] = [
        SimpleUploadedFile("通知.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("名单.txt", "名单：张三".encode(), content_type="text/plain"),
    ]
    response = client.post(NEW, data)
    item = Item.objects.get(column=column)
    assert response.status_code == 302 and response["Location"] == item_url(item)
    revision = item.latest_revision
    assert revision.title == "关于做好春季农业生产的通知"
    assert revision.document_number == "示农发〔2026〕3号"
    assert revision.created_on.isoformat() == "2026-03-02"
    assert revision.topic == "agriculture"
    assert [link.upload.name for link in revision.attachment_links.all()] == [
        "通知.pdf",
        "名单.txt",
    ]
    assert item.status == Item.Status.DRAFT
    assert "春季农业生产" in page(client.get(item_url(item)))


def test_the_body_is_sanitised_script_removed(staff_client, column):
    body = '<p onclick="x()">正文</p><script>alert(1)</script><p style="color:red">第二段</p>'
    staff_client("editor").post(NEW, form_data(column, body=body))
    saved = Item.objects.get(column=column).latest_revision.body
    assert "<script" not in saved and "alert" not in saved and "onclick" not in saved
    assert saved == "<p>正文</p><p>第二段</p>"


def test_plain_text_pasted_becomes_paragraphs(staff_client, column):
    staff_client("editor").post(NEW, form_data(column, body="第一行\n\n第二行"))
    saved = Item.objects.get(column=column).latest_revision.body
    assert saved == "<p>第一行</p><p>第二行</p>"


def test_an_empty_title_is_refused_next_to_the_field_and_input_kept(staff_client, column):
    response = staff_client("editor").post(NEW, form_data(column, title="   "))
    assert response.status_code == 200
    assert "请填写标题" in field_errors(response, "title")
    assert "请做好春耕备耕" in textarea(response, "body")
    assert 'value="示农发〔2026〕3号"' in page(response)
    assert not Item.objects.filter(column=column).exists()


def test_a_bad_date_is_refused_with_the_expected_format(staff_client, column):
    response = staff_client("editor").post(NEW, form_data(column, created_on="2026/13/45"))
    assert response.status_code == 200
    assert "YYYY-MM-DD" in field_errors(response, "created_on")
    assert not Item.objects.filter(column=column).exists()


def test_files_must_be_chosen_again_after_an_error_elsewhere(staff_client, column):
    data = form_data(column, title="")
    data["attachments"] = [SimpleUploadedFile("通知.pdf", PDF)]
    response = staff_client("editor").post(NEW, data)
    assert "附件需重新选择" in field_errors(response, "attachments")
    assert not Upload.objects.filter(name="通知.pdf").exists()


def test_an_executable_attachment_is_refused(staff_client, column):
    data = form_data(column)
    data["attachments"] = [SimpleUploadedFile("通知.pdf", b"MZ\x90\x00" + bytes(100))]
    response = staff_client("editor").post(NEW, data)
    assert "可执行程序" in field_errors(response, "attachments")
    assert not Item.objects.filter(column=column).exists()


def test_a_column_of_another_department_cannot_be_chosen(staff_client, column, township_column):
    response = staff_client("editor").post(NEW, form_data(township_column))
    assert "请从列表中选择" in field_errors(response, "column")
    assert not Item.objects.filter(column=township_column).exists()


def test_a_word_document_becomes_the_body(staff_client, column):
    data = form_data(column, body="")
    data["docx"] = SimpleUploadedFile("通知.docx", make_docx(["第一段", "第二段"]))
    response = staff_client("editor").post(NEW, data)
    assert response.status_code == 302, field_errors(response, "docx")
    body = Item.objects.get(column=column).latest_revision.body
    assert "第一段" in body and "第二段" in body


def test_a_file_that_is_not_a_word_document_is_refused_as_the_body(staff_client, column):
    data = form_data(column)
    data["docx"] = SimpleUploadedFile("通知.docx", PDF)
    response = staff_client("editor").post(NEW, data)
    assert field_errors(response, "docx")
    assert not Item.objects.filter(column=column).exists()


def test_someone_who_edits_no_column_cannot_create(staff_client):
    assert_forbidden(staff_client("chief").get(NEW), "不是任何栏目的栏目编辑")


def test_the_item_form_needs_a_login_and_refuses_other_methods(client, staff_client, column):
    assert_login_required(client.get(NEW), NEW)
    assert staff_client("editor").put(NEW).status_code == 405


def test_editing_makes_a_new_revision_and_can_drop_an_attachment(staff_client, people, column):
    client = staff_client("editor")
    data = form_data(column)
    data["attachments"] = [SimpleUploadedFile("旧附件.pdf", PDF)]
    client.post(NEW, data)
    item = Item.objects.get(column=column)
    old_upload = item.latest_revision.attachments.get()
    form = client.get(item_url(item, "edit/"))
    assert form.status_code == 200
    assert "请做好春耕备耕" in textarea(form, "body")
    assert "旧附件.pdf" in page(form)
    edit = form_data(title="关于做好春季农业生产的通知（修订）", comment="更正标题")
    edit["remove_attachments"] = [str(old_upload.pk)]
    edit["attachments"] = [SimpleUploadedFile("新附件.pdf", PDF + b"\n% new")]
    response = client.post(item_url(item, "edit/"), edit)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.latest_revision.number == 2
    assert item.latest_revision.comment == "更正标题"
    assert [u.name for u in item.latest_revision.attachments.all()] == ["新附件.pdf"]


def test_editing_keeps_existing_attachments_by_default(staff_client, people, column):
    client = staff_client("editor")
    data = form_data(column)
    data["attachments"] = [SimpleUploadedFile("保留.pdf", PDF)]
    client.post(NEW, data)
    item = Item.objects.get(column=column)
    client.post(item_url(item, "edit/"), form_data(title="改标题"))
    item.refresh_from_db()
    assert [u.name for u in item.latest_revision.attachments.all()] == ["保留.pdf"]


def test_a_bad_edit_changes_nothing(staff_client, people, column):
    item = draft(people, column)
    response = staff_client("editor").post(item_url(item, "edit/"), form_data(title=""))
    assert "请填写标题" in field_errors(response, "title")
    assert item.revisions.count() == 1


def test_an_editor_of_another_department_cannot_open_the_edit_form(staff_client, people, column):
    item = draft(people, column)
    assert_forbidden(
        staff_client("township_editor").get(item_url(item, "edit/")), "它不属于您负责的栏目"
    )


def test_a_reviewer_cannot_edit(staff_client, people, column):
    item = draft(people, column)
    assert_forbidden(
        staff_client("chief").get(item_url(item, "edit/")), "只有所属栏目的编辑可以修改"
    )


def test_editing_during_review_warns_that_review_starts_over(staff_client, people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    response = staff_client("editor").get(item_url(item, "edit/"))
    assert "保存修改将撤回当前审核" in page(response)


# ---------------------------------------------------------------- the item page


def test_the_item_page_shows_status_metadata_and_the_editors_actions(staff_client, people, column):
    item = draft(people, column, document_number="示农发〔2026〕1号")
    response = staff_client("editor").get(item_url(item))
    assert response.status_code == 200
    text = page(response)
    assert "发布时生成" in text
    assert "示农发〔2026〕1号" in text
    assert "提交审核" in text and 'name="publish_at"' in text
    assert item_url(item, "preview/") in text and item_url(item, "revisions/") in text
    assert "紧急发布" not in text and "撤稿" not in text


def test_the_item_page_refuses_another_departments_editor(staff_client, people, column):
    item = draft(people, column)
    assert_forbidden(
        staff_client("township_editor").get(item_url(item)),
        "您无权查看此信息：它不属于您负责的栏目",
    )


def test_the_item_page_needs_a_login_and_refuses_other_methods(
    client, staff_client, people, column
):
    item = draft(people, column)
    assert_login_required(client.get(item_url(item)), item_url(item))
    client = staff_client("editor")
    assert client.post(item_url(item)).status_code == 405
    for action in ("submit/", "recall/", "mask/", "withdraw/", "emergency/", "validity/"):
        # A GET of a step has nothing to show: it goes to the item page; others are refused.
        assert client.get(item_url(item, action))["Location"] == item_url(item)
        assert client.put(item_url(item, action)).status_code == 405


def test_an_unknown_item_is_not_found(staff_client):
    assert staff_client("editor").get("/workbench/publishing/items/999999/").status_code == 404


def test_the_full_three_level_review_through_http(staff_client, people, column):
    item = draft(people, column)
    editor = staff_client("editor")
    response = editor.post(item_url(item, "submit/"))
    assert response.status_code == 302
    step = pending(item)
    assert step.level == Step.Level.CHIEF_EDITOR

    chief = staff_client("chief")
    page_for_chief = page(chief.get(item_url(item)))
    assert "审核：网站主编审核" in page_for_chief and "退回" in page_for_chief
    response = chief.post(
        item_url(item, f"steps/{step.pk}/decide/"),
        {"decision": "reject", "comment": "请补充时间节点"},
    )
    assert response.status_code == 302
    assert "请补充时间节点" in page(chief.get(item_url(item)))

    editor = staff_client("editor")
    assert "请补充时间节点" in page(editor.get(LIST + "?tab=rejected"))
    response = editor.post(item_url(item, "edit/"), form_data(body="<p>3月底前完成。</p>"))
    assert response.status_code == 302
    assert editor.post(item_url(item, "submit/")).status_code == 302

    chief = staff_client("chief")
    response = chief.post(
        item_url(item, f"steps/{pending(item).pk}/decide/"),
        {"decision": "approve_with_comment", "comment": "同意"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT

    boss = staff_client("editor_in_chief")
    response = boss.post(
        item_url(item, f"steps/{pending(item).pk}/decide/"),
        {"decision": "approve", "secrecy_confirmed": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.index_number and item.index_number.startswith(column.department.credit_code)
    text = page(boss.get(item_url(item)))
    assert item.index_number in text
    assert "同意" in text and "王主编" in text and "张总编" in text


def test_an_appointment_adds_the_office_review_step(staff_client, people, column):
    editor = staff_client("editor")
    editor.post(NEW, form_data(column, title="关于张三同志任职的通知", content_kind="appointment"))
    item = Item.objects.get(column=column)
    editor.post(item_url(item, "submit/"))
    levels = list(Workflow.objects.get(item=item).steps.values_list("level", flat=True))
    assert levels == [Step.Level.CHIEF_EDITOR, Step.Level.EDITOR_IN_CHIEF, Step.Level.OFFICE]
    actions.approve_step(actor=people["chief"], step=pending(item))
    actions.approve_step(actor=people["editor_in_chief"], step=pending(item))
    office = staff_client("office_reviewer")
    assert "审核：县政府办加审" in page(office.get(item_url(item)))
    response = office.post(
        item_url(item, f"steps/{pending(item).pk}/decide/"),
        {"decision": "approve", "secrecy_confirmed": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED


def test_the_editor_cannot_approve(staff_client, people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    step = pending(item)
    client = staff_client("editor")
    assert "通过并附意见" not in page(client.get(item_url(item)))
    response = client.post(item_url(item, f"steps/{step.pk}/decide/"), {"decision": "approve"})
    assert_forbidden(response, "您没有“网站主编审核”的审核权限")
    step.refresh_from_db()
    assert step.state == Step.State.PENDING


def test_rejecting_without_a_comment_is_refused_next_to_the_field(staff_client, people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    step = pending(item)
    response = staff_client("chief").post(
        item_url(item, f"steps/{step.pk}/decide/"), {"decision": "reject", "comment": "  "}
    )
    assert response.status_code == 200
    assert "退回时必须填写审核意见" in field_errors(response, "decide_comment")
    step.refresh_from_db()
    assert step.state == Step.State.PENDING


def test_approving_with_comment_needs_the_comment(staff_client, people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    response = staff_client("chief").post(
        item_url(item, f"steps/{pending(item).pk}/decide/"), {"decision": "approve_with_comment"}
    )
    assert "请填写意见" in field_errors(response, "decide_comment")
    assert pending(item).level == Step.Level.CHIEF_EDITOR


def test_a_decided_step_cannot_be_decided_again(staff_client, people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    step = pending(item)
    client = staff_client("chief")
    client.post(item_url(item, f"steps/{step.pk}/decide/"), {"decision": "approve"})
    response = client.post(
        item_url(item, f"steps/{step.pk}/decide/"), {"decision": "approve"}, follow=True
    )
    assert "这个审核环节已经处理过了" in page(response)


def test_a_scheduled_time_in_the_past_is_refused(staff_client, people, column):
    item = draft(people, column)
    response = staff_client("editor").post(
        item_url(item, "submit/"), {"publish_at": "2020-01-01T09:00"}
    )
    assert response.status_code == 200
    assert "定时发布时间须晚于现在" in field_errors(response, "submit_publish_at")
    assert not Workflow.objects.filter(item=item).exists()


def test_a_malformed_scheduled_time_is_refused(staff_client, people, column):
    item = draft(people, column)
    response = staff_client("editor").post(item_url(item, "submit/"), {"publish_at": "明天上午"})
    assert "请填写日期和时间" in field_errors(response, "submit_publish_at")
    assert not Workflow.objects.filter(item=item).exists()


def test_submitting_with_a_scheduled_time(staff_client, people, column):
    item = draft(people, column)
    when = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    staff_client("editor").post(item_url(item, "submit/"), {"publish_at": when})
    item.refresh_from_db()
    assert timezone.localtime(item.publish_at).strftime("%Y-%m-%dT%H:%M") == when


def test_the_editor_can_recall_a_submission(staff_client, people, column):
    item = draft(people, column)
    actions.submit_item(actor=people["editor"], item=item)
    client = staff_client("editor")
    assert "撤回审核" in page(client.get(item_url(item)))
    assert client.post(item_url(item, "recall/")).status_code == 302
    assert not Workflow.objects.filter(item=item, state=Workflow.State.IN_PROGRESS).exists()
    response = client.post(item_url(item, "recall/"), follow=True)
    assert "这条信息不在审核中" in page(response)


def test_emergency_publishing_needs_a_reason_then_appears_for_after_review(
    staff_client, people, column
):
    item = draft(people, column, title="山洪预警")
    boss = staff_client("editor_in_chief")
    response = boss.post(item_url(item, "emergency/"), {"reason": ""})
    assert response.status_code == 200
    assert "紧急发布必须填写理由" in field_errors(response, "emergency_reason")
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT

    unconfirmed = boss.post(item_url(item, "emergency/"), {"reason": "汛情紧急"})
    assert unconfirmed.status_code == 200
    assert "保密审查" in field_errors(unconfirmed, "emergency_secrecy_confirmed")
    assert "汛情紧急" in page(unconfirmed), "the reason typed is kept"
    confirmed = {"reason": "汛情紧急", "secrecy_confirmed": "on"}
    assert boss.post(item_url(item, "emergency/"), confirmed).status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED and item.needs_after_review

    chief = staff_client("chief")
    inbox = page(chief.get("/workbench/"))
    assert "紧急发布待事后审核：山洪预警" in inbox and item_url(item) in inbox
    assert chief.post(item_url(item, "after-review/"), {"comment": "无误"}).status_code == 302
    item.refresh_from_db()
    assert not item.needs_after_review


def test_only_the_editor_in_chief_may_publish_in_an_emergency(staff_client, people, column):
    item = draft(people, column)
    client = staff_client("chief")
    assert "紧急发布" not in page(client.get(item_url(item)))
    assert_forbidden(
        client.post(item_url(item, "emergency/"), {"reason": "急"}), "只有网站总编可以紧急发布"
    )


def test_withdrawing_needs_a_reason(staff_client, people, column):
    item = published(people, column)
    client = staff_client("chief")
    response = client.post(item_url(item, "withdraw/"), {"reason": ""})
    assert "撤稿必须填写理由" in field_errors(response, "withdraw_reason")
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert client.post(item_url(item, "withdraw/"), {"reason": "政策已调整"}).status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN and item.withdrawn_reason == "政策已调整"


def test_the_editor_cannot_withdraw(staff_client, people, column):
    item = published(people, column)
    assert_forbidden(
        staff_client("editor").post(item_url(item, "withdraw/"), {"reason": "x"}),
        "只有网站主编或总编可以撤稿",
    )


def test_validity_can_be_changed_with_a_replacing_item(staff_client, people, column):
    old = published(people, column, title="旧办法")
    new = published(people, column, title="新办法")
    client = staff_client("editor")
    response = client.post(item_url(old, "validity/"), {"validity": "repealed", "on": "2026/3/1"})
    assert "YYYY-MM-DD" in field_errors(response, "validity_on")
    response = client.post(
        item_url(old, "validity/"), {"validity": "repealed", "replaced_by": "999999"}
    )
    assert "找不到编号为 999999 的信息" in field_errors(response, "validity_replaced_by")
    response = client.post(
        item_url(old, "validity/"), {"validity": "repealed", "replaced_by": old.pk}
    )
    assert "替代文件不能是本文件" in field_errors(response, "validity_replaced_by")
    old.refresh_from_db()
    assert old.validity == Item.Validity.VALID
    response = client.post(
        item_url(old, "validity/"),
        {"validity": "repealed", "on": "2026-03-01", "replaced_by": new.pk},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.validity == Item.Validity.REPEALED and old.replaced_by_id == new.pk
    assert old.validity_changed_on.isoformat() == "2026-03-01"


# ---------------------------------------------------------------- the personal-information gate


def test_a_mobile_number_stops_submission_until_masked(staff_client, people, column):
    item = draft(people, column, body=f"<p>联系人：张先生，电话 {MOBILE}，请于周一前报名。</p>")
    client = staff_client("editor")
    response = client.post(item_url(item, "submit/"))
    assert response.status_code == 200
    text = page(response)
    assert "发现 1 处个人信息" in text
    assert "正文" in text and "手机号码" in text and "138****5678" in text
    assert "联系人：张先生，电话 " in text  # the context around the finding
    assert MOBILE not in text
    assert "一键遮盖" in text
    assert "放行并提交审核" not in text  # editors cannot let it through
    assert not Workflow.objects.filter(item=item).exists()
    assert AuditEvent.objects.filter(action="item.pii_block", object_id=str(item.pk)).exists()

    response = client.post(item_url(item, "mask/"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.latest_revision.number == 2
    assert "138****5678" in item.latest_revision.body
    assert MOBILE not in item.latest_revision.body

    assert client.post(item_url(item, "submit/")).status_code == 302
    assert Workflow.objects.filter(item=item, state=Workflow.State.IN_PROGRESS).exists()


def test_personal_information_in_an_attachment_is_located(staff_client, people, column):
    client = staff_client("editor")
    data = form_data(column)
    data["attachments"] = [SimpleUploadedFile("报名表.txt", f"王五 {MOBILE}\n".encode())]
    client.post(NEW, data)
    item = Item.objects.get(column=column)
    response = client.post(item_url(item, "submit/"))
    assert "附件：报名表.txt" in page(response)
    assert not Workflow.objects.filter(item=item).exists()


def test_a_reviewer_may_let_personal_information_through_with_a_reason(
    staff_client, people, column
):
    item = draft(people, column, body=f"<p>举报电话 {MOBILE}</p>")
    chief = staff_client("chief")
    text = page(chief.get(item_url(item)))
    assert "138****5678" in text and "放行并提交审核" in text
    assert "一键遮盖" not in text

    response = chief.post(item_url(item, "override/"), {"reason": ""})
    assert response.status_code == 200
    assert "放行必须填写理由" in field_errors(response, "override_reason")
    assert not Workflow.objects.filter(item=item).exists()

    response = chief.post(item_url(item, "override/"), {"reason": "公开的举报电话，应当公布"})
    assert response.status_code == 302
    workflow = Workflow.objects.get(item=item)
    assert workflow.pii_override_reason == "公开的举报电话，应当公布"
    assert AuditEvent.objects.filter(action="item.pii_override", object_id=str(item.pk)).exists()
    assert "公开的举报电话，应当公布" in page(chief.get(item_url(item)))


def test_an_editor_cannot_override(staff_client, people, column):
    item = draft(people, column, body=f"<p>{MOBILE}</p>")
    response = staff_client("editor").post(item_url(item, "override/"), {"reason": "我觉得可以"})
    assert_forbidden(response, "只有审核人员可以在发现个人信息时放行")
    assert not Workflow.objects.filter(item=item).exists()


def test_a_reviewer_cannot_mask(staff_client, people, column):
    item = draft(people, column, body=f"<p>{MOBILE}</p>")
    assert_forbidden(staff_client("chief").post(item_url(item, "mask/")), "只有所属栏目的编辑")
    assert item.revisions.count() == 1


# ---------------------------------------------------------------- preview and history


def test_the_preview_shows_the_latest_revision_under_a_banner(staff_client, people, column):
    item = published(people, column, title="线上标题")
    actions.save_revision(
        actor=people["editor"], item=item, data=ItemData(title="修改后的标题", body="<p>新正文</p>")
    )
    response = staff_client("editor").get(item_url(item, "preview/"))
    assert response.status_code == 200
    assert "预览：尚未发布" in page(response)
    assert "修改后的标题" in page(response) and "新正文" in page(response)


def test_the_preview_is_refused_to_another_department_and_to_other_methods(
    staff_client, people, column
):
    item = draft(people, column)
    assert staff_client("editor").post(item_url(item, "preview/")).status_code == 405
    assert_forbidden(
        staff_client("township_editor").get(item_url(item, "preview/")), "不属于您负责的栏目"
    )


def _three_revisions(people, column) -> Item:
    item = draft(people, column, title="原标题", body="<p>第一段</p><p>第二段</p>")
    actions.save_revision(
        actor=people["editor"], item=item,
        data=ItemData(title="原标题", body="<p>第一段</p><p>第二段改过</p>", comment="改第二段"),
    )  # fmt: skip
    actions.save_revision(
        actor=people["editor"], item=item,
        data=ItemData(title="新标题", body="<p>第一段</p><p>第二段改过</p><p>第三段</p>", comment="加一段"),
    )  # fmt: skip
    return item


def test_the_revision_history_lists_every_revision_and_diffs_the_last_two(
    staff_client, people, column
):
    item = _three_revisions(people, column)
    response = staff_client("editor").get(item_url(item, "revisions/"))
    assert response.status_code == 200
    text = page(response)
    assert "第 1 版" in text and "第 3 版" in text and "改第二段" in text and "李编辑" in text
    assert "<del>标题：原标题</del>" in text and "<ins>标题：新标题</ins>" in text
    assert "<ins>第三段</ins>" in text
    assert "＋新增" in text and "－删除" in text  # labels, not only colour


def test_any_two_revisions_can_be_compared(staff_client, people, column):
    item = _three_revisions(people, column)
    text = page(staff_client("editor").get(item_url(item, "revisions/") + "?a=1&b=2"))
    assert "<del>第二段</del>" in text and "<ins>第二段改过</ins>" in text
    assert "<ins>第三段</ins>" not in text


def test_an_unknown_revision_number_is_an_error_next_to_the_field(staff_client, people, column):
    item = _three_revisions(people, column)
    response = staff_client("editor").get(item_url(item, "revisions/") + "?a=99&b=x")
    assert response.status_code == 200
    assert "没有这个版本" in field_errors(response, "a")
    assert "没有这个版本" in field_errors(response, "b")


def test_the_revision_history_is_refused_to_another_department(staff_client, people, column):
    item = draft(people, column)
    assert_forbidden(
        staff_client("township_editor").get(item_url(item, "revisions/")), "不属于您负责的栏目"
    )
    assert staff_client("editor").post(item_url(item, "revisions/")).status_code == 405


def test_a_revision_is_listed_with_its_number(staff_client, people, column):
    item = draft(people, column)
    text = page(staff_client("editor").get(item_url(item, "revisions/")))
    assert "目前只有一个版本" in text
    assert Revision.objects.filter(item=item).count() == 1


# ---------------------------------------------------------------- site health

HEALTH = "/workbench/publishing/health/"


def test_the_editor_sees_the_health_of_their_columns(staff_client, people, column, township_column):
    with at("2026-01-05 10:00"):
        published(people, column, title="一月的信息")
    with at("2026-03-02 10:00"):
        response = staff_client("editor").get(HEALTH)
    assert response.status_code == 200
    text = page(response)
    assert "农业农村动态" in text and "高山乡动态" not in text
    row = re.search(r"<tr>\s*<td>农业农村动态</td>.*?</tr>", text, re.S).group()
    assert "正常" in row  # 8 weeks is within a policy column's 6 months
    assert f'href="{NEW}?column={column.pk}"' in text
    assert "2026年1月5日 10:00" in text


def test_empty_and_stale_columns_are_flagged(staff_client, people, county, column):
    news = actions.create_column(
        actor=None, name="工作动态", slug="nyj-dt", department=county.dept["NYJ"], is_news=True
    )
    with at("2026-03-01 10:00"):
        published(people, news, title="三月初动态")
    with at("2026-03-10 10:00"):
        fresh = page(staff_client("chief").get(HEALTH))
    with at("2026-03-20 10:00"):
        stale = page(staff_client("chief").get(HEALTH))
    row = re.compile(r"<tr>\s*<td>工作动态</td>.*?</tr>", re.S)
    assert "超期未更新" not in row.search(fresh).group()
    assert "超期未更新" in row.search(stale).group()
    empty_row = re.search(r"<tr>\s*<td>农业农村动态</td>.*?</tr>", stale, re.S).group()
    assert "空栏目" in empty_row


def test_the_home_page_is_flagged_after_two_weeks(staff_client, people, column):
    with at("2026-03-01 10:00"):
        published(people, column)
    with at("2026-03-10 10:00"):
        assert re.search(r"首页.*?正常", page(staff_client("admin").get(HEALTH)), re.S)
    with at("2026-03-20 10:00"):
        home = re.search(
            r'id="home-heading".*?</section>', page(staff_client("admin").get(HEALTH)), re.S
        )
        assert "超期未更新" in home.group()


def test_the_health_panel_is_refused_to_staff_outside_publishing(client, staff_client):
    assert_login_required(client.get(HEALTH), HEALTH)
    client = staff_client("clerk")
    assert_forbidden(client.get(HEALTH), "站点健康仅限")
    assert staff_client("editor").post(HEALTH).status_code == 405


# ---------------------------------------------------------------- the inbox


def test_the_inbox_links_waiting_and_rejected_items_to_the_item_page(staff_client, people, column):
    waiting = draft(people, column, title="待审信息")
    actions.submit_item(actor=people["editor"], item=waiting)
    sent_back = draft(people, column, title="退回信息")
    actions.submit_item(actor=people["editor"], item=sent_back)
    actions.reject_step(actor=people["chief"], step=pending(sent_back), comment="改")
    chief_inbox = page(staff_client("chief").get("/workbench/"))
    assert "待审核（网站主编审核）：待审信息" in chief_inbox and item_url(waiting) in chief_inbox
    editor_inbox = page(staff_client("editor").get("/workbench/"))
    assert "被退回待修改：退回信息" in editor_inbox and item_url(sent_back) in editor_inbox


def test_the_withdrawal_and_emergency_reasons_are_marked_required_as_the_server_requires(
    staff_client, people, column
):
    boss = staff_client("editor_in_chief")
    cases = [
        (published(people, column), "id_withdraw_reason"),
        (draft(people, column), "id_emergency_reason"),
    ]
    for item, field_id in cases:
        html = page(boss.get(item_url(item)))
        label = re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S)
        assert label is not None, field_id
        assert "选填" not in label.group(1)
