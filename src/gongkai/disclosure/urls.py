"""依申请公开: the public pages under /ysqgk/, and the staff pages under the staff prefix."""

from django.urls import path

from gongkai.core.urls import staff as staff_pages
from gongkai.disclosure.views import public, report, staff

app_name = "disclosure"

staff_patterns = [
    path("", staff.request_list, name="list"),
    path("new/", staff.request_new, name="new"),
    path("report/", report.annual_report, name="report"),
    path(
        "report/xlsx/",
        report.annual_report_xlsx,
        name="report_xlsx",
    ),
    path("report/pdf/", report.annual_report_pdf, name="report_pdf"),
    path("templates/", staff.template_list, name="templates"),
    path(
        "templates/<str:group>/",
        staff.template_edit,
        name="template_edit",
    ),
    path("<int:pk>/", staff.request_detail, name="request"),
    path(
        "<int:pk>/registered/",
        staff.request_registered,
        name="registered",
    ),
    path("<int:pk>/identity/", staff.request_identity, name="identity"),
    path("<int:pk>/identity/scan/", staff.request_id_scan, name="id_scan"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        staff.document_download,
        name="document",
    ),
    path("<int:pk>/assign/", staff.step_assign, name="assign"),
    path("<int:pk>/correction/", staff.step_correction, name="correction"),
    path("<int:pk>/corrected/", staff.step_corrected, name="corrected"),
    path("<int:pk>/consult/", staff.step_consult, name="consult"),
    path(
        "<int:pk>/consult/<int:consultation_pk>/end/",
        staff.step_consult_end,
        name="consult_end",
    ),
    path("<int:pk>/extend/", staff.step_extend, name="extend"),
    path("<int:pk>/reply/", staff.step_reply, name="reply"),
    path("<int:pk>/deliver/", staff.step_deliver, name="deliver"),
    path("<int:pk>/reviews/", staff.step_review_add, name="review_add"),
    path(
        "<int:pk>/reviews/<int:case_pk>/conclude/",
        staff.step_review_conclude,
        name="review_conclude",
    ),
]

urlpatterns = [
    path("ysqgk/", public.guide, name="guide"),
    path("ysqgk/apply/", public.apply, name="apply"),
    path("ysqgk/apply/receipt/", public.receipt, name="receipt"),
    path("ysqgk/track/", public.track, name="track"),
    path("ysqgk/track/<str:number>/", public.status, name="status"),
    path(
        "ysqgk/track/<str:number>/documents/<int:document_id>/",
        public.document,
        name="document",
    ),
    staff_pages("disclosure/", staff_patterns),
]
