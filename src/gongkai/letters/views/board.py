"""The message board (留言板) on the portal: the published posts, newest first, each with its
report form; one post's page; the form to write a post, which waits for moderation.

Both forms are limited per client address (core.ratelimits). A report is counted once per
visitor and post: the visitor is known by a keyed hash of the address the rate limits count
(the secret key keeps it from being reversed by trying every address), never the address.
The pages hold forms with a CSRF token, so the page cache never keeps them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.ratelimits import client_key, limited, used_up
from gongkai.letters.actions import board as actions
from gongkai.letters.forms_board import PostForm, ReportForm
from gongkai.letters.models import Post
from gongkai.letters.rules import PostStatus

POSTS_PER_PAGE = 20
# Per client address: posts accepted, any posts of the form, reports.
SUBMIT_RATE = "5/h"
WRITE_POST_RATE = "30/h"
REPORT_RATE = "20/h"
REPORTER_SALT = "gongkai.letters.board.reporter"


def reporter_hash(request) -> str:
    """Who reports, as the board counts reports: one visitor per client address (an IPv6
    /64), hashed with the site's secret key."""
    return salted_hmac(REPORTER_SALT, client_key(None, request), algorithm="sha256").hexdigest()


def report_form(post: Post, data=None) -> ReportForm:
    return ReportForm(data, auto_id=f"id_report{post.pk}_%s")


def _too_many(request, message: str, retry_after: int):
    response = render(request, "letters/board/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _published():
    return Post.objects.filter(status=PostStatus.PUBLISHED).order_by("-published_at", "-pk")


@never_cache
@require_safe
def board(request):
    """留言板: the published posts, newest first, masked, each with its 举报 form."""
    paginator = Paginator(_published(), POSTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "letters/board/board.html",
        {
            "posts": [(post, report_form(post)) for post in page.object_list],
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number)),
        },
    )


def _post_page(request, post: Post, form: ReportForm | None = None, status: int = 200):
    return render(
        request,
        "letters/board/post.html",
        {"post": post, "report_form": form or report_form(post)},
        status=status,
    )


@never_cache
@require_safe
def board_post(request, pk: int):
    """One published post."""
    post = _published().filter(pk=pk).first()
    if post is None:
        raise Http404(_("没有这条留言，或它尚未公开。"))
    return _post_page(request, post)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def board_write(request):
    """写留言: the post waits for a moderator before anyone sees it."""
    if request.method != "POST":
        return render(request, "letters/board/write.html", {"form": PostForm()})
    if limited(request, "letters.board.write", WRITE_POST_RATE, increment=True) or used_up(
        request, "letters.board.submit", SUBMIT_RATE
    ):
        return _too_many(request, _("您提交留言的次数过多，请一小时后再试。"), retry_after=3600)
    form = PostForm(request.POST)
    if form.is_valid():
        with errors_into(form):
            actions.submit_post(**form.cleaned_data)
        if not form.errors:
            limited(request, "letters.board.submit", SUBMIT_RATE, increment=True)
            messages.success(request, _("留言已提交。审核通过后将在留言板公开，请耐心等待。"))
            return redirect("letters:board")
    return render(request, "letters/board/write.html", {"form": form})


@never_cache
@require_POST
def board_report(request, pk: int):
    """举报 a published post; the same visitor's second report of it counts for nothing."""
    if limited(request, "letters.board.report", REPORT_RATE, increment=True):
        return _too_many(request, _("您举报的次数过多，请一小时后再试。"), retry_after=3600)
    post = Post.objects.filter(pk=pk, status__in=(PostStatus.PUBLISHED, PostStatus.HIDDEN)).first()
    if post is None:
        raise Http404(_("没有这条留言，或它尚未公开。"))
    form = report_form(post, request.POST)
    if form.is_valid():
        try:
            with errors_into(form):
                actions.report_post(
                    post=post,
                    reason=form.cleaned_data["reason"],
                    reporter_hash=reporter_hash(request),
                )
        except InvalidTransition as exc:  # moderated meanwhile
            messages.error(request, str(exc))
            return redirect("letters:board")
        if not form.errors:
            messages.success(request, _("已收到您的举报，审核人员将尽快核实。"))
            return redirect("letters:board")
    if post.status != PostStatus.PUBLISHED:
        raise Http404(_("没有这条留言，或它尚未公开。"))
    return _post_page(request, post, form)
