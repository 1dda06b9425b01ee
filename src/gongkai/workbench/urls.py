"""The staff shell's own pages; each module mounts its staff pages itself (core.urls.staff)."""

from django.urls import path

from gongkai.workbench import search, supervision, views

app_name = "workbench"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.otp_verify, name="otp_verify"),
    path("login/otp/setup/", views.otp_setup, name="otp_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("session/", views.keep_alive, name="keep_alive"),
    path("calendar/", views.calendar_years, name="calendar"),
    path("calendar/<int:year>/", views.calendar_year, name="calendar_year"),
    path("audit/", views.audit_log, name="audit"),
    path("files/", views.files, name="files"),
    path("search/", search.staff_search, name="search"),
    path("search/dictionary/", search.dictionary, name="search_dictionary"),
    path("supervision/", supervision.dashboard, name="supervision"),
    path("supervision/<slug:table>.xlsx", supervision.export, name="supervision_export"),
]
