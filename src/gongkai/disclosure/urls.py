"""依申请公开: the public pages under /ysqgk/, and the staff pages under the staff prefix."""

from django.urls import path

from gongkai.core.urls import staff as staff_pages
from gongkai.disclosure.views import public, report
from gongkai.disclosure.views.staff import (
    detail,
    documents,
    notice_templates,
    requests,
    reviews,
    steps,
)
from gongkai.disclosure.views.staff.steps import step_view

app_name = "disclosure"

staff_patterns = [
    path("", requests.request_list, name="list"),
    path("new/", requests.request_new, name="new"),
    path("report/", report.annual_report, name="report"),
    path("report/xlsx/", report.annual_report_xlsx, name="report_xlsx"),
    path("report/pdf/", report.annual_report_pdf, name="report_pdf"),
    path("report/publish/", report.annual_report_publish, name="report_publish"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/conclude/", reviews.review_conclude, name="review_record_conclude"),
    path("templates/", notice_templates.template_list, name="templates"),
    path("templates/<str:group>/", notice_templates.template_edit, name="template_edit"),
    path("templates/letters/<str:key>/", notice_templates.letter_edit, name="letter_edit"),
    path("<int:pk>/", detail.request_detail, name="request"),
    path("<int:pk>/registered/", requests.request_registered, name="registered"),
    path("<int:pk>/identity/", detail.request_identity, name="identity"),
    path("<int:pk>/identity/scan/", documents.request_id_scan, name="id_scan"),
    path("<int:pk>/documents/<int:document_pk>/", documents.document_download, name="document"),
    path("<int:pk>/assign/", step_view("assign"), name="assign"),
    path("<int:pk>/correction/", step_view("correction"), name="correction"),
    path("<int:pk>/corrected/", step_view("corrected"), name="corrected"),
    path("<int:pk>/consult/", step_view("consult"), name="consult"),
    path(
        "<int:pk>/consult/<int:consultation_pk>/delivered/",
        step_view("consult_delivered"),
        name="consult_delivered",
    ),
    path(
        "<int:pk>/consult/<int:consultation_pk>/end/",
        step_view("consult_end"),
        name="consult_end",
    ),
    path(
        "<int:pk>/consult/<int:consultation_pk>/notify/",
        step_view("consult_notify"),
        name="consult_notify",
    ),
    path("<int:pk>/extend/", step_view("extend"), name="extend"),
    path("<int:pk>/fee/split/", step_view("split"), name="split"),
    path("<int:pk>/fee/notice/", step_view("fee_notice"), name="fee_notice"),
    path("<int:pk>/fee/received/", step_view("fee_received"), name="fee_received"),
    path("<int:pk>/fee/paid/", step_view("fee_paid"), name="fee_paid"),
    path("<int:pk>/fee/waive/", step_view("fee_waive"), name="fee_waive"),
    path("<int:pk>/reply/", steps.step_reply, name="reply"),
    path("<int:pk>/reply/secrecy/", step_view("secrecy"), name="secrecy"),
    path("<int:pk>/reply/send/", step_view("send"), name="send"),
    path("<int:pk>/reasons/", step_view("reasons"), name="reasons"),
    path("<int:pk>/reasons/delay/", step_view("delay"), name="delay"),
    path("<int:pk>/deliver/", step_view("deliver"), name="deliver"),
    path("<int:pk>/reviews/", step_view("review"), name="review_add"),
    path(
        "<int:pk>/reviews/<int:case_pk>/conclude/",
        step_view("review_conclude"),
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
