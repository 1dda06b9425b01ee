"""URL patterns of one part of 政务服务 (see services/urls.py): `public` and `staff` lists.

This part: applying online, the receipt, and the applicant's progress page with its supply
form and documents.
"""

from django.urls import path

from gongkai.services.views import applications

public: list = [
    path("zwfw/items/<str:code>/apply/", applications.apply, name="apply"),
    path("zwfw/apply/receipt/", applications.applied, name="applied"),
    path("zwfw/track/", applications.track, name="track"),
    path("zwfw/track/supply/", applications.track_supply, name="track_supply"),
    path(
        "zwfw/track/documents/<int:document_id>/",
        applications.track_document,
        name="track_document",
    ),
]
staff: list = []
