"""政务公开: the public pages, and the staff pages mounted under the staff prefix."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.core.urls import staff as staff_pages
from gongkai.publishing.feeds import LatestAtomFeed, LatestFeed
from gongkai.publishing.sitemaps import SITEMAPS
from gongkai.publishing.views import finance, public
from gongkai.publishing.views.staff import (
    columns,
    detail,
    editing,
    health,
    history,
    lists,
    villages,
)
from gongkai.publishing.views.staff.steps import step_view

app_name = "publishing"

staff_patterns = [
    path("", lists.item_list, name="list"),
    path("new/", editing.item_new, name="new"),
    path("health/", health.site_health, name="health"),
    path("columns/", columns.column_list, name="columns"),
    path("columns/new/", columns.column_new, name="column_new"),
    path("columns/<int:pk>/edit/", columns.column_edit, name="column_edit"),
    path("villages/", villages.village_list, name="villages"),
    path("villages/<int:pk>/set-up/", villages.village_set_up, name="village_set_up"),
    path("items/<int:pk>/", detail.item_detail, name="item"),
    path("items/<int:pk>/edit/", editing.item_edit, name="edit"),
    path("items/<int:pk>/preview/", history.item_preview, name="preview"),
    path("items/<int:pk>/revisions/", history.item_revisions, name="revisions"),
    path("items/<int:pk>/submit/", step_view("submit"), name="submit"),
    path("items/<int:pk>/override/", step_view("override"), name="override"),
    path("items/<int:pk>/mask/", step_view("mask"), name="mask"),
    path("items/<int:pk>/recall/", step_view("recall"), name="recall"),
    path("items/<int:pk>/steps/<int:step_pk>/decide/", step_view("decide"), name="decide"),
    path("items/<int:pk>/emergency/", step_view("emergency"), name="emergency"),
    path("items/<int:pk>/after-review/", step_view("after_review"), name="after_review"),
    path("items/<int:pk>/withdraw/", step_view("withdraw"), name="withdraw"),
    path("items/<int:pk>/validity/", step_view("validity"), name="validity"),
]

urlpatterns = [
    path("xxgk/", public.catalogue, name="catalogue"),
    # The whole site's feed beside the catalogue; each column's under its own address.
    path("xxgk/rss.xml", public.public_page(LatestFeed()), name="site_rss"),
    path("xxgk/atom.xml", public.public_page(LatestAtomFeed()), name="site_atom"),
    path("columns/<slug:slug>/", public.column, name="column"),
    path("columns/<slug:slug>/rss.xml", public.public_page(LatestFeed()), name="column_rss"),
    path("columns/<slug:slug>/atom.xml", public.public_page(LatestAtomFeed()), name="column_atom"),
    path("items/<int:pk>/", public.item, name="item"),
    path("items/<int:pk>/attachments/<int:link_id>/", public.attachment, name="attachment"),
    path("items/<int:pk>/finance.xlsx", finance.finance_xlsx, name="finance_xlsx"),
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
