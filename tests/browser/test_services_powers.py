"""The 职权目录 in a browser: axe-core on its public and staff pages (normal and elderly mode),
the chart drawn under the site's strict Content-Security-Policy, and a phone's width."""

import pytest

from tests.browser.helpers import assert_accessible, log_in, switch_to_elderly_mode

pytestmark = pytest.mark.browser

PHONE = 360


@pytest.fixture
def powers(site):
    """Two public powers of 农业农村局 (one with a long step), one not public, and its editor."""
    from gongkai.core import actions as core_actions
    from gongkai.core.models import Department
    from gongkai.demo.county import DEMO_PASSWORD
    from gongkai.services import roles
    from gongkai.services.actions.powers import PowerData, publish_power, save_power

    nyj = Department.objects.get(short_code="NYJ")
    editor = core_actions.create_user(actor=None, username="power_editor", password=DEMO_PASSWORD)
    core_actions.assign_role(actor=None, user=editor, department=nyj, role=roles.CATALOGUE_EDITOR)
    made = []
    for code, name, category, steps in [
        ("B-XK-1", "动物防疫条件合格证核发", "licensing", "受理申请\n现场审查\n作出决定\n送达"),
        ("B-CF-1", "对未取得动物防疫条件合格证从事经营活动的处罚", "penalty",
         "立案\n调查取证，制作现场检查笔录和询问笔录，收集证据材料\n告知陈述申辩和听证权利\n决定\n执行"),
        ("B-JC-1", "动物防疫监督检查", "inspection", "检查\n处理"),
    ]:  # fmt: skip
        made.append(
            save_power(
                actor=None,
                data=PowerData(
                    code=code,
                    name=name,
                    category=category,
                    department=nyj,
                    basis="《中华人民共和国动物防疫法》第二十四条",
                    responsibilities="受理、审查、决定、送达各环节的责任。",
                    accountability="不依法履行职责的，依法追究责任。",
                    steps=steps,
                    unit="动物卫生监督所",
                ),
            )
        )
    for power in made[:2]:
        publish_power(actor=None, power=power)
    return made


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_the_public_powers_pages_have_no_serious_violations(axe_page, powers, elderly):
    axe_page.goto("/zwfw/powers/")
    if elderly:
        switch_to_elderly_mode(axe_page)
    for path in [
        "/zwfw/powers/",
        "/zwfw/powers/?category=penalty",
        "/zwfw/powers/?department=abc",  # with its error shown
        "/zwfw/powers/B-CF-1/",
        "/xxgk/",
    ]:
        axe_page.goto(path)
        assert_accessible(axe_page)


def test_the_chart_is_drawn_under_the_sites_policy_and_fits_a_phone(page, powers):
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto("/zwfw/powers/B-CF-1/")
    chart = page.get_by_role("img", name="对未取得动物防疫条件合格证从事经营活动的处罚运行流程图")
    assert chart.locator("rect").count() == 5
    box = chart.bounding_box()
    assert 0 < box["width"] <= PHONE
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE
    assert refused == []


def test_the_staff_pages_have_no_serious_violations(axe_page, powers):
    log_in(axe_page, "power_editor")
    axe_page.goto("/workbench/services/powers/")
    assert_accessible(axe_page)
    axe_page.goto(f"/workbench/services/powers/{powers[0].pk}/")  # public: no form
    assert_accessible(axe_page)
    axe_page.goto("/workbench/services/powers/new/")
    axe_page.get_by_role("button", name="保存").click()
    assert axe_page.locator(".errorlist").count() >= 1
    assert_accessible(axe_page)
