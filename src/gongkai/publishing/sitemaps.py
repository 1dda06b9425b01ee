"""sitemap.xml (django.contrib.sitemaps): the home page, 政府信息公开, columns, published items."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import get_script_prefix, reverse

from gongkai.publishing.models import Column, Item


class PageSitemap(Sitemap):
    """The home page, at the site's root whichever shell serves it, and 政府信息公开."""

    def items(self) -> list[str]:
        return [get_script_prefix(), reverse("publishing:catalogue")]

    def location(self, path: str) -> str:
        return path


class ColumnSitemap(Sitemap):
    """Columns with pages of their own (external links are somebody else's)."""

    def items(self):
        return (
            Column.objects.exclude(kind=Column.Kind.LINK)
            .only("pk", "slug", "kind")
            .order_by("path")
        )


class ItemSitemap(Sitemap):
    """Published items, newest first, 50,000 to a page (?p=2 and on; sitemap-index.xml lists them)."""

    def items(self):
        return (
            Item.objects.filter(status=Item.Status.PUBLISHED)
            .only("pk", "last_published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item: Item):
        return item.last_published_at


SITEMAPS = {"pages": PageSitemap, "columns": ColumnSitemap, "items": ItemSitemap}
