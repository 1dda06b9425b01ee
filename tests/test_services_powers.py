"""The 职权目录: a power drafted by its department's editor, made public by a reviewer, shown on
/zwfw/powers/ with its process chart, and listed on the 政府信息公开 page (条例 Art. 20)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core import actions as core_actions
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.services import chart, roles
from gongkai.services.actions.powers import PowerData, publish_power, save_power, unpublish_power
from gongkai.services.models import Power, ServiceItem, ServiceItemVersion
from gongkai.services.rules import ItemType
from tests.pages import assert_login_required, field_errors, page, textarea

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
BASIS = "《中华人民共和国动物防疫法》第二十四条"
STEPS = "受理申请\n现场审查\n作出决定\n送达"


@pytest.fixture
def people(county):
    """An editor of 农业农村局, one of 民政局, and the county's catalogue reviewer."""

    def person(username, role, department):
        user = core_actions.create_user(
            actor=None, username=username, password=DEMO_PASSWORD, display_name=username
        )
        core_actions.assign_role(
            actor=None, user=user, department=county.dept[department], role=role
        )
        county.user[username] = user
        return user

    person("nyj_cat", roles.CATALOGUE_EDITOR, "NYJ")
    person("mzj_cat", roles.CATALOGUE_EDITOR, "MZJ")
    person("cat_reviewer", roles.CATALOGUE_REVIEWER, "SFX")
    return county


def data(county, **changes) -> PowerData:
    values = {
        "code": "NYJ-XK-001",
        "name": "动物防疫条件合格证核发",
        "category": ItemType.LICENSING.value,
        "department": county.dept["NYJ"],
        "basis": BASIS,
        "responsibilities": "1.受理责任：公示应当提交的材料。\n2.审查责任：现场审查。",
        "accountability": "对符合条件不予许可的，依法追究责任。",
        "steps": STEPS,
        "unit": "动物防疫股",
    }
    return PowerData(**{**values, **changes})


def published(county, **changes) -> Power:
    power = save_power(actor=None, data=data(county, **changes))
    return publish_power(actor=None, power=power)


def item_of(department, code="NYJ-SX-01", name="动物防疫条件合格证") -> ServiceItem:
    """A catalogue item with a version in force (the catalogue's own actions are tested apart)."""
    item = ServiceItem.objects.create(code=code, department=department)
    version = ServiceItemVersion.objects.create(
        item=item,
        number=1,
        state=ServiceItemVersion.State.PUBLISHED,
        name=name,
        item_type=ItemType.LICENSING,
        implementing_body=department.name,
        legal_basis=BASIS,
        conditions="有固定场所",
        process="受理\n决定",
        legal_days=20,
        promised_days=10,
        consult="电话",
        complaint="电话",
        place="政务服务中心",
        hours="工作日",
        audience="organisation",
    )
    item.current = version
    item.save(update_fields=["current"])
    return item


# ---------------------------------------------------------------- the chart


def test_the_chart_draws_one_box_per_step_and_parses_as_xml():
    svg = chart.process_svg(["受理", "审查", "决定"], "许可流程图")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert len(root.findall(f"{SVG}rect")) == 3
    assert len(root.findall(f"{SVG}polygon")) == 2  # the arrows between them
    assert root.find(f"{SVG}title").text == "许可流程图"
    assert root.find(f"{SVG}desc").text == "第1步：受理；第2步：审查；第3步：决定"


def test_a_step_cannot_add_markup_to_the_page():
    evil = '<script>alert(1)</script>"><svg onload=alert(2)> & \x07'
    svg = chart.process_svg([evil, "决定"], title="</title><script>")
    assert "<script" not in svg and "<svg onload" not in svg
    root = ET.fromstring(svg)  # still one well-formed element
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "".join(texts[0].split()) == "".join(evil.replace("\x07", "").split())
    assert root.find(f"{SVG}title").text == "</title><script>"


def test_the_chart_uses_no_style_the_csp_would_block():
    svg = chart.process_svg(["受理", "决定"])
    assert "style" not in svg


def test_long_steps_wrap_inside_their_box_counting_cjk_as_full_width():
    cjk = "审" * 30  # 30 ems: two lines
    latin = "A" * 30  # 18 ems: one line
    assert len(chart.wrap(cjk)) == 2
    assert len(chart.wrap(latin)) == 1
    for line in chart.wrap(cjk + latin + "审查" * 20):
        assert sum(chart.char_units(c) for c in line) <= chart.LINE_UNITS
    root = ET.fromstring(chart.process_svg([cjk, "决定"]))
    first, second = root.findall(f"{SVG}rect")
    assert int(first.get("height")) > int(second.get("height"))
    assert len(list(root.find(f"{SVG}text"))) == 2  # two lines in the first box


# ---------------------------------------------------------------- the actions


def test_an_editor_creates_a_power_and_the_audit_log_records_it(people):
    power = save_power(actor=people.user["nyj_cat"], data=data(people, steps="受理\n\n  决定 \n"))
    assert power.step_list() == ["受理", "决定"]
    assert not power.published
    event = AuditEvent.objects.filter(action="services.power_create", object_id=str(power.pk))
    assert event.get().actor_id == people.user["nyj_cat"].pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"basis": "动物防疫法第二十四条"}, "basis", "书名号"),
        ({"basis": "《中华人民共和国动物防疫法》"}, "basis", "具体条款"),
        ({"basis": " "}, "basis", "请填写实施依据"),
        ({"steps": "受理"}, "steps", "至少要有两个环节"),
        ({"steps": "受理\n" + "审" * 61}, "steps", "第 2 个环节"),
        ({"category": "public_service"}, "category", "十类行政职权"),
        ({"code": "a/b"}, "code", "职权编码只能"),
        ({"name": ""}, "name", "职权名称"),
        ({"responsibilities": ""}, "responsibilities", "责任事项"),
        ({"accountability": ""}, "accountability", "追责情形"),
    ],
)
def test_a_power_that_does_not_say_what_the_catalogue_needs_is_refused(
    people, changes, field, message
):
    with pytest.raises(InvalidInput) as refused:
        save_power(actor=people.user["nyj_cat"], data=data(people, **changes))
    assert refused.value.field == field
    assert message in refused.value.message
    assert not Power.objects.filter(code="NYJ-XK-001").exists()


def test_the_service_item_must_be_of_the_same_department(people):
    other = item_of(people.dept["MZJ"], code="MZJ-SX-01")
    with pytest.raises(InvalidInput) as refused:
        save_power(actor=people.user["nyj_cat"], data=data(people, service_item=other))
    assert refused.value.field == "service_item"
    own = item_of(people.dept["NYJ"])
    power = save_power(actor=people.user["nyj_cat"], data=data(people, service_item=own))
    assert power.service_item == own


def test_a_code_is_used_once(people):
    save_power(actor=None, data=data(people))
    with pytest.raises(InvalidInput) as refused:
        save_power(actor=people.user["nyj_cat"], data=data(people, name="另一项"))
    assert refused.value.field == "code"


def test_an_editor_of_another_department_may_neither_create_nor_change(people):
    with pytest.raises(PermissionDenied):
        save_power(actor=people.user["mzj_cat"], data=data(people))
    power = save_power(actor=None, data=data(people))
    with pytest.raises(PermissionDenied):
        save_power(
            actor=people.user["mzj_cat"],
            power=power,
            data=data(people, department=people.dept["MZJ"]),
        )
    power.refresh_from_db()
    assert power.department == people.dept["NYJ"]


def test_only_a_reviewer_publishes_and_withdraws(people):
    power = save_power(actor=people.user["nyj_cat"], data=data(people))
    with pytest.raises(PermissionDenied):
        publish_power(actor=people.user["nyj_cat"], power=power)
    publish_power(actor=people.user["cat_reviewer"], power=power)
    with pytest.raises(InvalidTransition):
        publish_power(actor=people.user["cat_reviewer"], power=power)
    with pytest.raises(PermissionDenied):
        unpublish_power(actor=people.user["nyj_cat"], power=power)
    unpublish_power(actor=people.user["cat_reviewer"], power=power)
    actions = AuditEvent.objects.filter(object_id=str(power.pk)).values_list("action", flat=True)
    assert {"services.power_publish", "services.power_unpublish"} <= set(actions)


def test_a_public_power_is_changed_only_by_a_reviewer_and_keeps_its_code(people):
    power = published(people)
    with pytest.raises(PermissionDenied):
        save_power(actor=people.user["nyj_cat"], power=power, data=data(people, name="改名"))
    with pytest.raises(InvalidInput) as refused:
        save_power(actor=people.user["cat_reviewer"], power=power, data=data(people, code="X-1"))
    assert refused.value.field == "code"
    save_power(actor=people.user["cat_reviewer"], power=power, data=data(people, name="改名"))
    event = AuditEvent.objects.get(action="services.power_update", object_id=str(power.pk))
    assert event.data["changed"] == {"name": ["动物防疫条件合格证核发", "改名"]}


# ---------------------------------------------------------------- the public pages


def test_publishing_shows_on_the_public_pages_on_the_next_request(client, people):
    power = save_power(actor=None, data=data(people))
    listing = client.get("/zwfw/powers/")
    assert listing.status_code == 200 and "动物防疫条件合格证核发" not in page(listing)
    assert client.get("/zwfw/powers/NYJ-XK-001/").status_code == 404
    publish_power(actor=people.user["cat_reviewer"], power=power)
    assert "动物防疫条件合格证核发" in page(client.get("/zwfw/powers/"))
    assert client.get("/zwfw/powers/NYJ-XK-001/").status_code == 200
    save_power(actor=people.user["cat_reviewer"], power=power, data=data(people, name="新名称"))
    assert "新名称" in page(client.get("/zwfw/powers/NYJ-XK-001/"))
    unpublish_power(actor=people.user["cat_reviewer"], power=power)
    assert client.get("/zwfw/powers/NYJ-XK-001/").status_code == 404
    assert "新名称" not in page(client.get("/zwfw/powers/"))


def test_a_power_page_shows_its_basis_duties_and_chart(client, people):
    item = item_of(people.dept["NYJ"])
    published(people, basis="《中华人民共和国动物防疫法》第二十四条<b>", service_item=item)
    response = client.get("/zwfw/powers/NYJ-XK-001/")
    html = page(response)
    assert client.get("/zwfw/powers/NYJ-XK-001/")["X-Cache"] == "hit"  # shared by the page cache
    for text in ("行政许可", "县农业农村局（畜牧）", "动物防疫股", "受理责任", "不予许可的"):
        assert text in html
    assert "第二十四条&lt;b&gt;" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert len(ET.fromstring(svg).findall(f"{SVG}rect")) == 4
    assert re.search(r'<ol class="power-steps"><li>受理申请</li>', html)
    assert f'href="/zwfw/items/{item.code}/"' in html
    assert "办事指南：动物防疫条件合格证" in html


def test_the_list_groups_by_category_with_counts_and_filters_by_department(client, people):
    Power.objects.all().delete()  # whatever the demo county holds: counted from here
    published(people)
    published(people, code="NYJ-CF-001", name="对违法行为的处罚", category="penalty")
    published(people, code="MZJ-JF-001", name="最低生活保障金给付", category="benefit",
              department=people.dept["MZJ"])  # fmt: skip
    html = page(client.get("/zwfw/powers/"))
    assert "共 3 项" in html
    assert re.search(r"行政许可 <span class=\"count\">（1 项）</span>", html)
    assert re.search(r"行政征收 <span class=\"count\">（0 项）</span>", html)
    assert html.index('id="kind-licensing"') < html.index('id="kind-penalty"')
    nyj = page(client.get(f"/zwfw/powers/?department={people.dept['NYJ'].pk}"))
    assert "对违法行为的处罚" in nyj and "最低生活保障金给付" not in nyj
    benefit = page(client.get("/zwfw/powers/?category=benefit"))
    assert "最低生活保障金给付" in benefit and "对违法行为的处罚" not in benefit


def test_a_bad_filter_is_told_next_to_the_field_and_the_rest_is_listed(client, people):
    published(people)
    response = client.get("/zwfw/powers/?department=abc&category=penalty")
    assert response.status_code == 200
    assert field_errors(response, "department")
    assert "动物防疫条件合格证核发" not in page(response)  # the valid category still applies
    assert client.get("/zwfw/powers/?page=999").status_code == 200


def test_the_public_pages_answer_only_reading(client, people):
    published(people)
    assert client.post("/zwfw/powers/").status_code == 405
    assert client.post("/zwfw/powers/NYJ-XK-001/").status_code == 405
    assert client.get("/zwfw/powers/NOPE/").status_code == 404


def _queries(client, path: str) -> int:
    caches["pages"].clear()  # rendered, not answered from the page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_list_reads_a_fixed_number_of_queries(client, people):
    for n in range(2):
        published(people, code=f"Q-{n}", department=people.dept["MZJ" if n % 2 else "NYJ"])
    few = _queries(client, "/zwfw/powers/")
    for n in range(2, 20):
        published(people, code=f"Q-{n}", department=people.dept["MZJ" if n % 2 else "NYJ"])
    # Its departments, its counts, its page; and the other modules' content versions, which
    # every page the page cache may keep reads.
    assert _queries(client, "/zwfw/powers/") == few <= 4
    assert _queries(client, "/zwfw/powers/Q-3/") <= 2


def test_the_open_government_catalogue_links_to_the_powers(client, people):
    html = page(client.get("/xxgk/"))
    assert re.search(
        r'<a href="/zwfw/powers/">行政职权目录（条例第二十条第（二）、（五）项）</a>', html
    )


def test_a_public_power_is_found_by_the_search_and_leaves_it_when_withdrawn(
    people, django_capture_on_commit_callbacks
):
    from gongkai.search.api import search

    with django_capture_on_commit_callbacks(execute=True):
        power = save_power(actor=None, data=data(people, name="动物诊疗许可证核发"))
    assert search("动物诊疗许可证").total == 0  # not public: not indexed
    with django_capture_on_commit_callbacks(execute=True):
        publish_power(actor=people.user["cat_reviewer"], power=power)
    hits = search("动物诊疗许可证").hits
    assert [(h.title, h.url) for h in hits] == [("动物诊疗许可证核发", "/zwfw/powers/NYJ-XK-001/")]
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_power(actor=people.user["cat_reviewer"], power=power)
    assert search("动物诊疗许可证").total == 0


# ---------------------------------------------------------------- the staff pages


def test_the_staff_list_shows_the_users_departments_only(staff_client, people):
    save_power(actor=None, data=data(people))
    save_power(actor=None, data=data(people, code="MZJ-1", name="民政的职权",
                                       department=people.dept["MZJ"]))  # fmt: skip
    html = page(staff_client("nyj_cat").get("/workbench/services/powers/"))
    assert "动物防疫条件合格证核发" in html and "民政的职权" not in html
    assert "power_publish" not in html and "/publish/" not in html  # an editor does not publish


def test_the_staff_pages_are_for_catalogue_staff(client, staff_client, people):
    assert_login_required(client.get("/workbench/services/powers/"), "/workbench/services/powers/")
    response = staff_client("editor").get("/workbench/services/powers/")  # a 政务公开 editor
    assert response.status_code == 403
    power = save_power(actor=None, data=data(people))
    other = staff_client("mzj_cat")
    assert other.get(f"/workbench/services/powers/{power.pk}/").status_code == 403
    assert other.put("/workbench/services/powers/new/").status_code == 405
    assert other.delete(f"/workbench/services/powers/{power.pk}/publish/").status_code == 405
    assert other.post(f"/workbench/services/powers/{power.pk}/publish/").status_code == 403
    posted = {"code": "X-2", "name": "改名", "category": "licensing", "steps": "受理\n决定"}
    assert other.post(f"/workbench/services/powers/{power.pk}/", posted).status_code == 403


def test_an_editor_creates_a_power_through_the_form(staff_client, people):
    browser = staff_client("nyj_cat")
    form = {
        "code": "NYJ-XK-009",
        "name": "兽药经营许可",
        "category": "licensing",
        "department": people.dept["NYJ"].pk,
        "basis": "《兽药管理条例》",
        "responsibilities": "受理、审查、决定",
        "accountability": "违法许可的",
        "steps": "受理\n决定",
    }
    refused = browser.post("/workbench/services/powers/new/", form)
    assert refused.status_code == 200
    assert "具体条款" in field_errors(refused, "basis")
    assert textarea(refused, "basis") == "《兽药管理条例》"  # what was typed is kept
    assert not Power.objects.filter(code="NYJ-XK-009").exists()
    form["basis"] = "《兽药管理条例》第二十二条"
    saved = browser.post("/workbench/services/powers/new/", form)
    power = Power.objects.get(code="NYJ-XK-009")
    assert (
        saved.status_code == 302 and saved["Location"] == f"/workbench/services/powers/{power.pk}/"
    )
    assert power.step_list() == ["受理", "决定"] and not power.published


def test_a_reviewer_publishes_from_the_power_page(client, staff_client, people):
    power = save_power(actor=None, data=data(people))
    editor = staff_client("nyj_cat")
    assert editor.post(f"/workbench/services/powers/{power.pk}/publish/").status_code == 403
    client.logout()
    reviewer = staff_client("cat_reviewer")
    edit_page = f"/workbench/services/powers/{power.pk}/"
    assert reviewer.get(f"{edit_page}publish/")["Location"] == edit_page  # nothing on GET
    done = reviewer.post(f"{edit_page}publish/")
    assert done.status_code == 302 and done["Location"] == edit_page
    power.refresh_from_db()
    assert power.published
    again = reviewer.post(f"{edit_page}publish/", follow=True)
    assert "该职权已经公开" in page(again)


def test_an_editor_sees_a_public_power_without_a_form(staff_client, people):
    power = published(people)
    html = page(staff_client("nyj_cat").get(f"/workbench/services/powers/{power.pk}/"))
    assert "只有事项清单审核人可以修改" in html
    assert 'name="basis"' not in html
