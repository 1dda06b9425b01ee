"""URL patterns of one part of 政务服务 (see services/urls.py): `public` and `staff` lists.

This part: 差评整改 and 申诉 in the workbench, and the applicant's reply to the answer from the
progress page.
"""

from django.urls import path

from gongkai.services.views import rectification_public
from gongkai.services.views.staff_rectifications import (
    STEPS,
    appeal_list,
    rectification_detail,
    rectification_list,
    step_view,
)

public: list = [
    path(
        "zwfw/track/rectification-reply/",
        rectification_public.track_rectification_reply,
        name="track_rectification_reply",
    ),
]
staff: list = [
    path("rectifications/", rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", rectification_detail, name="rectification"),
    *(
        path(f"rectifications/<int:pk>/{name}/", step_view(name), name=f"rectification_{name}")
        for name in STEPS
    ),
    path("appeals/", appeal_list, name="appeals"),
]

# The pages that light up the window's menu entry (services/apps.py).
PAGES = tuple(pattern.name for pattern in staff)
