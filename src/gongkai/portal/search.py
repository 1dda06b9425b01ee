"""站内搜索 on the portal: /search/?q=...&column=&department=&year=&type=&validity=&sort=&page=

Results come from search.api (public documents only). The page is cacheable for a minute by
a shared cache: the index follows publishing through the worker within about that long,
so it is not tied to the site's ETag (which moves before the index does). The page cache
keeps it under the index's own version (search.apps), so it is never older than the index.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from gongkai.core import hooks, pagecache
from gongkai.core.models import Department
from gongkai.publishing.models import Column, Item
from gongkai.search.api import RESULT_WINDOW, search
from gongkai.search.forms import SearchForm
from gongkai.search.indexer import EPOCH, SORT_KEY_SHIFT
from gongkai.search.models import SearchDocument

MAX_AGE = 60
FILTERS = ("column", "department", "year", "type", "validity")


def _options() -> dict:
    """What the filter menus offer."""
    # From the ends of the sort_key index (its high bits are the day): no scan of the table.
    keys = SearchDocument.objects.aggregate(first=Min("sort_key"), last=Max("sort_key"))
    year_list = []
    if keys["first"] is not None:
        first, last = (_year_of(keys[end]) for end in ("first", "last"))
        year_list = list(range(last, first - 1, -1))
    return {
        "columns": Column.objects.filter(kind=Column.Kind.LIST).order_by("path"),
        "departments": Department.objects.filter(columns__kind=Column.Kind.LIST)
        .distinct()
        .order_by("path"),
        "years": year_list,
        "kinds": [(kind, getattr(source, "label", kind)) for kind, source in _public_sources()],
        "validities": Item.Validity.choices,
    }


def _public_sources() -> list[tuple[str, object]]:
    """The kinds of search document the public can find (a source may be staff-only)."""
    return [
        (kind, source)
        for kind, source in hooks.document_sources().items()
        if getattr(source, "public", True)
    ]


def _year_of(sort_key: int) -> int:
    return (EPOCH + timedelta(days=sort_key >> SORT_KEY_SHIFT)).year


def _query_string(data: dict, **changes) -> str:
    """The current search with some parameters changed (empty values dropped)."""
    merged = {**data, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


@require_safe
def search_page(request):
    """搜索: results with filters, sorting and pages; suggestions when nothing is found."""
    kinds = [kind for kind, _source in _public_sources()]
    form = SearchForm(request.GET, kinds=kinds)
    context = {"form": form, "result": None, "search_query": request.GET.get("q", "")[:200]}
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"].strip():
        options = form.search_options()
        result = search(form.cleaned_data["q"], **options)
        names = dict(
            Column.objects.filter(pk__in={h.column_id for h in result.hits}).values_list(
                "pk", "name"
            )
        )
        validity = dict(Item.Validity.choices)
        for hit in result.hits:
            hit.column_name = names.get(hit.column_id, "")
            hit.validity_label = validity.get(hit.validity, "")
        current = {
            "q": form.cleaned_data["q"],
            **{name: request.GET.get(name, "") for name in FILTERS},
            "sort": options["sort"] if options["sort"] != "relevance" else "",
        }
        context.update(
            {
                "result": result,
                "current": current,
                "filtered": any(current[name] for name in FILTERS),
                "sort": options["sort"],
                "relevance_url": "?" + _query_string(current, sort=""),
                "date_url": "?" + _query_string(current, sort="date"),
                "suggestion_url": "?" + _query_string(current, q=result.suggestion)
                if result.suggestion
                else "",
                "unfiltered_url": "?" + _query_string({"q": current["q"]}),
                "page_urls": _page_urls(result, current),
                "previous_url": "?" + _query_string(current, page=result.page - 1)
                if result.has_previous
                else "",
                "next_url": "?" + _query_string(current, page=result.page + 1)
                if result.has_next
                else "",
                "first_number": (result.page - 1) * result.per_page + 1,
                "beyond_window": result.page > result.pages and result.total > RESULT_WINDOW,
                "out_of_range": result.page > result.pages,
            }
        )
    context.update(_options())
    response = render(request, "portal/search.html", context, status=status)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return pagecache.share(response)  # kept under the index's version (search.apps)


def _page_urls(result, current: dict) -> list[tuple[int | None, str]]:
    """(page number or None for a gap, its URL): Django's elided range around the page."""
    paginator = Paginator(range(result.pages), 1)
    number = min(max(result.page, 1), paginator.num_pages)
    return [
        (None, "")
        if n == paginator.ELLIPSIS
        else (n, "?" + _query_string(current, page=n if n > 1 else ""))
        for n in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
