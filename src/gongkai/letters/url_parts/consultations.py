"""URL patterns of one part of 政民互动 (see letters/urls.py): `public` and `staff` lists.

This part: 意见征集: the consultations and one draft's page (with the comment form and the
feedback report) on the portal; the list and one consultation's page with its steps in the
workbench.
"""

from django.urls import path

from gongkai.letters.views import consultations, staff_consultations
from gongkai.letters.views.staff_consultations import STEPS, step_view

public: list = [
    path("hudong/consultations/", consultations.consultation_list, name="consultations"),
    path(
        "hudong/consultations/<int:pk>/",
        consultations.consultation_detail,
        name="consultation",
    ),
    path(
        "hudong/consultations/<int:pk>/draft/",
        consultations.consultation_file,
        name="consultation_file",
    ),
]


def _step_path(name: str):
    if STEPS[name].per_comment:
        route = f"consultations/<int:pk>/comments/<int:comment>/{name}/"
    else:
        route = f"consultations/<int:pk>/{name}/"
    return path(route, step_view(name), name=f"consultation_{name}")


staff: list = [
    path("consultations/", staff_consultations.consultation_list, name="consultations"),
    path(
        "consultations/<int:pk>/",
        staff_consultations.consultation_detail,
        name="consultation",
    ),
    *(_step_path(name) for name in STEPS),
]
