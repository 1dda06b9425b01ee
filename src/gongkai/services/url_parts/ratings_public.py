"""URL patterns of the public 好差评 results (see services/urls.py)."""

from django.urls import path

from gongkai.services.views import ratings_public

public: list = [
    path("zwfw/ratings/", ratings_public.ratings, name="ratings"),
    path(
        "zwfw/ratings/departments/<int:pk>/",
        ratings_public.department,
        name="ratings_department",
    ),
]
staff: list = []
