"""村务公开: a village's three columns, the 财务公开 table form, one level of review by the
township, and the township's health warning. The public pages and the Excel export are in
test_villages_public.py."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import actions as core_actions
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Department
from gongkai.publishing import actions, roles
from gongkai.publishing.actions import ItemData
from gongkai.publishing.models import Column, Item, Step, VillagePart
from gongkai.publishing.pii_gate import PersonalInfoFound
from tests.pages import assert_forbidden, assert_login_required, at, field_errors, page
from tests.villages import QUARTER, finance_item, parts_of, pending, published_finance, table

pytestmark = pytest.mark.django_db

NEW = "/workbench/publishing/new/"
HEALTH = "/workbench/publishing/health/"
VILLAGES = "/workbench/publishing/villages/"
ROWS = "finance-rows"


# ---------------------------------------------------------------- personas and helpers


@pytest.fixture
def people(county):
    return county.user


@pytest.fixture
def heping(county):
    """和平村's three columns by part (党务公开, 村务公开, 财务公开), and its section."""
    return parts_of(actions.set_up_village(actor=None, village=county.dept["GSX-HPC"]))


@pytest.fixture
def other_township_chief(county):
    """The chief editor of another township: must not judge 高山乡's villages."""
    township = core_actions.create_department(
        actor=None,
        name="云岭镇人民政府",
        short_code="YLZ",
        kind=Department.Kind.TOWNSHIP,
        parent=county.dept["SFX"],
    )
    user = core_actions.create_user(
        actor=None, username="yunling_chief", password="Gongkai-Demo-2026", display_name="云主编"
    )
    core_actions.assign_role(actor=None, user=user, department=township, role=roles.CHIEF_EDITOR)
    county.user["yunling_chief"] = user
    return user


def form(columns, rows=(), add=None, **overrides) -> dict:
    """The item form as the browser posts it for the 财务公开 column, with `rows` filled in."""
    data = {
        "column": columns[VillagePart.FINANCE].pk,
        "title": "和平村2026年第一季度财务收支公开",
        "topic": "general",
        "content_kind": "ordinary",
        "finance-year": "2026",
        "finance-quarter": "1",
        f"{ROWS}-TOTAL_FORMS": "5",
        f"{ROWS}-INITIAL_FORMS": "0",
        f"{ROWS}-MIN_NUM_FORMS": "0",
        f"{ROWS}-MAX_NUM_FORMS": "200",
    }
    for i, (direction, name, amount, note) in enumerate(rows):
        data.update(
            {
                f"{ROWS}-{i}-direction": direction,
                f"{ROWS}-{i}-name": name,
                f"{ROWS}-{i}-amount": amount,
                f"{ROWS}-{i}-note": note,
            }
        )
    if add:
        data["finance-add-rows"] = "1"
    data.update(overrides)
    return data


# ---------------------------------------------------------------- setting a village up


def test_setting_up_a_village_opens_its_three_columns_in_the_townships_section(county, heping):
    own = heping[VillagePart.VILLAGE]
    assert own.name == "高山乡和平村" and own.kind == Column.Kind.SECTION
    township = own.parent
    assert township.village_part == VillagePart.VILLAGES
    assert township.department == county.dept["GSX"] and township.name == "村务公开"
    parts = list(own.children.order_by("order"))
    assert [c.name for c in parts] == ["党务公开", "村务公开", "财务公开"]
    assert all(c.department == county.dept["GSX-HPC"] for c in [own, *parts])
    # One level of review (the township's 网站主编); due every quarter (第三十条).
    assert {(c.kind, c.review_levels, c.update_interval_days) for c in parts} == {
        (Column.Kind.LIST, 2, 92)
    }
    event = AuditEvent.objects.get(action="village.set_up")
    assert event.data == {"township": "GSX", "section": own.slug}


def test_the_second_village_joins_the_same_township_section(county, heping):
    xinqiao = actions.set_up_village(actor=None, village=county.dept["GSX-XQC"])
    assert xinqiao.parent == heping[VillagePart.VILLAGE].parent
    assert Column.objects.filter(village_part=VillagePart.VILLAGES).count() == 1


def test_the_township_section_goes_under_the_townships_own_section(county):
    from gongkai.demo.publishing import load_demo_columns

    load_demo_columns()
    own = actions.set_up_village(actor=None, village=county.dept["GSX-HPC"])
    assert own.parent.parent.slug == "gsx-xxgk"


def test_a_village_is_set_up_once(county, heping):
    before = Column.objects.count()
    with pytest.raises(InvalidTransition, match="已开设"):
        actions.set_up_village(actor=None, village=county.dept["GSX-HPC"])
    assert Column.objects.count() == before


def test_only_a_village_under_a_township_is_set_up(county, people):
    with pytest.raises(InvalidInput, match="不是村"):
        actions.set_up_village(actor=None, village=county.dept["GSX"])
    stray = core_actions.create_department(
        actor=None, name="县直某社区", short_code="SQ", kind=Department.Kind.VILLAGE,
        parent=county.dept["SFX"],
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="不在乡镇之下"):
        actions.set_up_village(actor=None, village=stray)
    with pytest.raises(PermissionDenied):
        actions.set_up_village(actor=people["township_chief"], village=county.dept["GSX-XQC"])
    assert not Column.objects.exists()


# ---------------------------------------------------------------- the table form


def test_the_finance_form_starts_from_the_last_complete_quarter(staff_client, heping):
    with at("2026-05-06 09:00"):
        response = staff_client("heping_editor").get(
            f"{NEW}?column={heping[VillagePart.FINANCE].pk}"
        )
    text = page(response)
    assert 'name="finance-year" value="2026"' in text
    assert '<option value="1" selected>' in text
    assert text.count(f'name="{ROWS}-') >= 5 * 4  # five blank rows of four fields
    assert 'name="finance-add-rows"' in text


def test_a_valid_table_is_stored_on_the_revision(staff_client, heping):
    rows = [("income", "上级转移支付", "45000", ""), ("expenditure", "村道维修", "9800.5", "二组")]
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(NEW, form(heping, rows))
    item = Item.objects.get(column=heping[VillagePart.FINANCE])
    assert response.status_code == 302
    assert item.latest_revision.finance == {
        "year": 2026,
        "quarter": 1,
        "rows": [
            {"direction": "income", "name": "上级转移支付", "amount": "45000.00", "note": ""},
            {"direction": "expenditure", "name": "村道维修", "amount": "9800.50", "note": "二组"},
        ],
    }


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("一万", "请填写数字金额"),
        ("12.345", "最多保留两位小数"),
        ("-5", "不能为负数"),
        ("1,200", "请填写数字金额"),
        ("NaN", "请填写数字金额"),
        ("", "请填写金额"),
    ],
)
def test_a_bad_amount_is_named_next_to_its_row_and_kept(staff_client, heping, amount, message):
    rows = [("income", "上级转移支付", "45000", ""), ("expenditure", "村道维修", amount, "二组")]
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(NEW, form(heping, rows))
    assert response.status_code == 200
    assert message in field_errors(response, f"{ROWS}-1-amount")
    assert field_errors(response, f"{ROWS}-0-amount") == ""
    assert f'value="{amount}"' in page(response) or amount == ""
    assert 'value="村道维修"' in page(response) and 'value="二组"' in page(response)
    assert "处需要修改" in page(response)
    assert not Item.objects.exists()


def test_an_incomplete_row_says_what_is_missing(staff_client, heping):
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(NEW, form(heping, [("", "", "300", "")]))
    assert "请选择收入或支出" in field_errors(response, f"{ROWS}-0-direction")
    assert "请填写项目" in field_errors(response, f"{ROWS}-0-name")
    assert not Item.objects.exists()


def test_an_empty_table_is_refused_and_the_rest_is_kept(staff_client, heping):
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(NEW, form(heping, summary="本季度收支"))
    assert "收支明细表至少要填写一行" in field_errors(response, ROWS)
    assert 'value="和平村2026年第一季度财务收支公开"' in page(response)
    assert "本季度收支" in page(response)
    assert not Item.objects.exists()


def test_a_quarter_not_yet_begun_is_refused(staff_client, heping):
    rows = [("income", "上级转移支付", "45000", "")]
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(
            NEW, form(heping, rows, **{"finance-quarter": "3"})
        )
    assert "尚未开始的季度" in field_errors(response, "finance-quarter")
    assert not Item.objects.exists()


def test_adding_rows_keeps_everything_typed_and_saves_nothing(staff_client, heping):
    rows = [("income", "上级转移支付", "45000", "")] * 5
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(
            NEW, form(heping, rows, add=True, title="未完成的公开")
        )
    text = page(response)
    assert response.status_code == 200 and not Item.objects.exists()
    assert text.count('value="上级转移支付"') == 5
    assert f'name="{ROWS}-9-name"' in text  # five more blank rows
    assert 'value="未完成的公开"' in text
    assert "处需要修改" not in text and 'class="errorlist"' not in text


def test_choosing_the_finance_column_without_its_table_asks_for_the_table(staff_client, heping):
    data = {k: v for k, v in form(heping).items() if not k.startswith("finance")}
    with at("2026-04-03 09:00"):
        response = staff_client("heping_editor").post(NEW, data, follow=True)
    assert "须填写收支明细表" in page(response)
    assert f'name="{ROWS}-0-amount"' in page(response)
    # The table starts from the last complete quarter, as on a form opened for the column.
    assert 'name="finance-year" value="2026"' in page(response)
    assert '<option value="1" selected>' in page(response)
    assert not Item.objects.exists()


def test_other_columns_have_no_table(staff_client, people, heping):
    response = staff_client("heping_editor").get(f"{NEW}?column={heping[VillagePart.PARTY].pk}")
    assert 'name="finance-year"' not in page(response)
    with pytest.raises(InvalidInput, match="只有财务公开"):
        actions.create_item(
            actor=people["heping_editor"],
            column=heping[VillagePart.PARTY],
            data=ItemData(title="党员大会", finance=QUARTER),
        )
    with pytest.raises(InvalidInput, match="须填写收支明细表"):
        actions.create_item(
            actor=people["heping_editor"],
            column=heping[VillagePart.FINANCE],
            data=ItemData(title="没有表的财务公开"),
        )


def test_editing_starts_from_the_stored_table_and_keeps_it_per_revision(
    staff_client, people, heping
):
    item = finance_item(people, heping)
    client = staff_client("heping_editor")
    edit = f"/workbench/publishing/items/{item.pk}/edit/"
    text = page(client.get(edit))
    assert 'value="办公及水电费"' in text and 'value="3650.40"' in text
    rows = [("income", "上级转移支付", "45000.00", ""), ("expenditure", "办公费", "100", "")]
    data = form(heping, rows, **{f"{ROWS}-INITIAL_FORMS": "0"})
    del data["column"]
    with at("2026-04-03 09:00"):
        assert client.post(edit, data).status_code == 302
    first, second = item.revisions.order_by("number")
    assert len(first.finance["rows"]) == 4 and len(second.finance["rows"]) == 2


def test_a_table_typed_before_the_session_ended_is_shown_again(staff_client, heping):
    """core.drafts keeps the post; the form comes back with the rows, nothing saved."""
    from urllib.parse import parse_qs, urlsplit

    from django.contrib.sessions.models import Session

    client = staff_client("heping_editor")
    rows = [("income", "上级转移支付", "45000", ""), ("expenditure", "村道维修", "9800.5", "二组")]
    with at("2026-04-03 09:00"):
        Session.objects.all().delete()
        posted = client.post(NEW, form(heping, rows, title="会话过期前填写的公开"))
        landed = parse_qs(urlsplit(posted["Location"]).query)["next"][0]
        staff_client("heping_editor")
        text = page(client.get(landed))
    assert 'value="会话过期前填写的公开"' in text
    assert 'value="村道维修"' in text and 'value="9800.5"' in text and 'value="二组"' in text
    assert not Item.objects.exists()


def test_the_revision_history_shows_a_changed_figure(staff_client, people, heping):
    item = finance_item(people, heping)
    changed = table(
        ("income", "上级转移支付", "45000.00", ""), ("expenditure", "办公费", "99.00", "")
    )
    actions.save_revision(
        actor=people["heping_editor"], item=item, data=ItemData(title="改", finance=changed)
    )
    text = page(
        staff_client("heping_editor").get(f"/workbench/publishing/items/{item.pk}/revisions/")
    )
    assert re.search(r'class="removed">.*?办公及水电费｜3,650.40', text, re.S)
    assert re.search(r'class="added">.*?办公费｜99.00', text, re.S)


# ---------------------------------------------------------------- one level of review


def test_the_township_reviews_a_village_item_in_one_level(people, heping):
    item = finance_item(people, heping)
    workflow = actions.submit_item(actor=people["heping_editor"], item=item)
    assert [s.level for s in workflow.steps.all()] == [Step.Level.CHIEF_EDITOR]
    actions.approve_step(actor=people["township_chief"], step=pending(item), secrecy_confirmed=True)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.live_revision.finance_table == QUARTER


def test_the_village_editor_cannot_approve_their_own_item(people, heping):
    item = finance_item(people, heping)
    actions.submit_item(actor=people["heping_editor"], item=item)
    with pytest.raises(PermissionDenied):
        actions.approve_step(
            actor=people["heping_editor"], step=pending(item), secrecy_confirmed=True
        )
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT


def test_another_townships_reviewer_cannot_approve(people, heping, other_township_chief):
    item = finance_item(people, heping)
    actions.submit_item(actor=people["heping_editor"], item=item)
    with pytest.raises(PermissionDenied):
        actions.approve_step(actor=other_township_chief, step=pending(item), secrecy_confirmed=True)
    assert pending(item).state == Step.State.PENDING


def test_another_villages_editor_cannot_write_here(people, county, heping):
    actions.set_up_village(actor=None, village=county.dept["GSX-XQC"])
    with pytest.raises(PermissionDenied):
        finance_item(people, heping, editor="xinqiao_editor")


def test_the_review_screen_shows_the_table(staff_client, people, heping):
    item = finance_item(people, heping)
    actions.submit_item(actor=people["heping_editor"], item=item)
    text = page(staff_client("township_chief").get(f"/workbench/publishing/items/{item.pk}/"))
    assert "2026年第一季度收支明细（单位：元）" in text
    assert "办公及水电费" in text and "57,000.50" in text and "32,450.40" in text
    assert "finance.xlsx" not in text  # not public yet: nothing to download


def test_personal_information_in_a_row_stops_the_submission_and_is_masked(people, heping):
    rows = table(("expenditure", "低保金代发", "600.00", "收款人手机13812345678"))
    item = finance_item(people, heping, data_table=rows)
    with pytest.raises(PersonalInfoFound):
        actions.submit_item(actor=people["heping_editor"], item=item)
    revision = actions.mask_personal_info(actor=people["heping_editor"], item=item)
    assert revision.finance["rows"][0]["note"] == "收款人手机138****5678"
    assert revision.finance["rows"][0]["amount"] == "600.00"


# ---------------------------------------------------------------- the township's health panel


def village_warning(text: str) -> str:
    found = re.search(r'<section[^>]*id="village-finance".*?</section>', text, re.S)
    return found.group() if found else ""


def test_the_health_panel_warns_of_a_village_silent_for_over_a_quarter(
    staff_client, people, heping
):
    with at("2026-01-10 10:00"):
        published_finance(people, heping)
    with at("2026-04-01 10:00"):
        fresh = village_warning(page(staff_client("township_chief").get(HEALTH)))
    with at("2026-04-20 10:00"):
        stale = village_warning(page(staff_client("township_chief").get(HEALTH)))
    assert "高山乡和平村最近一次财务公开发布于2026年1月10日，正常" in fresh
    assert "已超过一个季度未公开" not in fresh
    assert "高山乡和平村最近一次财务公开发布于2026年1月10日，已超过一个季度未公开" in stale


def test_the_health_panel_warns_of_a_village_that_never_published(staff_client, heping):
    text = village_warning(page(staff_client("heping_editor").get(HEALTH)))
    assert "高山乡和平村从未发布财务公开" in text
    assert f"{NEW}?column={heping[VillagePart.FINANCE].pk}" in text


def test_the_health_panel_shows_only_the_villages_a_reviewer_covers(
    staff_client, heping, other_township_chief
):
    assert "高山乡和平村" in village_warning(page(staff_client("township_chief").get(HEALTH)))
    assert village_warning(page(staff_client("yunling_chief").get(HEALTH))) == ""


# ---------------------------------------------------------------- setting villages up in the workbench


def test_the_administrator_sees_the_villages_and_sets_one_up(staff_client, county):
    client = staff_client("admin")
    text = page(client.get(VILLAGES))
    assert "高山乡和平村" in text and "高山乡新桥村" in text
    pk = county.dept["GSX-XQC"].pk
    response = client.post(f"{VILLAGES}{pk}/set-up/")
    assert response.status_code == 302 and response["Location"] == VILLAGES
    assert Column.objects.filter(department_id=pk, village_part=VillagePart.FINANCE).exists()
    assert "已开设，查看公开页面" in page(client.get(VILLAGES))


def test_setting_up_refuses_bad_input_with_a_message(staff_client, county, heping):
    client = staff_client("admin")
    before = Column.objects.count()
    response = client.post(f"{VILLAGES}{county.dept['NYJ'].pk}/set-up/")
    assert response.status_code == 400 and "不是村（社区）" in page(response)
    response = client.post(f"{VILLAGES}{county.dept['GSX-HPC'].pk}/set-up/")
    assert response.status_code == 400 and "已开设村务公开栏目" in page(response)
    assert client.post(f"{VILLAGES}999999/set-up/").status_code == 404
    assert Column.objects.count() == before


def test_setting_up_villages_is_for_administrators(client, staff_client, county):
    pk = county.dept["GSX-XQC"].pk
    assert_login_required(client.get(VILLAGES), VILLAGES)
    editor = staff_client("township_chief")
    assert_forbidden(editor.get(VILLAGES), "仅限系统管理员")
    assert_forbidden(editor.post(f"{VILLAGES}{pk}/set-up/"), "仅限系统管理员")
    admin = staff_client("admin")
    # A GET of the action has nothing to show: it goes to the list (core.decorators.action_view).
    response = admin.get(f"{VILLAGES}{pk}/set-up/")
    assert response.status_code == 302 and response["Location"] == VILLAGES
    assert admin.put(f"{VILLAGES}{pk}/set-up/").status_code == 405
    assert admin.post(VILLAGES).status_code == 405
    assert not Column.objects.exists()
