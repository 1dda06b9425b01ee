"""The message board's pages, through HTTP: the public board, writing and reporting a post
(rate limits, CSRF, bad input), and the moderators' queue and blocked words (who may, what a
refusal shows)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.letters.actions import board as actions
from gongkai.letters.models import BlockedWord, Post, PostReport
from gongkai.letters.rules import PostStatus
from tests.letters_board_data import (
    MASKED_PHONE,
    MODERATOR,
    PHONE,
    hidden_post,
    make_moderator,
    pending_post,
    published_post,
)
from tests.pages import assert_forbidden, assert_login_required, field_errors, page, textarea

pytestmark = pytest.mark.django_db

BOARD = "/hudong/board/"
WRITE = "/hudong/board/write/"
QUEUE = "/workbench/letters/board/moderation/"
WORDS = "/workbench/letters/board/blocked-words/"


@pytest.fixture
def moderator(county):
    user = make_moderator()
    county.user[MODERATOR] = user
    return user


def later(seconds: int):
    return time_machine.travel(datetime.now(UTC) + timedelta(seconds=seconds), tick=False)


def write(client, address: str = "127.0.0.1", **overrides):
    data = {"author_name": "热心市民", "title": "路灯坏了", "body": "人民路的路灯不亮。"}
    return client.post(WRITE, {**data, **overrides}, REMOTE_ADDR=address)


def report(client, post, reason="广告", **extra):
    return client.post(f"/hudong/board/{post.pk}/report/", {"reason": reason}, **extra)


# ---------------------------------------------------------------- the public board


def test_the_board_shows_published_posts_masked_newest_first(client, moderator):
    older = published_post(moderator, title="第一条", body=f"请回电{PHONE}")
    published_post(moderator, title="第二条")
    pending_post(title="未审核的")
    response = client.get(BOARD)
    html = page(response)
    assert response.status_code == 200
    assert html.index("第二条") < html.index("第一条")
    assert "未审核的" not in html
    assert MASKED_PHONE in html and PHONE not in html
    assert f'action="/hudong/board/{older.pk}/report/"' in html  # each with its 举报 form
    assert f'href="{WRITE}"' in html
    detail = page(client.get(f"/hudong/board/{older.pk}/"))
    assert MASKED_PHONE in detail and PHONE not in detail


def test_the_board_reads_the_same_number_of_queries_however_many_posts(
    client, moderator, django_assert_num_queries
):
    published_post(moderator)
    client.get(BOARD)
    with CaptureQueriesContext(connection) as one:
        client.get(BOARD)
    for n in range(10):
        published_post(moderator, title=f"留言{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(BOARD)


def test_the_board_is_paged(client, moderator):
    for n in range(21):
        published_post(moderator, title=f"留言第{n}号")
    assert "留言第0号" not in page(client.get(BOARD))
    assert "留言第0号" in page(client.get(BOARD + "?page=2"))


def test_hidden_and_rejected_posts_are_not_shown(client, moderator):
    hidden = hidden_post(moderator)
    assert client.get(f"/hudong/board/{hidden.pk}/").status_code == 404
    assert hidden.title not in page(client.get(BOARD))


# ---------------------------------------------------------------- writing


def test_a_written_post_waits_for_review(client, db):
    assert client.get(WRITE).status_code == 200
    response = write(client)
    assert response.status_code == 302 and response["Location"] == BOARD
    assert "审核通过后将在留言板公开" in page(client.get(BOARD))
    post = Post.objects.get()
    assert (post.title, post.status) == ("路灯坏了", PostStatus.PENDING)
    assert "路灯坏了" not in page(client.get(BOARD))


def test_bad_input_is_shown_next_to_the_field_and_kept(client, db):
    response = write(client, title="", body="我写的内容")
    assert response.status_code == 200
    assert "请填写标题。" in field_errors(response, "title")
    assert textarea(response, "body") == "我写的内容"
    assert not Post.objects.exists()


def test_writing_refuses_other_methods_and_a_missing_csrf_token(db):
    assert Client().put(WRITE).status_code == 405
    response = write(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_posts_are_limited_per_address(client, db):
    for n in range(5):
        assert write(client, title=f"第{n}条").status_code == 302
    response = write(client)
    assert response.status_code == 429
    assert "您提交留言的次数过多" in page(response)
    assert Post.objects.count() == 5
    assert write(client, address="10.1.2.3").status_code == 302
    with later(3700):
        assert write(client).status_code == 302


def test_mistakes_do_not_use_up_the_posts(client, db):
    for _n in range(6):
        assert write(client, body="").status_code == 200
    assert write(client).status_code == 302


# ---------------------------------------------------------------- reporting


def test_reports_from_three_visitors_hide_a_post(client, moderator):
    post = published_post(moderator)
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.2"):
        response = report(client, post, REMOTE_ADDR=address)
        assert response.status_code == 302 and response["Location"] == BOARD
    post.refresh_from_db()
    assert (post.status, post.reports) == (PostStatus.PUBLISHED, 2)
    report(client, post, REMOTE_ADDR="10.0.0.3")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert post.title not in page(client.get(BOARD))


def test_a_reporter_is_known_by_a_keyed_hash_never_by_the_address(client, moderator):
    post = published_post(moderator)
    report(client, post, REMOTE_ADDR="10.9.8.7")
    row = PostReport.objects.get()
    assert "10.9.8.7" not in row.reporter_hash and len(row.reporter_hash) == 64
    # One IPv6 subscriber (a /64) is one visitor, as the rate limits count.
    other = published_post(moderator, title="另一条")
    report(client, other, REMOTE_ADDR="2001:db8::1")
    report(client, other, REMOTE_ADDR="2001:db8::2")
    assert PostReport.objects.filter(post=other).count() == 1


def test_a_report_without_a_reason_is_refused_next_to_the_field(client, moderator):
    post = published_post(moderator)
    response = report(client, post, reason="")
    assert response.status_code == 200
    assert "请填写举报理由。" in field_errors(response, f"report{post.pk}_reason")
    assert not PostReport.objects.exists()


def test_reporting_takes_only_a_post_of_a_published_post(client, moderator):
    post = published_post(moderator)
    assert client.get(f"/hudong/board/{post.pk}/report/").status_code == 405
    assert report(client, pending_post()).status_code == 404
    assert report(Client(enforce_csrf_checks=True), post).status_code == 403
    assert not PostReport.objects.exists()


def test_reports_are_limited_per_address(client, moderator, settings):
    settings.LETTERS_REPORTS_TO_HIDE = 100
    posts = [published_post(moderator, title=f"第{n}条") for n in range(21)]
    for post in posts[:20]:
        assert report(client, post).status_code == 302
    response = report(client, posts[20])
    assert response.status_code == 429
    assert "您举报的次数过多" in page(response)
    assert PostReport.objects.count() == 20


# ---------------------------------------------------------------- the moderation queue


def test_the_queue_is_for_moderators(client, staff_client, moderator):
    assert_login_required(client.get(QUEUE), QUEUE)
    post = pending_post()
    editor = staff_client("editor")
    assert_forbidden(editor.get(QUEUE), "留言审核仅限留言审核人员")
    response = editor.post(f"{QUEUE}{post.pk}/moderate/", {"decision": "publish"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_a_moderator_sees_the_flags_and_publishes(staff_client, moderator):
    actions.add_blocked_word(actor=moderator, word="发票")
    post = pending_post(title="代开发票")
    client = staff_client(MODERATOR)
    queue = page(client.get(QUEUE))
    assert "含关键词：发票" in queue and "代开发票" in queue
    response = client.post(f"{QUEUE}{post.pk}/moderate/", {"decision": "publish", "note": ""})
    assert response.status_code == 302 and response["Location"] == QUEUE
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.moderated_by == moderator
    assert client.get(f"{QUEUE}{post.pk}/moderate/")["Location"] == QUEUE  # GET: the queue


def test_a_rejection_without_a_note_shows_the_error_next_to_it(staff_client, moderator):
    post = pending_post()
    client = staff_client(MODERATOR)
    response = client.post(f"{QUEUE}{post.pk}/moderate/", {"decision": "reject", "note": ""})
    assert response.status_code == 200
    assert "请填写不予通过的理由。" in field_errors(response, f"post{post.pk}_note")
    bad = client.post(f"{QUEUE}{post.pk}/moderate/", {"decision": "maybe"})
    assert bad.status_code == 200 and "请选择审核结果。" in page(bad)
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_a_moderator_restores_a_hidden_post(staff_client, moderator):
    post = hidden_post(moderator)
    client = staff_client(MODERATOR)
    assert "广告" in page(client.get(QUEUE))  # the reports' reasons
    response = client.post(f"{QUEUE}{post.pk}/review/", {"decision": "restore", "note": ""})
    assert "请填写复核意见。" in field_errors(response, f"post{post.pk}_note")
    response = client.post(f"{QUEUE}{post.pk}/review/", {"decision": "restore", "note": "不成立"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    # Reviewed already: a second decision is refused with a message, not a 500.
    again = client.post(f"{QUEUE}{post.pk}/review/", {"decision": "remove", "note": "成立"})
    assert again.status_code == 302
    assert "不在待复核状态" in page(client.get(QUEUE))


# ---------------------------------------------------------------- blocked words


def test_the_blocked_words_are_for_moderators_and_the_administrator(staff_client, moderator):
    assert_forbidden(staff_client("editor").get(WORDS), "关键词由留言审核人员和系统管理员维护")
    admin = staff_client("admin")
    assert admin.get(WORDS).status_code == 200
    assert admin.post(WORDS, {"word": "赌博"}).status_code == 302
    assert BlockedWord.objects.get().added_by.username == "admin"


def test_a_moderator_adds_and_removes_a_word(staff_client, moderator):
    client = staff_client(MODERATOR)
    assert client.post(WORDS, {"word": " 刷单 "}).status_code == 302
    assert "刷单" in page(client.get(WORDS))
    duplicate = client.post(WORDS, {"word": "刷单"})
    assert "已在列表中" in field_errors(duplicate, "word")
    empty = client.post(WORDS, {"word": ""})
    assert "请填写关键词。" in field_errors(empty, "word")
    assert client.post(WORDS + "remove/", {"word": "刷单"}).status_code == 302
    assert not BlockedWord.objects.exists()
    gone = client.post(WORDS + "remove/", {"word": "刷单"}, follow=True)
    assert "不在列表中" in page(gone)


def test_a_moderators_inbox_lists_the_waiting_and_the_hidden_posts(staff_client, moderator):
    pending_post()
    hidden_post(moderator)
    inbox = page(staff_client(MODERATOR).get("/workbench/"))
    assert "1 条留言待审核" in inbox and "1 条留言因举报隐藏，待复核" in inbox
    assert f'href="{QUEUE}"' in inbox


def test_nobody_else_sees_the_board_in_their_inbox(staff_client, moderator):
    pending_post()
    assert "条留言待审核" not in page(staff_client("editor").get("/workbench/"))
