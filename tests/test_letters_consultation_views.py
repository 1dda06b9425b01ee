"""意见征集 through HTTP: the public list and draft page (the comment form while open, rate
limited, only moderated comments shown, masked; the feedback report and the final policy once
reported), and the workbench pages, each step allowed, refused, and with bad input (the text
kept, nothing changed)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import totp_token
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.letters.actions import consultations as actions
from gongkai.letters.models import Comment, Consultation
from gongkai.letters.rules import CommentStatus
from tests.documents import make_pdf
from tests.letters_consultations import (
    AFTER,
    DURING,
    OPENS,
    PHONE_COMMENT,
    POLICY_INDEX,
    TITLE,
    WRITTEN,
    People,
    answered_and_reported,
    comment,
    draft,
    opened,
    published_policy,
)
from tests.pages import assert_forbidden, assert_login_required, at, field_errors, page, textarea

pytestmark = pytest.mark.django_db
State = Consultation.State
LIST = "/hudong/consultations/"
STAFF = "/workbench/letters/consultations/"


@pytest.fixture
def people(county):
    return People(county)


def public_url(consultation) -> str:
    return f"{LIST}{consultation.pk}/"


def staff_url(consultation, step: str = "", comment=None) -> str:
    url = f"{STAFF}{consultation.pk}/"
    if comment is not None:
        url += f"comments/{comment.pk}/"
    return url + (f"{step}/" if step else "")


def login(user) -> Client:
    """Sign in through the real pages (password, then the second factor)."""
    client = Client()
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.post("/workbench/login/", {"username": user.username, "password": DEMO_PASSWORD})
    response = client.post("/workbench/login/otp/", {"token": totp_token(device)})
    assert response.status_code == 302
    return client


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def new_post(**changes) -> dict:
    data = {
        "department": "",
        "title": TITLE,
        "explanation": "起草说明。",
        "draft_text": "第一条 ……",
        "opens_on": "2025-11-03",
        "closes_on": "2025-12-03",
    }
    return {**data, **changes}


# ---------------------------------------------------------------- the public pages


def test_the_list_shows_running_consultations_first_then_finished_ones(people):
    finished = opened(people, title="已结束的征集")
    later = draft(
        people,
        title="正在进行的征集",
        opens=datetime.date(2025, 12, 8),
        closes=datetime.date(2026, 1, 8),
    )
    hidden = draft(people, title="尚未发布的草稿")
    with at("2025-12-04 09:00"):
        actions.publish_consultation(actor=people.editor, consultation=later)
    with at("2025-12-10 09:00"):
        body = page(Client().get(LIST))
    assert body.index("正在进行的征集") < body.index("已结束的征集")
    assert "2025年12月8日 至 2026年1月8日" in body and "征集中" in body and "已结束" in body
    assert hidden.title not in body
    assert Client().get(public_url(hidden)).status_code == 404
    assert finished.state == State.OPEN  # closed by the date alone
    with at("2025-12-05 09:00"):
        assert "即将开始" in page(Client().get(LIST))


def test_the_draft_page_shows_only_moderated_comments_masked(people):
    consultation = opened(people)
    shown = comment(consultation, body=PHONE_COMMENT, name="张三丰")
    comment(consultation, body="还没审核的意见")
    with at(DURING):
        actions.moderate_comment(actor=people.moderator, comment=shown, show=True)
        body = page(Client().get(public_url(consultation)))
    assert "起草说明" in body and "第二条 各乡镇应当" in body
    assert "2025年11月3日 至 2025年12月3日" in body
    assert "139****5678" in body and "13912345678" not in body
    assert "张**" in body and "张三丰" not in body
    assert "还没审核的意见" not in body
    assert "已收到意见 2 条" in body
    assert 'name="body"' in body and "csrfmiddlewaretoken" in body


def test_a_visitor_comments_and_the_comment_waits_for_moderation(people):
    consultation = opened(people)
    client = Client()
    with at(DURING):
        response = client.post(
            public_url(consultation), {"author_name": "李四", "body": "建议增加公厕。"}
        )
        assert response.status_code == 302 and response["Location"] == public_url(consultation)
        assert "意见已提交" in page(client.get(response["Location"]))
    (item,) = Comment.objects.all()
    assert item.status == CommentStatus.PENDING and item.body == "建议增加公厕。"


def test_a_comment_with_bad_input_keeps_the_text_and_saves_nothing(people):
    consultation = opened(people)
    with at(DURING):
        response = Client().post(public_url(consultation), {"author_name": "李四", "body": " "})
        assert response.status_code == 200
        assert "请填写您的意见" in field_errors(response, "body")
        assert 'value="李四"' in page(response)
        response = Client().post(public_url(consultation), {"author_name": "", "body": "意见"})
        assert "请填写姓名" in field_errors(response, "author_name")
        assert textarea(response, "body") == "意见"
    assert not Comment.objects.exists()


def test_outside_the_period_there_is_no_form_and_a_post_is_refused(people):
    consultation = opened(people)
    for when in ("2025-11-01 09:00", AFTER):
        with at(when):
            body = page(Client().get(public_url(consultation)))
            assert 'name="body"' not in body
            response = Client().post(
                public_url(consultation), {"author_name": "李", "body": "晚了"}
            )
            assert response.status_code == 302
    assert "将于 2025年11月3日 开始" in page(at_get(public_url(consultation), "2025-11-01 09:00"))
    assert "已于 2025年12月3日 结束" in page(at_get(public_url(consultation), AFTER))
    assert not Comment.objects.exists()


def at_get(url: str, when: str):
    with at(when):
        return Client().get(url)


def test_comments_are_rate_limited_per_address(people):
    consultation = opened(people)
    client = Client()
    with at(DURING):
        for n in range(5):
            response = client.post(public_url(consultation), {"author_name": "李", "body": f"{n}"})
            assert response.status_code == 302
        response = client.post(public_url(consultation), {"author_name": "李", "body": "第六条"})
    assert response.status_code == 429
    assert "次数过多" in page(response) and textarea(response, "body") == "第六条"
    assert Comment.objects.count() == 5


def test_the_reported_page_shows_counts_adoption_reasons_and_the_final_policy(people, county):
    consultation = opened(people)
    first = comment(consultation, body="建议增加垃圾清运频次。")
    second = comment(consultation, body="这条意见不公开。")
    answered_and_reported(
        people,
        consultation,
        [(first, True, True, "已在第五条增加。"), (second, False, False, "与本方案无关。")],
    )
    published_policy(county)
    with at(AFTER):
        actions.link_final_policy(
            actor=people.editor, consultation=consultation, index_number=POLICY_INDEX
        )
        body = page(Client().get(public_url(consultation)))
    assert "意见采纳情况" in body and "共收到意见两条" in body
    counts = body[body.index('id="report-counts"') :]
    assert "收到意见</dt><dd>2 条" in counts and "采纳</dt><dd>1 条" in counts
    assert "已在第五条增加。" in body and "与本方案无关。" in body
    assert "建议增加垃圾清运频次。" in body and "这条意见不公开。" not in body
    assert "（未公开）" in body
    assert "示范县农村人居环境整治提升实施方案" in body and POLICY_INDEX in body
    assert 'name="body"' not in body


def test_the_draft_file_is_downloaded_once_public(people):
    pdf = SimpleUploadedFile("方案.pdf", make_pdf("draft"), content_type="application/pdf")
    client = login(people.editor)
    with at(WRITTEN):
        response = client.post(STAFF, new_post(department=people.department.pk, draft_file=pdf))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.draft_file.name == "方案.pdf"
    assert Client().get(f"{public_url(consultation)}draft/").status_code == 404
    with at(WRITTEN):
        actions.publish_consultation(actor=people.editor, consultation=consultation)
    response = Client().get(f"{public_url(consultation)}draft/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_public_pages_refuse_other_methods(people):
    consultation = opened(people)
    assert Client().post(LIST).status_code == 405
    assert Client().put(public_url(consultation)).status_code == 405


def test_the_public_list_reads_a_fixed_number_of_queries(people):
    opened(people)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured, at(DURING):
            assert Client().get(LIST).status_code == 200
        return len(captured)

    queries()  # what a process reads once (the menus, the calendar) is read now
    one = queries()
    for n in range(3):
        opened(people, title=f"征集 {n}")
    assert queries() == one


# ---------------------------------------------------------------- the workbench


def test_the_staff_pages_need_a_login_and_a_consultation_role(client, people, county):
    assert_login_required(client.get(STAFF), STAFF)
    assert_forbidden(login(county.user["editor"]).get(STAFF), "意见征集仅限")


def test_another_departments_staff_are_refused(people):
    consultation = opened(people)
    item = comment(consultation)
    client = login(people.stranger)
    assert TITLE not in page(client.get(STAFF))
    assert_forbidden(client.get(staff_url(consultation)), "无权查看此意见征集")
    response = client.post(staff_url(consultation, "moderate", item), {"show": "yes"})
    assert response.status_code == 403
    assert fresh(item).status == CommentStatus.PENDING


def test_the_editor_opens_a_consultation_and_bad_input_keeps_the_text(people):
    client = login(people.editor)
    with at(WRITTEN):
        response = client.post(
            STAFF, new_post(department=people.department.pk, closes_on="2025-12-01")
        )
        assert response.status_code == 200
        assert "不能少于 30 日" in field_errors(response, "new_closes_on")
        assert textarea(response, "explanation") == "起草说明。"
        assert not Consultation.objects.exists()
        response = client.post(STAFF, new_post(department=people.department.pk))
    consultation = Consultation.objects.get()
    assert response["Location"] == staff_url(consultation)
    assert consultation.state == State.DRAFT and consultation.created_by == people.editor


def test_the_editor_edits_and_publishes_the_draft(people):
    consultation = draft(people)
    client = login(people.editor)
    with at(WRITTEN):
        body = page(client.get(staff_url(consultation)))
        assert "发布意见征集" in body and "保存修改" in body
        response = client.post(staff_url(consultation, "edit"), new_post(title=""))
        assert "请填写标题" in field_errors(response, "edit_title")
        response = client.post(staff_url(consultation, "edit"), new_post(title="改后的标题"))
        assert response.status_code == 302
        response = client.post(staff_url(consultation, "publish"))
        assert response.status_code == 302
    consultation = fresh(consultation)
    assert consultation.title == "改后的标题" and consultation.state == State.OPEN


def test_publishing_too_late_is_refused_on_the_page(people):
    consultation = draft(people)
    with at("2025-11-05 09:00"):
        response = login(people.editor).post(staff_url(consultation, "publish"))
    assert response.status_code == 200
    assert "已过，请修改征集期限后再发布" in page(response)
    assert fresh(consultation).state == State.DRAFT


def test_the_moderator_sees_waiting_comments_and_moderates_them(people):
    consultation = opened(people)
    item = comment(consultation, body=PHONE_COMMENT)
    hidden = draft(people, title="另一个草稿")
    with at(DURING):
        client = login(people.moderator)
        listing = page(client.get(STAFF))
        assert TITLE in listing and hidden.title not in listing
        assert client.get(staff_url(hidden)).status_code == 403
        body = page(client.get(staff_url(consultation)))
        assert "含个人信息" in body and "公开此意见" in body and "保存修改" not in body
        response = client.post(staff_url(consultation, "moderate", item), {"show": "maybe"})
        assert response.status_code == 200 and "请从列表中选择" in page(response)
        response = client.post(staff_url(consultation, "moderate", item), {"show": "yes"})
    assert response["Location"] == staff_url(consultation) + f"#comment-{item.pk}"
    assert fresh(item).status == CommentStatus.SHOWN


def test_the_editor_answers_each_comment_and_publishes_the_report(people, county):
    consultation = opened(people)
    item = comment(consultation)
    with at(AFTER):
        client = login(people.editor)
        response = client.post(staff_url(consultation, "report"), {"feedback": "说明。"})
        assert "1 条意见未审核" in field_errors(response, "report_feedback")
        assert textarea(response, "feedback") == "说明。"
        client.post(staff_url(consultation, "moderate", item), {"show": "no"})
        response = client.post(
            staff_url(consultation, "respond", item), {"adopted": "", "response": "理由"}
        )
        assert "请选择是否采纳" in field_errors(response, f"respond{item.pk}_adopted")
        response = client.post(staff_url(consultation, "report"), {"feedback": "说明。"})
        assert "未填写采纳情况" in field_errors(response, "report_feedback")
        client.post(
            staff_url(consultation, "respond", item), {"adopted": "no", "response": "已有规定。"}
        )
        response = client.post(staff_url(consultation, "report"), {"feedback": "说明。"})
        assert response.status_code == 302
        assert fresh(consultation).state == State.REPORTED
        response = client.post(staff_url(consultation, "final"), {"index_number": "nope"})
        assert "找不到索引号" in field_errors(response, "final_index_number")
        published_policy(county)
        response = client.post(staff_url(consultation, "final"), {"index_number": POLICY_INDEX})
        assert response.status_code == 302
    assert fresh(consultation).final_index_number == POLICY_INDEX
    assert fresh(item).adopted is False


def test_a_get_of_a_step_address_goes_to_the_page(people):
    consultation = opened(people)
    item = comment(consultation)
    client = login(people.editor)
    response = client.get(staff_url(consultation, "respond", item))
    assert response.status_code == 302
    assert response["Location"] == staff_url(consultation) + f"#comment-{item.pk}"
    response = client.get(staff_url(consultation, "publish"))
    assert response["Location"] == staff_url(consultation)


def test_the_staff_list_reads_a_fixed_number_of_queries(people):
    opened(people)
    client = login(people.editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(STAFF).status_code == 200
        return len(captured)

    queries()
    one = queries()
    for n in range(3):
        comment(opened(people, title=f"征集 {n}"))
    assert queries() == one


def test_the_opening_date_is_kept_when_the_period_is_refused(people):
    client = login(people.editor)
    with at(WRITTEN):
        response = client.post(
            STAFF, new_post(department=people.department.pk, opens_on=str(OPENS), closes_on="")
        )
    assert "请填写截止日期" in field_errors(response, "new_closes_on")
    assert 'value="2025-11-03"' in page(response)
