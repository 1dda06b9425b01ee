"""意见征集 on the portal: the consultations (open ones first, with their periods, then the
closed and reported ones), and one draft's page: the explanation, the draft, its file, the
period, the comments shown, the comment form while it is open and, once reported, the
feedback report (counts, each comment's adoption and reason) and the final policy by its 索引号.

Whether a consultation is open depends on the day, which no page cache version follows; and
the draft's page holds a form with a CSRF token: neither page is kept by the page cache.
The comment form is limited per client address (core.ratelimits).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core import pii, references
from gongkai.core.clock import today
from gongkai.core.downloads import serve_upload
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.ratelimits import limited, used_up
from gongkai.letters.actions import consultations as actions
from gongkai.letters.forms_consultations import CommentForm
from gongkai.letters.models import Consultation
from gongkai.letters.rules import CommentStatus

State = Consultation.State
Phase = actions.Phase
PER_PAGE = 20
# Per client address: comments taken, any posts of the form.
SUBMIT_RATE = "5/h"
POST_RATE = "30/h"
PUBLIC_STATES = (State.OPEN, State.REPORTED)


def _row(consultation: Consultation, on) -> dict:
    return {
        "consultation": consultation,
        "phase": actions.phase(consultation, on),
        "phase_label": actions.phase_label(consultation, on),
    }


@never_cache
@require_safe
def consultation_list(request):
    """意见征集: those running (open or about to open) by closing date, then the finished ones,
    newest first, paged."""
    on = today()
    running = actions.running(on).select_related("department").order_by("closes_on", "pk")
    finished = actions.finished(on).select_related("department").order_by("-closes_on", "-pk")
    paginator = Paginator(finished, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "letters/consultations/list.html",
        {
            "running": [_row(c, on) for c in running],
            "finished": [_row(c, on) for c in page.object_list],
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number)),
        },
    )


def _public(pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("department", "draft_file"),
        pk=pk,
        state__in=PUBLIC_STATES,
    )


def _report_rows(consultation: Consultation) -> list[dict]:
    """Every comment in the report: numbered, shown ones with their (masked) text."""
    return [
        {
            "number": number,
            "comment": comment,
            "shown": comment.status == CommentStatus.SHOWN,
            "author": pii.mask_name(comment.author_name),
        }
        for number, comment in enumerate(consultation.comments.all(), 1)
    ]


def _page(request, consultation: Consultation, form: CommentForm | None = None, status=200):
    on = today()
    current = actions.phase(consultation, on)
    reported = current == Phase.REPORTED
    rows = _report_rows(consultation)
    if current == Phase.OPEN and form is None:
        form = CommentForm()
    final = None
    if consultation.final_index_number:
        final = references.resolve(consultation.final_index_number)
    return render(
        request,
        "letters/consultations/detail.html",
        {
            "consultation": consultation,
            "phase": current,
            "phase_label": actions.phase_label(consultation, on),
            "form": form if current == Phase.OPEN else None,
            "shown": [row for row in rows if row["shown"]],
            "report": rows if reported else None,
            "counts": actions.report_counts(row["comment"] for row in rows),
            "final": final,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request, pk: int):
    """One draft; a POST is a visitor's comment."""
    consultation = _public(pk)
    if request.method != "POST":
        return _page(request, consultation)
    form = CommentForm(request.POST)
    if limited(request, "letters.consultation_post", POST_RATE, increment=True) or used_up(
        request, "letters.consultation_comment", SUBMIT_RATE
    ):
        form.is_valid()
        form.add_error(None, _("您提交意见的次数过多，请一小时后再试。"))
        response = _page(request, consultation, form, status=429)
        response["Retry-After"] = "3600"
        return response
    if form.is_valid():
        try:
            with errors_into(form):
                actions.submit_comment(
                    consultation=consultation,
                    author_name=form.cleaned_data["author_name"],
                    body=form.cleaned_data["body"],
                )
        except InvalidTransition as exc:  # the period ended between the page and the post
            messages.error(request, str(exc))
            return redirect(consultation.get_absolute_url())
        if not form.errors:
            limited(request, "letters.consultation_comment", SUBMIT_RATE, increment=True)
            messages.success(
                request,
                _("您的意见已提交，谢谢！意见经审核后公开，征集结束后将在意见采纳情况中作出说明。"),
            )
            return redirect(consultation.get_absolute_url())
    return _page(request, consultation, form)


@require_safe
def consultation_file(request, pk: int):
    """The draft's file, once the consultation is public."""
    consultation = _public(pk)
    if consultation.draft_file is None:
        raise Http404(_("此意见征集没有草案文件。"))
    return serve_upload(consultation.draft_file, "draft", personal=False)
