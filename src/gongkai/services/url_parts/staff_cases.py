"""The window's pages (staff, under the staff prefix + "services/"): the queues, a case and
its next steps, registration at the window, 首问负责."""

from django.urls import path

from gongkai.services.views.staff import case_page, inquiries, queue, register
from gongkai.services.views.staff.steps import STEPS, step_view

public: list = []
staff: list = [
    path("", queue.queue, name="queue"),
    path("register/", register.register, name="register"),
    path("inquiries/", inquiries.inquiry_list, name="inquiries"),
    path("inquiries/<int:pk>/", inquiries.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/hand-over/", inquiries.inquiry_hand_over, name="inquiry_hand_over"),
    path("inquiries/<int:pk>/close/", inquiries.inquiry_close, name="inquiry_close"),
    path("cases/<str:number>/", case_page.case_detail, name="case"),
    path("cases/<str:number>/registered/", register.registered, name="registered"),
    path("cases/<str:number>/identity/", case_page.case_identity, name="identity"),
    path(
        "cases/<str:number>/materials/<int:pk>/",
        case_page.material_download,
        name="material",
    ),
    path(
        "cases/<str:number>/documents/<int:pk>/",
        case_page.document_download,
        name="document",
    ),
    *(
        path(f"cases/<str:number>/{name.replace('_', '-')}/", step_view(name), name=name)
        for name in STEPS
    ),
]

# The pages that light up the window's menu entry (services/apps.py).
PAGES = tuple(pattern.name for pattern in staff)
