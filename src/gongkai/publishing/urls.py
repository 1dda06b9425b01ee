"""政务公开: the public pages, and the staff pages mounted under the staff prefix."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.core.urls import staff as staff_pages
from gongkai.publishing.feeds import ColumnAtomFeed, ColumnFeed
from gongkai.publishing.sitemaps import SITEMAPS
from gongkai.publishing.views import public, staff

app_name = "publishing"

staff_patterns = [
    path("", staff.item_list, name="list"),
    path("new/", staff.item_new, name="new"),
    path("health/", staff.site_health, name="health"),
    path("columns/", staff.column_list, name="columns"),
    path("columns/new/", staff.column_new, name="column_new"),
    path("columns/<int:pk>/edit/", staff.column_edit, name="column_edit"),
    path("items/<int:pk>/", staff.item_detail, name="item"),
    path("items/<int:pk>/edit/", staff.item_edit, name="edit"),
    path("items/<int:pk>/preview/", staff.item_preview, name="preview"),
    path(
        "items/<int:pk>/revisions/",
        staff.item_revisions,
        name="revisions",
    ),
    path("items/<int:pk>/submit/", staff.item_submit, name="submit"),
    path("items/<int:pk>/override/", staff.item_override, name="override"),
    path("items/<int:pk>/mask/", staff.item_mask, name="mask"),
    path("items/<int:pk>/recall/", staff.item_recall, name="recall"),
    path(
        "items/<int:pk>/steps/<int:step_pk>/decide/",
        staff.step_decide,
        name="decide",
    ),
    path(
        "items/<int:pk>/emergency/",
        staff.item_emergency,
        name="emergency",
    ),
    path(
        "items/<int:pk>/after-review/",
        staff.item_after_review,
        name="after_review",
    ),
    path("items/<int:pk>/withdraw/", staff.item_withdraw, name="withdraw"),
    path("items/<int:pk>/validity/", staff.item_validity, name="validity"),
]

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
    staff_pages("publishing/", staff_patterns),
]
