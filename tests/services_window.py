"""Building blocks for the window's view tests (tests/test_services_staff_views.py and
tests/test_services_window_intake.py): signing a persona in, a case at each stage, a scan."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.services import actions
from gongkai.services.models import Case
from tests.conftest import totp_token
from tests.documents import make_pdf
from tests.pages import at, page
from tests.services_cases import PASSWORD, organisation, submissions

NOW = "2025-11-03 10:00"  # a Monday


def sign_in(client, user, next_url: str = ""):
    """Sign `user` in through the real login pages (password, then the second factor); the
    client keeps the last response as `last_response`."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post("/workbench/login/", data)
    assert response.status_code == 302, page(response)[:300]
    response = client.post("/workbench/login/otp/", {"token": totp_token(device)})
    assert response.status_code == 302
    client.last_response = response
    return client


def submit(item, when: str = "2025-10-31 09:00", skip=None, **applicant):
    with at(when):
        case, _code = actions.submit_online(
            item=item, data=organisation(**applicant), materials=submissions(item, skip=skip)
        )
    return case


def url(case: Case, suffix: str = "") -> str:
    return f"/workbench/services/cases/{case.number}/{suffix}"


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def accepted(window, item, when: str = "2025-10-31 09:00") -> Case:
    case = submit(item, when)
    with at(when):
        actions.accept_case(actor=window.clerk, case=case)
    return fresh(case)


def at_decision(window, item) -> Case:
    case = accepted(window, item)
    with at("2025-11-03 09:00"):
        actions.review_case(actor=window.clerk, case=case, opinion="符合条件。")
    return fresh(case)


def upload(name: str):
    """A scan handed in at the window."""
    return SimpleUploadedFile(name, make_pdf("scan"), content_type="application/pdf")
