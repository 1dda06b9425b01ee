"""The mailboxes (信箱): set up by the system administrator, kept (settings, open / closed) by
the administrator or the triage of the mailbox's department; one open 县长信箱; a closed
mailbox takes no new letter while its letters go on. Through the actions, then the workbench
pages (allowed, refused, bad input kept and nothing saved)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from gongkai.core import pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.letters import actions, roles
from gongkai.letters.apps import PAGE_VERSION
from gongkai.letters.models import Mailbox
from gongkai.letters.rules import Status
from tests.letters_data import Letters, accepted, letter_data, written
from tests.pages import assert_forbidden, assert_login_required, field_errors, page, textarea
from tests.services_cases import staff
from tests.services_window import sign_in

pytestmark = pytest.mark.django_db

LIST = "/workbench/letters/mailboxes/"
QUEUE = "/workbench/letters/"


@pytest.fixture
def people(county):
    people = Letters(county)
    people.admin = county.user["admin"]
    people.mzj_triage = staff("t_mzj_triage", roles.TRIAGE, people.mzj, "民政分办")
    return people


def new(people, **overrides) -> Mailbox:
    values = {
        "actor": people.admin,
        "name": "县民政局局长信箱",
        "code": "t-mzj",
        "department": people.mzj,
        "description": "受理社会救助、养老服务方面的来信。",
        "review_levels": 1,
        "order": 5,
    }
    values.update(overrides)
    return actions.create_mailbox(**values)


def settings_of(mailbox: Mailbox, **overrides) -> dict:
    values = {
        "name": mailbox.name,
        "department": mailbox.department,
        "description": mailbox.description,
        "review_levels": mailbox.review_levels,
        "is_county_head": mailbox.is_county_head,
        "order": mailbox.order,
    }
    values.update(overrides)
    return values


def mailbox_events(mailbox: Mailbox, action: str):
    return AuditEvent.objects.filter(
        action=action, object_type="letters.mailbox", object_id=str(mailbox.pk)
    )


def url(mailbox: Mailbox, suffix: str = "") -> str:
    return f"{LIST}{mailbox.pk}/{suffix}"


# ---------------------------------------------------------------- the actions


def test_the_administrator_creates_a_mailbox_audited_and_on_the_public_page(
    people, client, django_capture_on_commit_callbacks
):
    before = pagecache.stored_version(PAGE_VERSION)
    with django_capture_on_commit_callbacks(execute=True):
        box = new(people, code="T-MZJ ")
    assert (box.code, box.department, box.active, box.order) == ("t-mzj", people.mzj, True, 5)
    event = mailbox_events(box, "letters.mailbox.create").get()
    assert event.actor == people.admin
    assert event.data["department"] == "MZJ" and event.data["review_levels"] == 1
    assert pagecache.stored_version(PAGE_VERSION) != before
    assert 'href="/hudong/write/t-mzj/"' in page(client.get("/hudong/"))


@pytest.mark.parametrize("who", ["triage", "nyj_triage", "handler"])
def test_only_the_administrator_creates_a_mailbox(people, who):
    with pytest.raises(PermissionDenied):
        new(people, actor=getattr(people, who))
    assert not Mailbox.objects.filter(code="t-mzj").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "  ", "请填写信箱名称"),
        ("name", "信" * 101, "不能超过 100 个字"),
        ("code", "", "请填写信箱代码"),
        ("code", "民政局", "只能由英文字母、数字"),
        ("code", "a b", "只能由英文字母、数字"),
        ("code", "t-nyj", "已被使用"),
        ("code", "x" * 41, "不能超过 40 个字"),
        ("department", None, "请选择所属部门"),
        ("review_levels", 3, "只能是一级或两级"),
        ("review_levels", "2", "只能是一级或两级"),
        ("order", -1, "排序请填写 0 到"),
        ("description", "说" * 2001, "不能超过 2000 个字"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_made(people, field, value, message):
    with pytest.raises(InvalidInput) as refused:
        new(people, **{field: value})
    assert refused.value.field == field and message in refused.value.message
    assert not Mailbox.objects.filter(name="县民政局局长信箱").exists()
    assert not AuditEvent.objects.filter(
        action="letters.mailbox.create", actor=people.admin
    ).exists()


def test_a_village_has_no_mailbox_of_its_own(people, county):
    with pytest.raises(InvalidInput) as refused:
        new(people, department=county.dept["GSX-HPC"])
    assert refused.value.field == "department" and "乡镇" in refused.value.message


def test_only_one_county_head_mailbox_is_open_at_a_time(people):
    with pytest.raises(InvalidInput) as refused:
        new(people, is_county_head=True)
    assert refused.value.field == "is_county_head" and "县长信箱" in refused.value.message
    other = new(people)
    with pytest.raises(InvalidInput):
        actions.update_mailbox(
            actor=people.admin, mailbox=other, **settings_of(other, is_county_head=True)
        )
    # Closed, the old one makes room: the new county head's mailbox opens, the old cannot.
    actions.set_mailbox_active(actor=people.admin, mailbox=people.head, active=False)
    actions.update_mailbox(
        actor=people.admin, mailbox=other, **settings_of(other, is_county_head=True)
    )
    with pytest.raises(InvalidTransition, match="只能开放一个县长信箱"):
        actions.set_mailbox_active(actor=people.admin, mailbox=people.head, active=True)
    assert list(Mailbox.objects.filter(is_county_head=True, active=True)) == [other]


def test_the_database_holds_the_one_open_county_head_too(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mailbox.objects.create(
            name="第二个县长信箱", code="t-head-2", department=people.office, is_county_head=True
        )


def test_the_mailboxs_triage_keeps_its_settings_audited(people):
    box = actions.update_mailbox(
        actor=people.nyj_triage,
        mailbox=people.nyj_box,
        **settings_of(people.nyj_box, name="县农业农村局局长信箱", review_levels=2),
    )
    box.refresh_from_db()
    assert (box.name, box.review_levels, box.code) == ("县农业农村局局长信箱", 2, "t-nyj")
    event = mailbox_events(box, "letters.mailbox.update").get()
    assert event.actor == people.nyj_triage
    assert event.data["changes"] == {
        "name": ["县农业农村局信箱", "县农业农村局局长信箱"],
        "review_levels": [1, 2],
    }


@pytest.mark.parametrize("who", ["mzj_triage", "handler", "reviewer"])
def test_others_may_not_change_or_close_a_mailbox(people, who):
    actor = getattr(people, who)
    with pytest.raises(PermissionDenied):
        actions.update_mailbox(
            actor=actor, mailbox=people.nyj_box, **settings_of(people.nyj_box, name="改名")
        )
    with pytest.raises(PermissionDenied):
        actions.set_mailbox_active(actor=actor, mailbox=people.nyj_box, active=False)
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.name == "县农业农村局信箱" and people.nyj_box.active


@pytest.mark.parametrize(
    "change", [{"is_county_head": True}, {"department": "mzj"}], ids=["head", "department"]
)
def test_a_triage_may_not_move_its_mailbox_or_make_it_the_county_heads(people, change):
    change = {k: getattr(people, v) if k == "department" else v for k, v in change.items()}
    actions.set_mailbox_active(actor=people.admin, mailbox=people.head, active=False)
    with pytest.raises(PermissionDenied, match="只有系统管理员"):
        actions.update_mailbox(
            actor=people.nyj_triage, mailbox=people.nyj_box, **settings_of(people.nyj_box, **change)
        )
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.department == people.nyj and not people.nyj_box.is_county_head


def test_an_update_with_bad_input_changes_nothing(people):
    with pytest.raises(InvalidInput) as refused:
        actions.update_mailbox(
            actor=people.admin,
            mailbox=people.nyj_box,
            **settings_of(people.nyj_box, name="新名字", review_levels=0),
        )
    assert refused.value.field == "review_levels"
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.name == "县农业农村局信箱"
    assert not mailbox_events(people.nyj_box, "letters.mailbox.update").exists()


def test_a_closed_mailbox_takes_no_new_letter_and_its_letters_go_on(people, client):
    waiting = written(people.nyj_box)
    box = actions.set_mailbox_active(actor=people.nyj_triage, mailbox=people.nyj_box, active=False)
    assert not box.active
    event = mailbox_events(box, "letters.mailbox.close").get()
    assert event.actor == people.nyj_triage and event.data["open_letters"] == 1
    with pytest.raises(InvalidTransition, match="暂停接收来信"):
        actions.write_letter(mailbox=box, data=letter_data())
    assert client.get("/hudong/write/t-nyj/").status_code == 404
    assert 'href="/hudong/write/t-nyj/"' not in page(client.get("/hudong/"))
    # The letter already in it is still accepted and answered.
    actions.accept_letter(actor=people.nyj_triage, letter=waiting, department=people.nyj)
    waiting.refresh_from_db()
    assert waiting.status == Status.HANDLING
    with pytest.raises(InvalidTransition, match="已经关闭"):
        actions.set_mailbox_active(actor=people.nyj_triage, mailbox=box, active=False)
    actions.set_mailbox_active(actor=people.nyj_triage, mailbox=box, active=True)
    assert mailbox_events(box, "letters.mailbox.open").exists()
    assert client.get("/hudong/write/t-nyj/").status_code == 200


# ---------------------------------------------------------------- the pages


@pytest.fixture
def login(client):
    return lambda user: sign_in(client, user)


@pytest.fixture
def administrator(staff_client, people):
    return staff_client("admin")


FORM = {
    "name": "县民政局局长信箱",
    "code": "t-mzj",
    "description": "受理社会救助方面的来信。",
    "review_levels": "1",
    "order": "3",
}


def test_the_pages_need_a_login(client, people):
    assert_login_required(client.get(LIST), LIST)
    assert_login_required(client.get(url(people.head)), url(people.head))


def test_the_administrator_finds_the_list_from_the_queue_and_creates_a_mailbox(
    administrator, people
):
    queue = page(administrator.get(QUEUE))
    assert f'href="{QUEUE}"' in queue and f'href="{LIST}"' in queue
    listing = administrator.get(LIST)
    assert "县长信箱" in page(listing) and 'id="id_new_code"' in page(listing)
    response = administrator.post(LIST, {**FORM, "department": people.mzj.pk})
    box = Mailbox.objects.get(code="t-mzj")
    assert response.status_code == 302 and response["Location"] == url(box)
    assert box.department == people.mzj and box.order == 3
    assert "已新建信箱" in page(administrator.get(url(box)))


def test_the_list_shows_each_mailboxs_department_levels_state_and_letters(administrator, people):
    written(people.nyj_box)
    accepted(people, people.nyj_box)
    actions.set_mailbox_active(actor=people.admin, mailbox=people.head, active=False)
    text = page(administrator.get(LIST))
    row = text[text.index(f'href="{url(people.nyj_box)}"') :].split("</tr>")[0]
    assert people.nyj.name in row and "一级" in row and "开放" in row
    assert "<td>2</td>" in row
    head_row = text[text.index(f'href="{url(people.head)}"') :].split("</tr>")[0]
    assert "两级" in head_row and "已关闭" in head_row


def test_the_list_reads_the_same_queries_for_more_mailboxes(administrator, people):
    administrator.get(LIST)
    with CaptureQueriesContext(connection) as few:
        administrator.get(LIST)
    for n in range(3):
        new(people, code=f"t-more-{n}", name=f"信箱{n}")
    with CaptureQueriesContext(connection) as more:
        administrator.get(LIST)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_bad_input_on_the_new_form_is_shown_by_the_field_and_kept(administrator, people):
    response = administrator.post(
        LIST, {**FORM, "code": "民政", "department": people.mzj.pk, "description": "保留的说明"}
    )
    assert response.status_code == 200
    assert "只能由英文字母、数字" in field_errors(response, "new_code")
    assert textarea(response, "description") == "保留的说明"
    assert 'value="民政"' in page(response)
    response = administrator.post(
        LIST, {**FORM, "department": people.mzj.pk, "is_county_head": "on"}
    )
    assert "只能开放一个县长信箱" in field_errors(response, "new_is_county_head")
    response = administrator.post(LIST, {**FORM, "name": "", "department": ""})
    assert "请填写信箱名称" in field_errors(response, "new_name")
    assert "请选择所属部门" in field_errors(response, "new_department")
    assert not Mailbox.objects.filter(code__in=["民政", "t-mzj"]).exists()


def test_a_triage_sees_its_mailboxes_without_the_new_form_and_may_not_post_one(login, people):
    client = login(people.nyj_triage)
    text = page(client.get(LIST))
    assert f'href="{url(people.nyj_box)}"' in text
    assert f'href="{url(people.head)}"' not in text and 'id="id_new_code"' not in text
    assert f'href="{LIST}"' in page(client.get(QUEUE))
    assert_forbidden(client.post(LIST, {**FORM, "department": people.mzj.pk}), "只有系统管理员")
    assert not Mailbox.objects.filter(code="t-mzj").exists()


def test_staff_without_triage_are_refused_the_list_and_a_mailbox(login, people):
    client = login(people.handler)
    assert_forbidden(client.get(LIST), "信箱管理仅限")
    assert f'href="{LIST}"' not in page(client.get(QUEUE))
    login(people.mzj_triage)
    assert_forbidden(client.get(url(people.nyj_box)), "您无权管理此信箱")
    response = client.post(url(people.nyj_box), {**FORM, "review_levels": "2"})
    assert_forbidden(response, "您无权管理此信箱")
    assert_forbidden(client.post(url(people.nyj_box, "active/"), {"do": "close"}), "您无权管理")
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.review_levels == 1 and people.nyj_box.active


def test_the_triage_edits_its_mailbox_but_not_its_department(login, people):
    client = login(people.nyj_triage)
    text = page(client.get(url(people.nyj_box)))
    assert 'name="department"' in text and "disabled" in text.split('name="department"')[1][:80]
    response = client.post(
        url(people.nyj_box),
        {**FORM, "name": "县农业农村局局长信箱", "review_levels": "2", "department": people.mzj.pk},
    )
    assert response.status_code == 302 and response["Location"] == url(people.nyj_box)
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.name == "县农业农村局局长信箱" and people.nyj_box.review_levels == 2
    assert people.nyj_box.department == people.nyj and people.nyj_box.code == "t-nyj"


def test_bad_input_on_the_edit_form_is_kept_and_nothing_saved(login, people):
    client = login(people.nyj_triage)
    response = client.post(
        url(people.nyj_box), {**FORM, "name": "", "order": "几", "description": "新的说明"}
    )
    assert response.status_code == 200
    assert "请填写信箱名称" in field_errors(response, "edit_name")
    assert "排序请填写整数" in field_errors(response, "edit_order")
    assert textarea(response, "description") == "新的说明"
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.description == ""


def test_the_button_closes_and_opens_the_mailbox(login, people):
    client = login(people.nyj_triage)
    assert client.get(url(people.nyj_box, "active/"))["Location"] == url(people.nyj_box)
    response = client.post(url(people.nyj_box, "active/"), {"do": "close"})
    assert response.status_code == 302
    people.nyj_box.refresh_from_db()
    assert not people.nyj_box.active
    text = page(client.get(url(people.nyj_box)))
    assert "不再接收新来信" in text and 'value="open"' in text
    response = client.post(url(people.nyj_box, "active/"), {"do": "close"}, follow=True)
    assert "已经关闭" in page(response)
    response = client.post(url(people.nyj_box, "active/"), {"do": "maybe"}, follow=True)
    assert "请使用页面上的按钮" in page(response)
    client.post(url(people.nyj_box, "active/"), {"do": "open"})
    people.nyj_box.refresh_from_db()
    assert people.nyj_box.active


def test_a_missing_mailbox_is_404(administrator):
    assert administrator.get(f"{LIST}999999/").status_code == 404


def test_the_wrong_method_is_refused(administrator, people):
    assert administrator.put(LIST).status_code == 405
    assert administrator.put(url(people.head)).status_code == 405
    assert administrator.put(url(people.head, "active/")).status_code == 405
