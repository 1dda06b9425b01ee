"""RSS 2.0 and Atom feeds of a column's latest published items (django.contrib.syndication)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from gongkai.publishing.html import to_text
from gongkai.publishing.models import Column, Item
from gongkai.publishing.queries import public_items

FEED_SIZE = 20  # items per feed
DESCRIPTION_CHARS = 200  # text of the body shown when an item has no summary


class ColumnFeed(Feed):
    """RSS 2.0. Titles and descriptions are escaped text: readers treat both as HTML."""

    def get_object(self, request, slug: str) -> Column:
        return get_object_or_404(Column.objects.exclude(kind=Column.Kind.LINK), slug=slug)

    def title(self, obj: Column) -> str:
        return f"{obj.name} - {settings.SITE_NAME}"

    def link(self, obj: Column) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Column) -> str:
        return obj.description or _("“%(name)s”栏目的最新信息") % {"name": obj.name}

    def items(self, obj: Column) -> list[Item]:
        return list(public_items().filter(column=obj).order_by("-published_at", "-pk")[:FEED_SIZE])

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


class ColumnAtomFeed(ColumnFeed):
    """Atom 1.0: the same items; the column's description is the subtitle."""

    feed_type = Atom1Feed

    def subtitle(self, obj: Column) -> str:
        return self.description(obj)
