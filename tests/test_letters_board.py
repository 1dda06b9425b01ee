"""The message board's rules, through its actions: nothing shows before moderation, blocked
words and personal data flag a post, publishing masks, reports hide a post until a moderator
reviews it again, and every decision is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.letters import actions as letters_actions
from gongkai.letters.actions import board as actions
from gongkai.letters.apps import PAGE_VERSION
from gongkai.letters.models import BlockedWord, Post, PostReport
from gongkai.letters.rules import PostStatus
from tests.letters_board_data import (
    MASKED_PHONE,
    PHONE,
    RESIDENT_ID,
    hidden_post,
    make_moderator,
    pending_post,
    published_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(county):
    return make_moderator()


def events(action: str, post: Post | None = None):
    rows = AuditEvent.objects.filter(action=action)
    if post is not None:
        rows = rows.filter(object_type="letters.post", object_id=str(post.pk))
    return rows


# ---------------------------------------------------------------- submitting


def test_a_post_waits_for_moderation_and_is_not_public(client, moderator):
    post = pending_post(title="春耕补贴何时发放")
    assert post.status == PostStatus.PENDING
    assert post.body_public == post.title_public == ""
    assert "春耕补贴何时发放" not in client.get("/hudong/board/").content.decode()
    assert client.get(f"/hudong/board/{post.pk}/").status_code == 404
    actions.moderate_post(actor=moderator, post=post, publish=True)
    assert "春耕补贴何时发放" in client.get("/hudong/board/").content.decode()
    assert client.get(f"/hudong/board/{post.pk}/").status_code == 200


def test_a_clean_post_carries_no_flags(db):
    assert pending_post().flags == ""


def test_a_blocked_word_flags_a_post(moderator):
    actions.add_blocked_word(actor=moderator, word="代开发票")
    post = pending_post(body="专业代 开 发票，联系我")
    assert "含关键词：代开发票" in post.flags
    # Letter case does not hide a word either.
    actions.add_blocked_word(actor=moderator, word="VPN")
    assert "VPN" in pending_post(title="便宜vpn").flags


def test_an_id_number_flags_a_post(db):
    post = pending_post(body=f"我的身份证号是{RESIDENT_ID}，请帮忙查询。")
    assert post.flags == "含个人信息：身份证号码"


def test_a_post_needs_a_name_a_title_and_a_body(db):
    with pytest.raises(InvalidInput) as refused:
        actions.submit_post(author_name="市民", title="  ", body="内容")
    assert refused.value.field == "title"
    with pytest.raises(InvalidInput) as refused:
        actions.submit_post(author_name="市民", title="标题", body="字" * (actions.BODY_MAX + 1))
    assert refused.value.field == "body"
    assert not Post.objects.exists()


# ---------------------------------------------------------------- moderating


def test_publishing_masks_a_phone_in_the_title_the_name_and_the_body(moderator):
    post = actions.submit_post(
        author_name=f"张{PHONE}",
        title=f"请回电{PHONE}",
        body=f"我的电话{PHONE}，身份证{RESIDENT_ID}",
    )
    assert "手机号码" in post.flags
    post = actions.moderate_post(actor=moderator, post=post, publish=True)
    assert post.status == PostStatus.PUBLISHED
    assert post.published_at is not None and post.moderated_by == moderator
    for text in (post.author_public, post.title_public, post.body_public):
        assert PHONE not in text
    assert MASKED_PHONE in post.body_public and MASKED_PHONE in post.title_public
    assert RESIDENT_ID not in post.body_public
    assert post.body == f"我的电话{PHONE}，身份证{RESIDENT_ID}"  # kept as written, for staff


def test_a_rejection_needs_a_note(moderator):
    post = pending_post()
    with pytest.raises(InvalidInput) as refused:
        actions.moderate_post(actor=moderator, post=post, publish=False, note=" ")
    assert refused.value.field == "note"
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    post = actions.moderate_post(actor=moderator, post=post, publish=False, note="含广告")
    assert post.status == PostStatus.REJECTED and post.moderation_note == "含广告"


def test_a_post_is_moderated_once(moderator):
    post = published_post(moderator)
    with pytest.raises(InvalidTransition):
        actions.moderate_post(actor=moderator, post=post, publish=False, note="再审")


def test_only_a_moderator_moderates(county, moderator):
    post = pending_post()
    for someone in (county.user["editor"], county.user["admin"], None):
        with pytest.raises(PermissionDenied):
            actions.moderate_post(actor=someone, post=post, publish=True)
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_publishing_moves_the_public_pages_version(moderator, django_capture_on_commit_callbacks):
    post = pending_post()
    before = pagecache.stored_version(PAGE_VERSION)
    with django_capture_on_commit_callbacks(execute=True):
        actions.moderate_post(actor=moderator, post=post, publish=True)
    assert pagecache.stored_version(PAGE_VERSION) != before


# ---------------------------------------------------------------- reports


def test_reports_hide_a_post_and_a_moderator_restores_it(moderator, settings):
    assert settings.LETTERS_REPORTS_TO_HIDE == 3
    post = published_post(moderator)
    post = actions.report_post(post=post, reason="广告", reporter_hash="a")
    # The same visitor reporting again counts once.
    post = actions.report_post(post=post, reason="还是广告", reporter_hash="a")
    post = actions.report_post(post=post, reason="广告", reporter_hash="b")
    assert (post.status, post.reports) == (PostStatus.PUBLISHED, 2)
    assert PostReport.objects.filter(post=post).count() == 2
    post = actions.report_post(post=post, reason="低俗", reporter_hash="c")
    assert (post.status, post.reports) == (PostStatus.HIDDEN, 3)

    post = actions.review_hidden(actor=moderator, post=post, restore=True, note="举报不成立")
    assert (post.status, post.reports) == (PostStatus.PUBLISHED, 0)
    # Those who reported it keep their one report; new visitors count afresh.
    post = actions.report_post(post=post, reason="广告", reporter_hash="a")
    post = actions.report_post(post=post, reason="广告", reporter_hash="d")
    assert (post.status, post.reports) == (PostStatus.PUBLISHED, 1)


def test_the_number_of_reports_that_hide_a_post_is_a_setting(moderator, settings):
    settings.LETTERS_REPORTS_TO_HIDE = 1
    post = published_post(moderator)
    post = actions.report_post(post=post, reason="广告", reporter_hash="a")
    assert post.status == PostStatus.HIDDEN


def test_a_moderator_takes_a_hidden_post_down_with_a_reason(moderator):
    post = hidden_post(moderator)
    with pytest.raises(InvalidInput) as refused:
        actions.review_hidden(actor=moderator, post=post, restore=False, note="")
    assert refused.value.field == "note"
    post = actions.review_hidden(actor=moderator, post=post, restore=False, note="确系广告")
    assert post.status == PostStatus.REJECTED
    with pytest.raises(InvalidTransition):
        actions.review_hidden(actor=moderator, post=post, restore=True, note="再看")


def test_only_published_posts_are_reported(moderator):
    post = pending_post()
    with pytest.raises(InvalidTransition):
        actions.report_post(post=post, reason="广告", reporter_hash="a")
    with pytest.raises(InvalidInput) as refused:
        actions.report_post(post=published_post(moderator), reason="", reporter_hash="a")
    assert refused.value.field == "reason"
    assert not PostReport.objects.exists()


# ---------------------------------------------------------------- blocked words


def test_the_blocked_words_are_kept_by_moderators_and_the_administrator(county, moderator):
    actions.add_blocked_word(actor=county.user["admin"], word="赌博")
    with pytest.raises(InvalidInput) as refused:
        actions.add_blocked_word(actor=moderator, word="赌博")
    assert refused.value.field == "word"
    with pytest.raises(PermissionDenied):
        actions.add_blocked_word(actor=county.user["editor"], word="诈骗")
    with pytest.raises(PermissionDenied):
        actions.remove_blocked_word(actor=county.user["editor"], word="赌博")
    actions.remove_blocked_word(actor=moderator, word="赌博")
    assert not BlockedWord.objects.exists()
    with pytest.raises(InvalidTransition):
        actions.remove_blocked_word(actor=moderator, word="赌博")


# ---------------------------------------------------------------- the audit trail


def test_every_moderation_decision_is_audited(county, moderator):
    published = published_post(moderator)
    rejected = actions.moderate_post(
        actor=moderator, post=pending_post(), publish=False, note="重复"
    )
    restored = hidden_post(moderator)
    actions.review_hidden(actor=moderator, post=restored, restore=True, note="不成立")
    removed = hidden_post(moderator)
    actions.review_hidden(actor=moderator, post=removed, restore=False, note="成立")
    actions.add_blocked_word(actor=moderator, word="刷单")
    actions.remove_blocked_word(actor=moderator, word="刷单")

    for action, post in [
        ("letters.board.publish", published),
        ("letters.board.reject", rejected),
        ("letters.board.restore", restored),
        ("letters.board.remove", removed),
    ]:
        event = events(action, post).get()
        assert event.actor_id == moderator.pk, action
    assert events("letters.board.reject", rejected).get().data["note"] == "重复"
    assert events("letters.board.remove", removed).get().data["note"] == "成立"
    # The hiding: the third report, by a visitor, says the post was hidden.
    assert events("letters.board.report", removed).filter(data__hidden=True).count() == 1
    assert events("letters.board.submit", published).get().actor_label == "visitor"
    for action in ("letters.board.word_add", "letters.board.word_remove"):
        assert events(action).get().data == {"word": "刷单"}


def test_the_board_actions_are_reexported_with_the_letters_actions():
    assert letters_actions.submit_post is actions.submit_post
    assert letters_actions.review_hidden is actions.review_hidden
