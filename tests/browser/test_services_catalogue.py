"""The catalogue in a browser: axe-core on its public pages (normal and elderly mode, desktop
and phone width) and on its staff pages, and the edit form's round trip without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, log_in, switch_to_elderly_mode

pytestmark = pytest.mark.browser

PHONE = 360
CODE = "11341122MB-DWFY-1"


@pytest.fixture
def catalogue(site):
    """A published item of 农业农村局 with a fee and a conditional material, an editor and a
    reviewer."""
    from gongkai.core import actions as core_actions
    from gongkai.core.models import Department
    from gongkai.demo.county import DEMO_PASSWORD
    from gongkai.services import roles
    from gongkai.services.actions import catalogue as actions

    nyj = Department.objects.get(short_code="NYJ")
    people = {}
    for username, role in [
        ("catalogue_editor_b", roles.CATALOGUE_EDITOR),
        ("catalogue_reviewer_b", roles.CATALOGUE_REVIEWER),
    ]:
        people[role] = core_actions.create_user(
            actor=None, username=username, password=DEMO_PASSWORD, display_name=username
        )
        core_actions.assign_role(actor=None, user=people[role], department=nyj, role=role)
    editor, reviewer = people[roles.CATALOGUE_EDITOR], people[roles.CATALOGUE_REVIEWER]
    item = actions.create_item(actor=editor, code=CODE, department=nyj)
    version = actions.draft_version(
        actor=editor,
        item=item,
        data=actions.VersionData(
            name="动物防疫条件合格证核发",
            item_type="licensing",
            implementing_body="县农业农村局",
            legal_basis="《中华人民共和国动物防疫法》第二十四条、第二十五条",
            conditions="场所选址、布局符合动物防疫要求；有与其规模相适应的污水、污物处理设施。",
            process="申请\n受理\n现场审查\n决定\n送达",
            legal_days=20,
            promised_days=10,
            consult="0558-1234567",
            complaint="12345 政务服务便民热线",
            place="县政务服务中心二楼农业农村窗口",
            hours="工作日 9:00-12:00，13:30-17:00",
            audience="organisation",
            handling_form="both",
            online=True,
            charges=True,
            life_events=["agriculture", "operation"],
            result_name="动物防疫条件合格证",
        ),
        materials=[
            actions.MaterialData(name="动物防疫条件审查申请表", notes="加盖公章"),
            actions.MaterialData(
                name="场所周边环境图", necessity="conditional", condition="新建场所提供"
            ),
        ],
        fees=[actions.FeeData(name="证书工本费", standard="10元/本", basis="皖价费〔2019〕1号")],
    )
    actions.submit_version(actor=editor, version=version)
    actions.approve_version(actor=reviewer, version=version)
    return {"item": item, "editor": editor, "reviewer": reviewer}


PUBLIC = ["/zwfw/", "/zwfw/?q=防疫", f"/zwfw/items/{CODE}/", "/zwfw/events/agriculture/"]


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
@pytest.mark.parametrize("width", [1280, PHONE], ids=["desktop", "phone"])
def test_the_public_catalogue_pages_have_no_serious_violations(axe_page, catalogue, elderly, width):
    axe_page.set_viewport_size({"width": width, "height": 800})
    axe_page.goto("/zwfw/")
    if elderly:
        switch_to_elderly_mode(axe_page)
    department = f"/zwfw/departments/{catalogue['item'].department_id}/"
    for path in [*PUBLIC, department]:
        axe_page.goto(path)
        assert_accessible(axe_page)
        # The page itself never scrolls sideways; wide tables scroll in their own boxes.
        overflow = axe_page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_the_home_page_leads_to_the_guide_by_keyboard_without_javascript(new_page, catalogue):
    page = new_page(javascript=False)
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政务服务").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政务服务")
    page.get_by_label("搜索办事事项").fill("防疫")
    page.get_by_label("搜索办事事项").press("Enter")
    page.get_by_role("link", name="动物防疫条件合格证核发").click()
    for heading in ("受理条件", "申请材料", "办理流程", "收费"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="10元/本")).to_be_visible()


def test_the_staff_pages_have_no_serious_violations_and_the_form_works_without_javascript(
    axe_page, new_page, catalogue
):
    log_in(axe_page, "catalogue_editor_b")
    for path in [
        "/workbench/services/catalogue/",
        "/workbench/services/catalogue/new/",
        f"/workbench/services/catalogue/{CODE}/",
        f"/workbench/services/catalogue/{CODE}/edit/",
    ]:
        axe_page.goto(path)
        assert_accessible(axe_page)
    # Bad input: the error next to the field, the summary, nothing lost; also checked by axe.
    axe_page.get_by_label("承诺办结时限（工作日）").fill("30")
    axe_page.get_by_role("button", name="保存草稿").first.click()
    expect(axe_page.locator("#id_promised_days_error")).to_contain_text("不能超过法定办结时限")
    expect(axe_page.get_by_label("承诺办结时限（工作日）")).to_have_value("30")
    assert_accessible(axe_page)

    page = new_page(javascript=False)
    log_in(page, "catalogue_editor_b")
    page.goto(f"/workbench/services/catalogue/{CODE}/edit/")
    page.get_by_label("事项名称").fill("动物防疫条件合格证核发（变更）")
    page.get_by_role("button", name="增加材料行").click()
    expect(page.get_by_label("第 6 行材料名称")).to_be_visible()
    expect(page.get_by_label("事项名称")).to_have_value("动物防疫条件合格证核发（变更）")
    page.get_by_label("第 3 行材料名称").fill("法人身份证复印件")
    page.get_by_role("button", name="保存草稿").first.click()
    expect(page.get_by_text("已保存草稿")).to_be_visible()
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("heading", name="第2版：待审核")).to_be_visible()
