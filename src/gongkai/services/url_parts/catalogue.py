"""The catalogue's public pages under /zwfw/ (see services/urls.py)."""

from django.urls import path

from gongkai.services.views import catalogue

public: list = [
    path("zwfw/", catalogue.index, name="index"),
    path("zwfw/departments/<int:pk>/", catalogue.department, name="department"),
    path("zwfw/events/<str:code>/", catalogue.event, name="event"),
    path("zwfw/items/<str:code>/", catalogue.guide, name="guide"),
    path(
        "zwfw/items/<str:code>/materials/<int:pk>/<str:which>/",
        catalogue.material_file,
        name="material_file",
    ),
]
staff: list = []
