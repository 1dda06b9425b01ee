"""URL patterns of one part of 政务服务 (see services/urls.py): the XLSX catalogue template."""

from django.urls import path

from gongkai.services.views import catalogue_xlsx

public: list = []
staff: list = [
    path(
        "catalogue/template.xlsx",
        catalogue_xlsx.template_download,
        name="catalogue_template",
    ),
]
