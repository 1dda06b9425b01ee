"""Column settings in the workbench: system administrators only, every change audited."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.publishing import actions
from gongkai.publishing.models import Column
from tests.pages import assert_forbidden, assert_login_required, field_errors, page

pytestmark = pytest.mark.django_db
URL = "/workbench/publishing/columns/"


def form_data(county, **overrides):
    data = {
        "name": "通知公告",
        "slug": "tzgg",
        "parent": "",
        "department": county.dept["NYJ"].pk,
        "kind": "list",
        "review_levels": "2",
        "category": "",
        "update_interval_days": "183",
        "order": "0",
        "external_url": "",
        "description": "",
    }
    data.update(overrides)
    return data


def test_the_admin_sees_the_column_tree(staff_client, county):
    root = actions.create_column(
        actor=None, name="部门动态", slug="bmdt", department=county.dept["BGS"], kind="section"
    )
    actions.create_column(
        actor=None, name="农业农村", slug="nyj-dt", department=county.dept["NYJ"], parent=root
    )
    response = staff_client("admin").get(URL)
    assert response.status_code == 200
    assert "部门动态" in page(response) and "column-depth-1" in page(response)


def test_the_admin_creates_a_column_and_it_is_audited(staff_client, county):
    response = staff_client("admin").post(URL + "new/", form_data(county))
    assert response.status_code == 302
    column = Column.objects.get(slug="tzgg")
    assert column.review_levels == 2 and column.department == county.dept["NYJ"]
    assert AuditEvent.objects.filter(action="column.create", object_id=str(column.pk)).exists()


def test_moving_a_column_moves_its_subtree(staff_client, county):
    a = actions.create_column(
        actor=None, name="甲", slug="a", department=county.dept["BGS"], kind="section"
    )
    b = actions.create_column(
        actor=None, name="乙", slug="b", department=county.dept["BGS"], kind="section"
    )
    child = actions.create_column(
        actor=None, name="丙", slug="c", department=county.dept["BGS"], parent=a
    )
    grandchild = actions.create_column(
        actor=None, name="丁", slug="d", department=county.dept["BGS"], parent=child
    )
    response = staff_client("admin").post(
        f"{URL}{child.pk}/edit/",
        form_data(county, name="丙", slug="c", parent=b.pk, department=county.dept["BGS"].pk),
    )
    assert response.status_code == 302
    grandchild.refresh_from_db()
    assert grandchild.path.startswith(b.path)
    assert AuditEvent.objects.filter(action="column.update", object_id=str(child.pk)).exists()


def test_a_column_cannot_move_under_itself(staff_client, county):
    a = actions.create_column(
        actor=None, name="甲", slug="a", department=county.dept["BGS"], kind="section"
    )
    child = actions.create_column(
        actor=None, name="乙", slug="b", department=county.dept["BGS"], parent=a
    )
    response = staff_client("admin").post(
        f"{URL}{a.pk}/edit/", form_data(county, name="甲", slug="a", parent=child.pk)
    )
    assert response.status_code == 200
    assert field_errors(response, "parent")
    a.refresh_from_db()
    assert a.parent is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "请填写栏目名称"),
        ({"slug": "通知"}, "slug", "网址标识"),
        ({"kind": "link"}, "external_url", "外部链接栏目须填写链接地址"),
        ({"review_levels": "5"}, "review_levels", ""),
        ({"update_interval_days": "abc"}, "update_interval_days", "整数"),
        ({"category": "art20_1"}, "in_catalogue", "政府信息公开目录"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    staff_client, county, overrides, field, message
):
    response = staff_client("admin").post(URL + "new/", form_data(county, **overrides))
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors and message in errors
    assert 'value="' + form_data(county, **overrides)["name"] in page(
        response
    ) or not overrides.get("name", "x")
    assert not Column.objects.filter(slug=form_data(county, **overrides)["slug"]).exists()


def test_a_duplicate_slug_is_refused(staff_client, county):
    actions.create_column(actor=None, name="已有", slug="tzgg", department=county.dept["BGS"])
    response = staff_client("admin").post(URL + "new/", form_data(county))
    assert response.status_code == 200
    assert field_errors(response, "slug")
    assert Column.objects.filter(slug="tzgg").count() == 1


def test_an_editor_may_not_set_up_columns(staff_client, county):
    client = staff_client("editor")
    assert_forbidden(client.get(URL), "栏目设置仅限系统管理员")
    assert_forbidden(client.post(URL + "new/", form_data(county)), "栏目设置仅限系统管理员")
    assert not Column.objects.filter(slug="tzgg").exists()


def test_column_pages_need_a_login(client, db):
    assert_login_required(client.get(URL), URL)


def test_the_list_refuses_post(staff_client):
    assert staff_client("admin").post(URL).status_code == 405


def test_the_update_action_refuses_non_admins(county):
    from django.core.exceptions import PermissionDenied

    column = actions.create_column(actor=None, name="甲", slug="a", department=county.dept["BGS"])
    with pytest.raises(PermissionDenied):
        actions.update_column(actor=county.user["chief"], column=column, name="乙")
