"""检索 in the workbench: staff search (drafts included, scoped to what each person may see)
and the segmentation dictionary for system administrators.

Staff search runs through the same engine as the portal (search.api with public=False): every
item is one document, public once published, otherwise (draft, in review, withdrawn) its
latest revision, found only by staff whose departments may see it
(publishing.permissions.visible_department_ids); answered 依申请公开 requests are found by
those who handle the agency's requests. Each search source says whom it shows to
(`staff_departments`) and where staff open a hit (`staff_url`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import hooks, permissions
from gongkai.core.decorators import staff_required
from gongkai.core.forms import errors_into
from gongkai.search.actions import add_dictionary_word
from gongkai.search.api import search
from gongkai.search.forms import DictionaryWordForm, SearchForm
from gongkai.search.models import DictionaryWord
from gongkai.search.segment import GOVERNMENT_TERMS

PER_PAGE = 20


def _scope(user) -> dict[str, set[int] | None]:
    """Per kind, the departments whose non-public documents this person may find."""
    return {
        kind: source.staff_departments(user)
        for kind, source in hooks.document_sources().items()
        if hasattr(source, "staff_departments")
    }


def _staff_url(hit) -> str:
    source = hooks.document_source(hit.kind)
    if source is not None and hasattr(source, "staff_url"):
        return source.staff_url(hit.object_id)
    return hit.url


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_search(request):
    """Search public items and the drafts this person may see."""
    form = SearchForm(request.GET)
    result = None
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"].strip():
        options = form.search_options()
        result = search(
            form.cleaned_data["q"],
            sort=options["sort"],
            page=options["page"],
            per_page=PER_PAGE,
            public=False,
            departments=_scope(request.user),
        )
        for hit in result.hits:
            hit.staff_url = _staff_url(hit)
            source = hooks.document_source(hit.kind)
            if source is not None and not getattr(source, "public", True):
                hit.staff_only_kind = getattr(source, "label", hit.kind)
    return render(
        request,
        "workbench/search.html",
        {
            "form": form,
            "result": result,
            "can_manage_dictionary": permissions.can_manage_organisation(request.user),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def dictionary(request):
    """检索词典: words kept whole when text and queries are cut."""
    if not permissions.can_manage_organisation(request.user):
        raise PermissionDenied(_("只有系统管理员可以维护检索词典。"))
    form = DictionaryWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = None
        with errors_into(form, "word"):
            entry = add_dictionary_word(actor=request.user, word=form.cleaned_data["word"])
        if entry is not None:
            messages.success(
                request,
                _("已添加“%(word)s”。含有这个词的已有内容将在后台重新切分。")
                % {"word": entry.word},
            )
            return redirect("workbench:search_dictionary")
    return render(
        request,
        "workbench/search_dictionary.html",
        {
            "form": form,
            "words": DictionaryWord.objects.select_related("added_by")[:500],
            "built_in": GOVERNMENT_TERMS,
        },
        status=400 if form.errors else 200,
    )
