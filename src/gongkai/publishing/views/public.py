"""政务公开 on the portal: the 政府信息公开 catalogue, column pages, item pages, attachments.

Every page here is the same for every anonymous visitor, so each answers conditional GETs from
`SiteChange` (moved on by every publish, withdrawal and validity change) and may be cached
for a minute by nginx or a CDN.
"""

from __future__ import annotations

import importlib.metadata
from datetime import UTC, datetime
from functools import wraps

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, F, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from gongkai.core.context_processors import ELDERLY_COOKIE
from gongkai.core.files import content_path, download_disposition
from gongkai.publishing.catalogue import ART20, ART21, Category
from gongkai.publishing.models import Column, Item, RevisionAttachment, SiteChange
from gongkai.publishing.queries import public_items

PAGE_SIZE = 20  # items per page of a column
PUBLIC_MAX_AGE = 60  # seconds a shared cache may keep a public page
HOME_PER_COLUMN = 5  # latest items per news column on the home page
HOME_CATALOGUE_ITEMS = 8  # latest items of the whole catalogue on the home page
# Before the first publish there is no SiteChange row: pages still get a stable validator.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# A new release may change every page's HTML: its version is part of every ETag.
RELEASE = importlib.metadata.version("gongkai")


# ---------------------------------------------------------------- caching


def site_changed_at(request) -> datetime:
    """When anything public last changed; read once per request (ETag and Last-Modified both ask)."""
    if not hasattr(request, "_gongkai_site_changed"):
        changed = SiteChange.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        request._gongkai_site_changed = changed or EPOCH
    return request._gongkai_site_changed


def _has_messages(request) -> bool:
    # A pending flash message is shown once: that page must not be answered with a 304.
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _etag(request, *args, **kwargs) -> str | None:
    if _has_messages(request):
        return None
    changed = site_changed_at(request)
    # The elderly mode changes the HTML, so each mode is its own representation.
    mode = "e" if request.COOKIES.get(ELDERLY_COOKIE) == "1" else "n"
    return f'W/"{RELEASE}-{int(changed.timestamp() * 1_000_000)}-{mode}"'


def _last_modified(request, *args, **kwargs) -> datetime | None:
    if _has_messages(request):
        return None
    return site_changed_at(request)


def _cache_headers(response, request) -> None:
    if request.user.is_authenticated:
        # A staff member's response may renew their session cookie: never for a shared cache.
        patch_cache_control(response, private=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])


def public_page(view):
    """GET/HEAD only; ETag / Last-Modified from SiteChange (304 when unchanged); cacheable for a minute."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        _cache_headers(response, request)
        return response

    return require_safe(wrapped)


# ---------------------------------------------------------------- reads


def latest_per_column(items, per_column: int) -> list[tuple[Column, list[Item]]]:
    """The newest `per_column` items of each column, in one query (a window over the columns)."""
    ranked = (
        items.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("column_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_column)
        .order_by("column__order", "column__path", "rank")
    )
    groups: dict[int, tuple[Column, list[Item]]] = {}
    for item in ranked:
        groups.setdefault(item.column_id, (item.column, []))[1].append(item)
    return list(groups.values())


def home_sections() -> dict:
    """The home page's 最新信息: each news column's latest, and the catalogue's latest."""
    news = latest_per_column(public_items().filter(column__is_news=True), HOME_PER_COLUMN)
    catalogue = list(
        public_items()
        .filter(column__in_catalogue=True)
        .order_by("-published_at", "-pk")[:HOME_CATALOGUE_ITEMS]
    )
    return {"news_columns": news, "catalogue_items": catalogue}


def breadcrumb(column: Column, *, current: bool) -> list[dict]:
    """首页 > (政府信息公开) > the column's ancestors > the column; one query for the ancestors."""
    ids = column.ancestor_ids()[:-1]
    by_id = {c.pk: c for c in Column.objects.filter(pk__in=ids)} if ids else {}
    ancestors = [by_id[pk] for pk in ids if pk in by_id]
    crumbs = [{"name": _("首页"), "url": get_script_prefix()}]
    catalogue_url = reverse("publishing:catalogue")
    if column.in_catalogue:
        top = ancestors[0] if ancestors else None
        if top is not None and top.in_catalogue and not top.category:
            # The top of the catalogue's tree stands for the section itself.
            crumbs.append({"name": top.name, "url": catalogue_url})
            ancestors = ancestors[1:]
        else:
            crumbs.append({"name": _("政府信息公开"), "url": catalogue_url})
    crumbs += [{"name": c.name, "url": c.get_absolute_url()} for c in ancestors]
    crumbs.append({"name": column.name, "url": column.get_absolute_url(), "current": current})
    return crumbs


def _with_attachments(revision) -> None:
    prefetch_related_objects(
        [revision],
        Prefetch(
            "attachment_links", queryset=RevisionAttachment.objects.select_related("upload__file")
        ),
    )


# ---------------------------------------------------------------- pages


@public_page
def catalogue(request):
    """政府信息公开: 指南, 制度, 法定主动公开内容 (Art. 20, then the townships' Art. 21), 年报."""
    columns = list(
        Column.objects.filter(in_catalogue=True)
        .exclude(category="")
        .select_related("department")
        .annotate(count=Count("items", filter=Q(items__status=Item.Status.PUBLISHED)))
        .order_by("order", "path")
    )
    by_category: dict[str, list[Column]] = {}
    for column in columns:
        by_category.setdefault(column.category, []).append(column)
    art20 = [
        {"number": i, "label": category.label, "columns": by_category.get(category.value, [])}
        for i, category in enumerate(ART20, start=1)
    ]
    art21_order = {category.value: i for i, category in enumerate(ART21)}
    townships: dict[int, dict] = {}
    for column in sorted(
        (c for c in columns if c.category in art21_order),
        key=lambda c: (c.department.order, c.department_id, art21_order[c.category], c.order),
    ):
        group = townships.setdefault(
            column.department_id, {"department": column.department, "columns": []}
        )
        group["columns"].append(column)
    context = {
        "guide": by_category.get(Category.GUIDE.value, []),
        "rules": by_category.get(Category.RULES.value, []),
        "art20": art20,
        "townships": list(townships.values()),
        "annual_reports": by_category.get(Category.ANNUAL_REPORT.value, []),
    }
    return render(request, "publishing/catalogue.html", context)


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not 1900 <= int(value) <= 9999:
        raise Http404(_("年份无效。"))
    return int(value)


@public_page
def column(request, slug: str):
    """A column: its items (LIST), its one page (PAGE), or a redirect (LINK)."""
    col = get_object_or_404(Column.objects.select_related("department"), slug=slug)
    if col.kind == Column.Kind.LINK:
        if not col.external_url:
            raise Http404(_("该栏目没有设置链接地址。"))
        return redirect(col.external_url)
    children = list(col.children.order_by("order", "path"))
    context = {"column": col, "children": children, "crumbs": breadcrumb(col, current=True)}
    items = public_items().filter(column=col)
    if col.kind == Column.Kind.SECTION:
        return render(request, "publishing/column_section.html", context)
    if col.kind == Column.Kind.PAGE:
        page_item = items.order_by("-published_at", "-pk").first()
        if page_item is not None:
            _with_attachments(page_item.live_revision)
        context["page_item"] = page_item
        return render(request, "publishing/column_page.html", context)
    year = _year(request)
    years = [d.year for d in items.datetimes("published_at", "year", order="DESC")]
    if year is not None:
        items = items.filter(published_at__year=year)
    paginator = Paginator(items.order_by("-published_at", "-pk"), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(_("没有这一页。")) from exc
    context.update(
        {
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "year": year,
            "years": years,
            "query_prefix": f"year={year}&" if year else "",
        }
    )
    return render(request, "publishing/column.html", context)


@public_page
def item(request, pk: int):
    """An item as published: metadata table, title, body, attachments; 410 once withdrawn."""
    obj = get_object_or_404(
        Item.objects.select_related(
            "live_revision", "column__department", "replaced_by__live_revision"
        ),
        pk=pk,
    )
    if obj.status == Item.Status.WITHDRAWN:
        return render(request, "publishing/withdrawn.html", {"item": obj}, status=410)
    if obj.status != Item.Status.PUBLISHED or obj.live_revision is None:
        raise Http404(_("该信息不存在或尚未发布。"))
    _with_attachments(obj.live_revision)
    context = {
        "item": obj,
        "revision": obj.live_revision,
        "crumbs": breadcrumb(obj.column, current=False),
    }
    return render(request, "publishing/item.html", context)


@require_safe
def attachment(request, pk: int, link_id: int):
    """Download an attachment of the live revision of a published item (nothing else)."""
    link = get_object_or_404(
        RevisionAttachment.objects.select_related("upload__file"),
        pk=link_id,
        revision__item_id=pk,
        revision__item__status=Item.Status.PUBLISHED,
        revision__item__live_revision=F("revision"),
    )
    stored = link.upload.file
    path = content_path(stored.sha256)
    if not path.exists():
        raise Http404(_("附件文件不存在。"))
    etag = f'"{stored.sha256}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(path.open("rb"), content_type=stored.content_type)
        response["Content-Disposition"] = download_disposition(
            link.upload.name, f"attachment-{link.pk}"
        )
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    _cache_headers(response, request)
    return response
