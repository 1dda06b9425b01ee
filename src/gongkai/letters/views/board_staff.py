"""The message board in the workbench: the moderation queue (posts waiting, with what was
flagged; posts hidden by reports, with the reports) and the blocked words.

Moderation is the MODERATOR's alone; the blocked words are kept by the moderators and the
system administrator. Each decision's form posts to its own address; a refusal shows the page
again with the message next to the field and the text kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.letters.actions import board as actions
from gongkai.letters.forms_board import BlockedWordForm, ModerateForm, ReviewForm
from gongkai.letters.models import BlockedWord, Post, PostReport
from gongkai.letters.permissions import can_keep_blocked_words, can_moderate
from gongkai.letters.rules import PostStatus

QUEUE_SIZE = 50  # posts shown at once in each list; the rest follow as these are decided


def moderation_url() -> str:
    return reverse("letters:staff:moderation")


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("留言审核仅限留言审核人员。"))


def _moderate_form(post: Post, data=None) -> ModerateForm:
    return ModerateForm(data, auto_id=f"id_post{post.pk}_%s")


def _review_form(post: Post, data=None) -> ReviewForm:
    return ReviewForm(data, auto_id=f"id_post{post.pk}_%s")


def moderation_page(request, *, bound: dict | None = None, status: int = 200):
    """The queue; `bound` holds a post's form posted back with errors, by the post's id."""
    bound = bound or {}
    pending = Post.objects.filter(status=PostStatus.PENDING).order_by("submitted_at", "pk")
    reports = PostReport.objects.order_by("at", "pk")
    hidden = (
        Post.objects.filter(status=PostStatus.HIDDEN)
        .prefetch_related(Prefetch("report_rows", queryset=reports))
        .order_by("pk")
    )
    return render(
        request,
        "letters/staff/moderation.html",
        {
            "pending": [
                (post, bound.get(post.pk) or _moderate_form(post)) for post in pending[:QUEUE_SIZE]
            ],
            "pending_count": pending.count(),
            "hidden": [
                (post, bound.get(post.pk) or _review_form(post)) for post in hidden[:QUEUE_SIZE]
            ],
            "hidden_count": hidden.count(),
            "keeps_words": can_keep_blocked_words(request.user),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def moderation(request):
    """留言审核: the posts waiting for a decision and the hidden posts to review again."""
    _require_moderator(request.user)
    return moderation_page(request)


def _restore(make_form):
    """The queue with a post's form holding what was typed before the session ended."""

    def restore(request, data, pk: int):
        _require_moderator(request.user)
        post = get_object_or_404(Post, pk=pk)
        return moderation_page(request, bound={post.pk: make_form(post, data)})

    return restore


def _decide(request, pk: int, make_form, act, done: str):
    _require_moderator(request.user)
    post = get_object_or_404(Post, pk=pk)
    form = make_form(post, request.POST)
    if form.is_valid():
        try:
            with errors_into(form):
                act(post, form.cleaned_data)
        except InvalidTransition as exc:  # decided meanwhile, by someone else
            messages.error(request, str(exc))
            return redirect(moderation_url())
        if not form.errors:
            messages.success(request, done)
            return redirect(moderation_url())
    return moderation_page(request, bound={post.pk: form})


@staff_required
@action_view(lambda pk: moderation_url(), restore=_restore(_moderate_form))
def moderate(request, pk: int):
    """发布 or 不予通过 a waiting post."""

    def act(post, data):
        actions.moderate_post(
            actor=request.user,
            post=post,
            publish=data["decision"] == "publish",
            note=data["note"],
        )

    publish = request.POST.get("decision") == "publish"
    done = _("留言已发布。") if publish else _("已不予通过。")
    return _decide(request, pk, _moderate_form, act, done)


@staff_required
@action_view(lambda pk: moderation_url(), restore=_restore(_review_form))
def review(request, pk: int):
    """恢复显示 or 下架 a post hidden by reports."""

    def act(post, data):
        actions.review_hidden(
            actor=request.user,
            post=post,
            restore=data["decision"] == "restore",
            note=data["note"],
        )

    restore = request.POST.get("decision") == "restore"
    done = _("留言已恢复显示。") if restore else _("留言已下架。")
    return _decide(request, pk, _review_form, act, done)


# ---------------------------------------------------------------- blocked words


def _require_word_keeper(user) -> None:
    if not can_keep_blocked_words(user):
        raise PermissionDenied(_("关键词由留言审核人员和系统管理员维护。"))


def _words_page(request, form: BlockedWordForm | None = None):
    return render(
        request,
        "letters/staff/blocked_words.html",
        {
            "words": BlockedWord.objects.select_related("added_by"),
            "form": form or BlockedWordForm(),
            "moderates": can_moderate(request.user),
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def blocked_words(request):
    """关键词: the list, the form to add one, a remove button on each."""
    _require_word_keeper(request.user)
    if request.method != "POST":
        return _words_page(request)
    form = BlockedWordForm(request.POST)
    if form.is_valid():
        with errors_into(form):
            blocked = actions.add_blocked_word(actor=request.user, word=form.cleaned_data["word"])
        if not form.errors:
            messages.success(request, _("已添加关键词“%(word)s”。") % {"word": blocked.word})
            return redirect("letters:staff:blocked_words")
    return _words_page(request, form)


@staff_required
@action_view(lambda: reverse("letters:staff:blocked_words"))
def blocked_word_remove(request):
    _require_word_keeper(request.user)
    word = request.POST.get("word", "")
    try:
        actions.remove_blocked_word(actor=request.user, word=word)
    except InvalidTransition as exc:  # removed meanwhile
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已删除关键词“%(word)s”。") % {"word": word.strip()})
    return redirect("letters:staff:blocked_words")
