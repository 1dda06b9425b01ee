from django.urls import path

from gongkai.disclosure.views import report as disclosure_report
from gongkai.disclosure.views import staff as disclosure
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
    # 依申请公开 (disclosure.views.staff)
    path("disclosure/", disclosure.request_list, name="disclosure_list"),
    path("disclosure/new/", disclosure.request_new, name="disclosure_new"),
    path("disclosure/report/", disclosure_report.annual_report, name="disclosure_report"),
    path(
        "disclosure/report/xlsx/",
        disclosure_report.annual_report_xlsx,
        name="disclosure_report_xlsx",
    ),
    path(
        "disclosure/report/pdf/", disclosure_report.annual_report_pdf, name="disclosure_report_pdf"
    ),
    path("disclosure/templates/", disclosure.template_list, name="disclosure_templates"),
    path(
        "disclosure/templates/<str:group>/",
        disclosure.template_edit,
        name="disclosure_template_edit",
    ),
    path("disclosure/<int:pk>/", disclosure.request_detail, name="disclosure_request"),
    path(
        "disclosure/<int:pk>/registered/",
        disclosure.request_registered,
        name="disclosure_registered",
    ),
    path("disclosure/<int:pk>/identity/", disclosure.request_identity, name="disclosure_identity"),
    path(
        "disclosure/<int:pk>/identity/scan/", disclosure.request_id_scan, name="disclosure_id_scan"
    ),
    path(
        "disclosure/<int:pk>/documents/<int:document_pk>/",
        disclosure.document_download,
        name="disclosure_document",
    ),
    path("disclosure/<int:pk>/assign/", disclosure.step_assign, name="disclosure_assign"),
    path(
        "disclosure/<int:pk>/correction/", disclosure.step_correction, name="disclosure_correction"
    ),
    path("disclosure/<int:pk>/corrected/", disclosure.step_corrected, name="disclosure_corrected"),
    path("disclosure/<int:pk>/consult/", disclosure.step_consult, name="disclosure_consult"),
    path(
        "disclosure/<int:pk>/consult/<int:consultation_pk>/end/",
        disclosure.step_consult_end,
        name="disclosure_consult_end",
    ),
    path("disclosure/<int:pk>/extend/", disclosure.step_extend, name="disclosure_extend"),
    path("disclosure/<int:pk>/reply/", disclosure.step_reply, name="disclosure_reply"),
    path("disclosure/<int:pk>/deliver/", disclosure.step_deliver, name="disclosure_deliver"),
    path("disclosure/<int:pk>/reviews/", disclosure.step_review_add, name="disclosure_review_add"),
    path(
        "disclosure/<int:pk>/reviews/<int:case_pk>/conclude/",
        disclosure.step_review_conclude,
        name="disclosure_review_conclude",
    ),
]
