"""RSS 2.0 and Atom feeds of the latest published items (django.contrib.syndication): of one
column, or of the whole site when the route names no column."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.publishing.html import to_text
from gongkai.publishing.models import Column, Item
from gongkai.publishing.queries import public_items

FEED_SIZE = 20  # items per feed
DESCRIPTION_CHARS = 200  # text of the body shown when an item has no summary


class LatestFeed(Feed):
    """RSS 2.0. Titles and descriptions are escaped text: readers treat both as HTML.

    The object is the column named by the route's `slug`, or None for the whole site: one
    class serves both, so the two feeds cannot drift apart in what they show or hide.
    """

    def get_object(self, request, slug: str | None = None) -> Column | None:
        if slug is None:
            return None
        return get_object_or_404(Column.objects.exclude(kind=Column.Kind.LINK), slug=slug)

    def title(self, obj: Column | None) -> str:
        if obj is None:
            return _("%(site)s - 最新信息") % {"site": settings.SITE_NAME}
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Column | None) -> str:
        return get_script_prefix() if obj is None else obj.get_absolute_url()  # the home page

    def description(self, obj: Column | None) -> str:
        if obj is None:
            return _("%(site)s网站各栏目的最新信息") % {"site": settings.SITE_NAME}
        return obj.description or _("“%(name)s”栏目的最新信息") % {"name": obj.name}

    def items(self, obj: Column | None) -> list[Item]:
        items = public_items() if obj is None else public_items().filter(column=obj)
        return list(items.order_by("-published_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: Item) -> str:
        return escape(item.live_revision.title)

    def item_description(self, item: Item) -> str:
        revision = item.live_revision
        text = revision.summary or to_text(revision.body)[:DESCRIPTION_CHARS]
        return escape(" ".join(text.split()))

    def item_link(self, item: Item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Item):
        return timezone.localtime(item.published_at)  # dated as the county reads them (+0800)

    def item_updateddate(self, item: Item):
        return timezone.localtime(item.last_published_at)


class LatestAtomFeed(LatestFeed):
    """Atom 1.0: the same items; the feed's description is the subtitle."""

    feed_type = Atom1Feed

    def subtitle(self, obj: Column | None) -> str:
        return self.description(obj)
