"""依申请公开 on the portal (the staff pages are under workbench/)."""

from django.urls import path

from gongkai.disclosure.views import public

app_name = "disclosure"
urlpatterns = [
    path("", public.guide, name="guide"),
    path("apply/", public.apply, name="apply"),
    path("apply/receipt/", public.receipt, name="receipt"),
    path("track/", public.track, name="track"),
    path("track/<str:number>/", public.status, name="status"),
    path(
        "track/<str:number>/documents/<int:document_id>/",
        public.document,
        name="document",
    ),
]
