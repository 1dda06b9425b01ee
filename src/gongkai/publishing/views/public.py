"""政务公开 on the portal: the 政府信息公开 catalogue, column pages, item pages, attachments.

Every page here is the same for every anonymous visitor, so each answers conditional GETs from
`SiteChange` (moved on by every publish, withdrawal and validity change), is kept by the page
cache (core.pagecache, whose key carries the same version) and may be kept by a front proxy.
Browsers ask again every time (a 304 when nothing changed), so a publish shows at once.
"""

from __future__ import annotations

import importlib.metadata
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from gongkai.core import navigation, pagecache
from gongkai.core.context_processors import ELDERLY_COOKIE
from gongkai.core.files import content_path, download_disposition
from gongkai.publishing import villages
from gongkai.publishing.catalogue import ART20, ART21, Category
from gongkai.publishing.models import Column, Item, RevisionAttachment
from gongkai.publishing.queries import (
    public_columns,
    public_items,
    site_changed_at,
    site_version,
)

PAGE_SIZE = 20  # items per page of a column
# Browsers and shared caches revalidate every time: a 304 from the page cache costs next to
# nothing, and a page kept for a minute would show a withdrawn notice for that minute.
PUBLIC_MAX_AGE = 0
HOME_PER_COLUMN = 5  # latest items per news column on the home page
HOME_CATALOGUE_ITEMS = 8  # latest items of the whole catalogue on the home page
NOT_PUBLIC = [s for s in Item.Status.values if s != Item.Status.PUBLISHED]
# A new release may change every page's HTML: its version is part of every ETag.
RELEASE = importlib.metadata.version("gongkai")


# ---------------------------------------------------------------- caching


def _has_messages(request) -> bool:
    # A pending flash message is shown once: that page must not be answered with a 304.
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _etag(request, *args, **kwargs) -> str | None:
    if _has_messages(request):
        return None
    # The elderly mode changes the HTML, so each mode is its own representation.
    mode = "e" if request.COOKIES.get(ELDERLY_COOKIE) == "1" else "n"
    return f'W/"{RELEASE}-{site_version(request)}-{mode}"'


def _last_modified(request, *args, **kwargs) -> datetime | None:
    if _has_messages(request):
        return None
    return site_changed_at(request)


def _signed_in(request) -> bool:
    # Without a session cookie nobody is signed in: the user and session are not looked up.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


def _cache_headers(response, request) -> None:
    if _signed_in(request):
        # A staff member's response may renew their session cookie: never for a shared cache.
        patch_cache_control(response, private=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])


def public_page(view):
    """GET/HEAD only; ETag / Last-Modified from SiteChange (304 when unchanged); revalidated on
    every view; shared by the page cache (the same for every anonymous visitor)."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        _cache_headers(response, request)
        return pagecache.share(response)

    return require_safe(wrapped)


# ---------------------------------------------------------------- reads


def home_sections(request) -> dict:
    """The home page's 最新信息: each news column's latest, and the catalogue's latest.

    Each read walks an index from the newest end and stops after a few rows, so the page
    costs the same with a hundred items or a million: one query per news column (a window
    over all their items sorted them all), and one for the catalogue.
    """
    columns = sorted(
        (c for c in public_columns(request).values() if c.is_news), key=lambda c: (c.order, c.path)
    )
    news = []
    for column in columns:
        latest = public_items().filter(column=column).order_by("-published_at", "-pk")
        items = list(latest[:HOME_PER_COLUMN])
        if items:
            news.append((column, items))
    # Not `status=published`: with that equality SQLite reads every published item by the
    # status index and sorts them; without it, it walks the published_at index backwards.
    catalogue = list(
        Item.objects.exclude(status__in=NOT_PUBLIC)
        .filter(published_at__isnull=False, column__in_catalogue=True)
        .select_related("live_revision", "column__department")
        .order_by("-published_at", "-pk")[:HOME_CATALOGUE_ITEMS]
    )
    return {"news_columns": news, "catalogue_items": catalogue}


def breadcrumb(request, column: Column, *, current: bool) -> list[dict]:
    """首页 > (政府信息公开) > the column's ancestors > the column; no query (public_columns)."""
    by_id = public_columns(request)
    ancestors = [by_id[pk] for pk in column.ancestor_ids()[:-1] if pk in by_id]
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
    crumbs += [{"name": c.name, "url": c.url} for c in ancestors]
    crumbs.append({"name": column.name, "url": column.get_absolute_url(), "current": current})
    return crumbs


# ---------------------------------------------------------------- pages


@public_page
def catalogue(request):
    """政府信息公开: 指南, 制度, 法定主动公开内容 (Art. 20, then the townships' Art. 21), 年报."""
    columns = list(
        Column.objects.filter(in_catalogue=True)
        .exclude(category="")
        .select_related("department")
        .order_by("order", "path")
    )
    # Counted apart, by the (column, status) index alone: joined to the columns, the count
    # read every item row (four times as long at 10^5 items).
    counts = dict(
        Item.objects.filter(status=Item.Status.PUBLISHED, column__in=columns)
        .values_list("column_id")
        .annotate(n=Count("id"))
        .values_list("column_id", "n")
    )
    for column in columns:
        column.count = counts.get(column.pk, 0)
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
        # Catalogues other modules keep and publish here (e.g. the 职权目录), registered in core.
        "open_catalogues": navigation.menu(navigation.OPEN_CATALOGUE, request),
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
    context = {
        "column": col,
        "children": children,
        "crumbs": breadcrumb(request, col, current=True),
    }
    items = public_items().filter(column=col)
    if col.kind == Column.Kind.SECTION:
        if col.village_part:  # 村务公开: a township's villages, or one village's three columns
            return render(request, *villages.section_page(col, context))
        return render(request, "publishing/column_section.html", context)
    if col.kind == Column.Kind.PAGE:
        context["page_item"] = items.order_by("-published_at", "-pk").first()
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
    """An item as published: metadata table, title, body, attachments; 410 once withdrawn.

    The same three queries for every item (its row with the live revision, its attachments as
    the template reads them: Revision.attachment_list, SiteChange), whatever the number of
    items, attachments or columns: the column and the breadcrumb come from public_columns;
    only a document no longer valid reads what replaced it.
    """
    obj = get_object_or_404(Item.objects.select_related("live_revision"), pk=pk)
    column = public_columns(request).get(obj.column_id)
    if column is not None:
        obj.column = column
    if obj.status == Item.Status.WITHDRAWN:
        return render(request, "publishing/withdrawn.html", {"item": obj}, status=410)
    if obj.status != Item.Status.PUBLISHED or obj.live_revision is None:
        raise Http404(_("该信息不存在或尚未发布。"))
    if obj.validity != Item.Validity.VALID and obj.replaced_by_id:
        obj.replaced_by = (
            Item.objects.select_related("live_revision").filter(pk=obj.replaced_by_id).first()
        )
    context = {
        "item": obj,
        "revision": obj.live_revision,
        "crumbs": breadcrumb(request, obj.column, current=False),
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
