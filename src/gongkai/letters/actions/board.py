"""The message board (留言板): a visitor's post waits for a moderator, who publishes it with
personal information masked or rejects it with a note; visitors report a published post, and
LETTERS_REPORTS_TO_HIDE reports hide it until a moderator reviews it again. The moderators and
the system administrator keep the blocked words that flag a post for the moderator.

Every decision is audited; every change of what the public sees moves the page cache's
version. A post's text stays out of the audit trail (it may hold what its writer should not
have typed); the events say who decided what, and why.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, pagecache, pii
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.letters.apps import PAGE_VERSION
from gongkai.letters.models import BlockedWord, Post, PostReport
from gongkai.letters.permissions import can_keep_blocked_words, can_moderate
from gongkai.letters.rules import PostStatus

AUTHOR_MAX = 30
TITLE_MAX = 100
BODY_MAX = 2000
NOTE_MAX = 300
REASON_MAX = 200
WORD_MAX = 50
FLAGS_MAX = 300  # Post.flags


def _text(value: str, field: str, missing: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(missing, field)
    if len(value) > limit:
        raise InvalidInput(
            _("不能超过 %(n)d 个字（现有 %(count)d 个字）。") % {"n": limit, "count": len(value)},
            field,
        )
    return value


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


def _require_moderator(actor) -> None:
    if not can_moderate(actor):
        raise PermissionDenied(_("只有留言审核人员可以审核留言。"))


def _require_status(post: Post, status: str, message: str) -> None:
    if post.status != status:
        raise InvalidTransition(message)


# ---------------------------------------------------------------- flags


def blocked_words_in(*texts: str) -> list[str]:
    """The blocked words found in `texts` (letter case ignored; spaces slipped between the
    characters of a word do not hide it)."""
    joined = "\n".join(texts).casefold()
    squeezed = "".join(joined.split())
    return [
        word
        for word in BlockedWord.objects.values_list("word", flat=True)
        if word.casefold() in joined or "".join(word.casefold().split()) in squeezed
    ]


def flags_for(*texts: str) -> str:
    """What the moderator is told about a text: the blocked words and the kinds of personal
    information found in it ("" when nothing)."""
    parts = []
    words = blocked_words_in(*texts)
    if words:
        parts.append(_("含关键词：%(words)s") % {"words": "、".join(words)})
    kinds = []
    for finding in pii.scan("\n".join(texts)):
        if str(finding.label) not in kinds:
            kinds.append(str(finding.label))
    if kinds:
        parts.append(_("含个人信息：%(kinds)s") % {"kinds": "、".join(kinds)})
    flags = "；".join(parts)
    return flags if len(flags) <= FLAGS_MAX else flags[: FLAGS_MAX - 1] + "…"


def _public(text: str) -> str:
    """`text` with its personal information masked, checked again after masking."""
    masked = pii.mask(text)
    # Never trust the masking without checking its result.
    if pii.scan(masked):
        raise InvalidTransition(_("留言中的个人信息未能全部遮盖，不能发布，请不予通过。"))
    return masked


# ---------------------------------------------------------------- posts


@transaction.atomic
def submit_post(*, author_name: str, title: str, body: str) -> Post:
    """写留言: a visitor's post, held for moderation, with what the moderator should look at."""
    author_name = _text(author_name, "author_name", _("请填写昵称。"), AUTHOR_MAX)
    title = _text(title, "title", _("请填写标题。"), TITLE_MAX)
    body = _text(body, "body", _("请填写留言内容。"), BODY_MAX)
    post = Post.objects.create(
        author_name=author_name,
        title=title,
        body=body,
        submitted_at=timezone.now(),
        status=PostStatus.PENDING,
        flags=flags_for(author_name, title, body),
    )
    audit.record(
        "letters.board.submit",
        obj=post,
        actor_label="visitor",
        data={"flagged": bool(post.flags)},
    )
    return post


@transaction.atomic
def moderate_post(*, actor, post: Post, publish: bool, note: str = "") -> Post:
    """审核: publish a waiting post (personal information masked) or reject it with a note."""
    _require_moderator(actor)
    post = _lock(post)
    _require_status(post, PostStatus.PENDING, _("这条留言已经审核过了。"))
    note = (note or "").strip()
    if not publish and not note:
        raise InvalidInput(_("请填写不予通过的理由。"), "note")
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("审核意见不能超过 %(n)d 个字。") % {"n": NOTE_MAX}, "note")
    now = timezone.now()
    fields = ["status", "moderated_by", "moderated_at", "moderation_note"]
    if publish:
        post.author_public = _public(post.author_name)
        post.title_public = _public(post.title)
        post.body_public = _public(post.body)
        post.published_at = now
        post.status = PostStatus.PUBLISHED
        fields += ["author_public", "title_public", "body_public", "published_at"]
    else:
        post.status = PostStatus.REJECTED
    post.moderated_by, post.moderated_at, post.moderation_note = actor, now, note
    post.save(update_fields=fields)
    audit.record(
        "letters.board.publish" if publish else "letters.board.reject",
        actor=actor,
        obj=post,
        data={"note": note, "flags": post.flags},
    )
    if publish:
        pagecache.change_version(PAGE_VERSION)
    return post


@transaction.atomic
def report_post(*, post: Post, reason: str, reporter_hash: str) -> Post:
    """举报: one report per visitor and post; enough reports since the last review hide a
    published post until a moderator reviews it again. A repeated report changes nothing."""
    reason = _text(reason, "reason", _("请填写举报理由。"), REASON_MAX)
    if not reporter_hash:
        raise InvalidInput(_("无法识别举报人，请稍后再试。"), "reason")
    post = _lock(post)
    if post.status == PostStatus.HIDDEN:
        return post  # already waiting for its review: nothing more to count
    _require_status(post, PostStatus.PUBLISHED, _("这条留言当前不能举报。"))
    if PostReport.objects.filter(post=post, reporter_hash=reporter_hash).exists():
        return post
    PostReport.objects.create(
        post=post, reason=reason, reporter_hash=reporter_hash, at=timezone.now()
    )
    post.reports += 1
    fields = ["reports"]
    hide = post.reports >= settings.LETTERS_REPORTS_TO_HIDE
    if hide:
        post.status = PostStatus.HIDDEN
        fields.append("status")
    post.save(update_fields=fields)
    audit.record(
        "letters.board.report",
        obj=post,
        actor_label="visitor",
        data={"reports": post.reports, "hidden": hide},
    )
    if hide:
        pagecache.change_version(PAGE_VERSION)
    return post


@transaction.atomic
def review_hidden(*, actor, post: Post, restore: bool, note: str) -> Post:
    """复核: a post hidden by reports is shown again (the reports counted afresh) or taken
    down for good, with the moderator's reason."""
    _require_moderator(actor)
    post = _lock(post)
    _require_status(post, PostStatus.HIDDEN, _("这条留言不在待复核状态。"))
    note = _text(note, "note", _("请填写复核意见。"), NOTE_MAX)
    post.status = PostStatus.PUBLISHED if restore else PostStatus.REJECTED
    # The visitors who reported it keep their one report; only new ones count towards hiding.
    post.reports = 0
    post.moderated_by, post.moderated_at, post.moderation_note = actor, timezone.now(), note
    post.save(
        update_fields=["status", "reports", "moderated_by", "moderated_at", "moderation_note"]
    )
    audit.record(
        "letters.board.restore" if restore else "letters.board.remove",
        actor=actor,
        obj=post,
        data={"note": note},
    )
    pagecache.change_version(PAGE_VERSION)
    return post


# ---------------------------------------------------------------- blocked words


def _require_word_keeper(actor) -> None:
    if not can_keep_blocked_words(actor):
        raise PermissionDenied(_("只有留言审核人员和系统管理员可以维护关键词。"))


@transaction.atomic
def add_blocked_word(*, actor, word: str) -> BlockedWord:
    """A word that flags a post for the moderator from now on."""
    _require_word_keeper(actor)
    word = _text(word, "word", _("请填写关键词。"), WORD_MAX)
    if BlockedWord.objects.filter(word__iexact=word).exists():
        raise InvalidInput(_("关键词“%(word)s”已在列表中。") % {"word": word}, "word")
    blocked = BlockedWord.objects.create(word=word, added_by=actor, added_at=timezone.now())
    audit.record("letters.board.word_add", actor=actor, obj=blocked, data={"word": word})
    return blocked


@transaction.atomic
def remove_blocked_word(*, actor, word: str) -> None:
    """A blocked word taken off the list."""
    _require_word_keeper(actor)
    blocked = BlockedWord.objects.select_for_update().filter(word=(word or "").strip()).first()
    if blocked is None:
        raise InvalidTransition(_("关键词“%(word)s”不在列表中。") % {"word": word})
    audit.record("letters.board.word_remove", actor=actor, obj=blocked, data={"word": blocked.word})
    blocked.delete()
