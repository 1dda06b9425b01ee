"""政务公开 on the portal (the staff pages are under workbench/)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.publishing.feeds import ColumnAtomFeed, ColumnFeed
from gongkai.publishing.sitemaps import SITEMAPS
from gongkai.publishing.views import public

app_name = "publishing"
urlpatterns = [
    path("xxgk/", public.catalogue, name="catalogue"),
    path("columns/<slug:slug>/", public.column, name="column"),
    path("columns/<slug:slug>/rss.xml", public.public_page(ColumnFeed()), name="column_rss"),
    path("columns/<slug:slug>/atom.xml", public.public_page(ColumnAtomFeed()), name="column_atom"),
    path("items/<int:pk>/", public.item, name="item"),
    path("items/<int:pk>/attachments/<int:link_id>/", public.attachment, name="attachment"),
    path(
        "sitemap.xml",
        public.public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-index.xml",
        public.public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "publishing:sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        public.public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
