"""axe-core and the phone's width over every page of 政务服务 a citizen or a window clerk
reaches, at desktop and phone widths (the public pages in normal and elderly mode), on the
demo county's catalogue and cases."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import assert_accessible, log_in, switch_to_elderly_mode
from tests.browser.test_phone_width import overflow

pytestmark = pytest.mark.browser

PHONE = 390
CASES = 8  # generated cases besides the fixed ones (one of every state)


@pytest.fixture
def services_demo(site):
    from gongkai.demo.services import load_demo_services
    from gongkai.services.models import Case

    load_demo_services(cases=CASES)
    case = Case.objects.filter(status=Case.Status.AWAITING_APPLICANT).first()
    return {"case": case}


def public_paths() -> list[str]:
    from gongkai.services.models import Power, ServiceItem

    online = ServiceItem.objects.filter(current__online=True).first()
    power = Power.objects.filter(published=True).first()
    return [
        "/zwfw/",
        f"/zwfw/items/{online.code}/",
        f"/zwfw/items/{online.code}/apply/",
        "/zwfw/track/",
        "/zwfw/powers/",
        f"/zwfw/powers/{power.code}/",
    ]


def window_paths(case) -> list[str]:
    return [
        "/workbench/services/",
        f"/workbench/services/cases/{case.number}/",
        "/workbench/services/register/",
        "/workbench/services/inquiries/",
    ]


def catalogue_paths() -> list[str]:
    from gongkai.services.models import ServiceItem

    code = ServiceItem.objects.filter(current__online=True).first().code
    return [
        "/workbench/services/catalogue/",
        f"/workbench/services/catalogue/{code}/",
        f"/workbench/services/catalogue/{code}/edit/",
        f"/workbench/services/catalogue/{code}/template/",
        "/workbench/services/powers/",
    ]


def check(page: Page, paths: list[str], width: int) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
        if reason := overflow(page, width):
            problems.append(reason)
    return problems


def sized(new_page, width: int) -> Page:
    page = new_page(bypass_csp=True)  # axe-core runs in the page
    page.set_viewport_size({"width": width, "height": 800})
    return page


@pytest.mark.parametrize("width", [1280, PHONE], ids=["desktop", "phone"])
def test_the_public_services_pages_pass_axe_and_fit_in_elderly_mode(new_page, services_demo, width):
    page = sized(new_page, width)
    paths = public_paths()
    problems = check(page, paths, width)
    page.goto("/")
    switch_to_elderly_mode(page)
    problems += check(page, paths, width)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, PHONE], ids=["desktop", "phone"])
def test_the_window_pages_pass_axe_and_fit(new_page, services_demo, width):
    """The workbench has no elderly mode of its own (it is the public site's reading mode)."""
    page = sized(new_page, width)
    log_in(page, "clerk")
    problems = check(page, window_paths(services_demo["case"]), width)
    editor = sized(new_page, width)
    log_in(editor, "catalogue_editor")
    problems += check(editor, catalogue_paths(), width)
    assert not problems, "\n".join(problems)
