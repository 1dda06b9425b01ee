"""The result template of a catalogue item, under the staff prefix + "services/catalogue/";
before the cases' part, whose `<number>/` would take "catalogue/"."""

from django.urls import path

from gongkai.services.views import staff_result_template as views

public: list = []
staff: list = [
    path("catalogue/<str:code>/template/", views.result_template, name="result_template"),
    path(
        "catalogue/<str:code>/template/preview.pdf",
        views.result_template_preview,
        name="result_template_preview",
    ),
]
