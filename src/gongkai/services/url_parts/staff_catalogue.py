"""The catalogue's staff pages, under the staff prefix + "services/catalogue/" (see
services/urls.py); the part comes before the cases', whose `<number>/` would take "catalogue/"."""

from django.urls import path

from gongkai.services.views import staff_catalogue as views

public: list = []
staff: list = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.item_new, name="item_new"),
    path("catalogue/<str:code>/", views.item, name="item"),
    path("catalogue/<str:code>/edit/", views.item_edit, name="item_edit"),
    path("catalogue/<str:code>/submit/", views.item_submit, name="item_submit"),
    path("catalogue/<str:code>/approve/", views.item_approve, name="item_approve"),
    path("catalogue/<str:code>/return/", views.item_return, name="item_return"),
]
