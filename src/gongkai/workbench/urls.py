from django.urls import path

from gongkai.publishing.views import staff as publishing
from gongkai.workbench import search, views

app_name = "workbench"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.otp_verify, name="otp_verify"),
    path("login/otp/setup/", views.otp_setup, name="otp_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("calendar/", views.calendar_years, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("audit/", views.audit_log, name="audit"),
    path("files/", views.files, name="files"),
    path("search/", search.staff_search, name="search"),
    path("search/dictionary/", search.dictionary, name="search_dictionary"),
    # 政务公开 (publishing.views.staff)
    path("publishing/", publishing.item_list, name="publishing_list"),
    path("publishing/new/", publishing.item_new, name="publishing_new"),
    path("publishing/health/", publishing.site_health, name="publishing_health"),
    path("publishing/columns/", publishing.column_list, name="publishing_columns"),
    path("publishing/columns/new/", publishing.column_new, name="publishing_column_new"),
    path(
        "publishing/columns/<int:pk>/edit/", publishing.column_edit, name="publishing_column_edit"
    ),
    path("publishing/items/<int:pk>/", publishing.item_detail, name="publishing_item"),
    path("publishing/items/<int:pk>/edit/", publishing.item_edit, name="publishing_edit"),
    path("publishing/items/<int:pk>/preview/", publishing.item_preview, name="publishing_preview"),
    path(
        "publishing/items/<int:pk>/revisions/",
        publishing.item_revisions,
        name="publishing_revisions",
    ),
    path("publishing/items/<int:pk>/submit/", publishing.item_submit, name="publishing_submit"),
    path(
        "publishing/items/<int:pk>/override/", publishing.item_override, name="publishing_override"
    ),
    path("publishing/items/<int:pk>/mask/", publishing.item_mask, name="publishing_mask"),
    path("publishing/items/<int:pk>/recall/", publishing.item_recall, name="publishing_recall"),
    path(
        "publishing/items/<int:pk>/steps/<int:step_pk>/decide/",
        publishing.step_decide,
        name="publishing_decide",
    ),
    path(
        "publishing/items/<int:pk>/emergency/",
        publishing.item_emergency,
        name="publishing_emergency",
    ),
    path(
        "publishing/items/<int:pk>/after-review/",
        publishing.item_after_review,
        name="publishing_after_review",
    ),
    path(
        "publishing/items/<int:pk>/withdraw/", publishing.item_withdraw, name="publishing_withdraw"
    ),
    path(
        "publishing/items/<int:pk>/validity/", publishing.item_validity, name="publishing_validity"
    ),
]
