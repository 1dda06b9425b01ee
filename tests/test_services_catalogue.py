"""The catalogue's actions: an item's version drafted, submitted, then approved (it becomes the
version in force and the one before is superseded) or returned; every field checked; only the
department's editors draft and only another person, a reviewer, approves (一审一核)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import actions as core_actions
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.services import roles
from gongkai.services.actions import catalogue as actions
from gongkai.services.models import ServiceItem, ServiceItemVersion
from gongkai.services.rules import HandlingForm, ItemType, LifeEvent

pytestmark = pytest.mark.django_db
Version = ServiceItemVersion


def person(county, username: str, role: str, dept: str = "NYJ"):
    """A user holding `role` in county department `dept` (kept in county.user for logins)."""
    user = core_actions.create_user(
        actor=None, username=username, password=DEMO_PASSWORD, display_name=username
    )
    core_actions.assign_role(actor=None, user=user, department=county.dept[dept], role=role)
    county.user[username] = user
    return user


def make_editor(county):
    return person(county, "nyj_catalogue", roles.CATALOGUE_EDITOR)


def make_reviewer(county):
    return person(county, "county_catalogue_review", roles.CATALOGUE_REVIEWER)


def make_outsider(county):
    """An editor of another department, who must be refused NYJ's items."""
    return person(county, "mzj_catalogue", roles.CATALOGUE_EDITOR, "MZJ")


@pytest.fixture
def editor(county):
    return make_editor(county)


@pytest.fixture
def reviewer(county):
    return make_reviewer(county)


@pytest.fixture
def outsider(county):
    return make_outsider(county)


def version_data(**changes) -> actions.VersionData:
    values = {
        "name": "动物防疫条件合格证核发",
        "item_type": ItemType.LICENSING,
        "implementing_body": "县农业农村局",
        "legal_basis": "《中华人民共和国动物防疫法》第二十四条",
        "conditions": "场所选址、布局符合动物防疫要求；有与其规模相适应的污水、污物处理设施。",
        "process": "申请\n受理\n现场审查\n决定\n送达",
        "legal_days": 20,
        "promised_days": 10,
        "consult": "0558-1234567",
        "complaint": "12345 政务服务便民热线",
        "place": "县政务服务中心二楼农业农村窗口",
        "hours": "工作日 9:00-12:00，13:30-17:00",
        "audience": "organisation",
        "handling_form": HandlingForm.BOTH,
        "online": True,
        "life_events": [LifeEvent.AGRICULTURE, LifeEvent.OPERATION],
        "result_name": "动物防疫条件合格证",
        "result_type": "证照",
    }
    values.update(changes)
    return actions.VersionData(**values)


def materials(*names) -> list[actions.MaterialData]:
    return [actions.MaterialData(name=n) for n in names or ("动物防疫条件审查申请表", "场所平面图")]


def draft(actor, item, *, fees=(), **changes) -> Version:
    return actions.draft_version(
        actor=actor, item=item, data=version_data(**changes), materials=materials(), fees=list(fees)
    )


def published(county, editor, reviewer, code="11341122MB0000001", **changes) -> ServiceItem:
    """An item of NYJ with a published first version."""
    item = actions.create_item(actor=editor, code=code, department=county.dept["NYJ"])
    version = draft(editor, item, **changes)
    actions.submit_version(actor=editor, version=version)
    actions.approve_version(actor=reviewer, version=version)
    item.refresh_from_db()
    return item


def test_a_draft_submitted_and_approved_becomes_the_version_in_force(county, editor, reviewer):
    item = actions.create_item(
        actor=editor, code="11341122MB0000001", department=county.dept["NYJ"]
    )
    first = draft(editor, item)
    assert (first.number, first.state) == (1, Version.State.DRAFT)
    assert item.current is None
    actions.submit_version(actor=editor, version=first)
    actions.approve_version(actor=reviewer, version=first, comment="同意")
    item.refresh_from_db()
    first.refresh_from_db()
    assert item.current == first and first.state == Version.State.PUBLISHED
    assert first.reviewed_by == reviewer and first.published_at is not None
    assert [m.name for m in first.materials.all()] == ["动物防疫条件审查申请表", "场所平面图"]

    second = draft(editor, item, promised_days=5)
    assert second.number == 2
    item.refresh_from_db()
    assert item.current == first  # a draft changes nothing the public sees
    actions.submit_version(actor=editor, version=second)
    actions.approve_version(actor=reviewer, version=second)
    item.refresh_from_db()
    first.refresh_from_db()
    assert item.current == second and item.current.promised_days == 5
    assert first.state == Version.State.SUPERSEDED
    recorded = set(
        AuditEvent.objects.filter(action__startswith="services.").values_list("action", flat=True)
    )
    assert {
        "services.item.create",
        "services.version.draft",
        "services.version.submit",
        "services.version.approve",
    } <= recorded


def test_editing_again_replaces_the_open_draft_instead_of_adding_one(county, editor):
    item = actions.create_item(actor=editor, code="X-1", department=county.dept["NYJ"])
    first = draft(editor, item)
    again = draft(editor, item, name="动物防疫条件合格证核发（变更）")
    assert again.pk == first.pk and again.number == 1
    assert item.versions.count() == 1
    assert again.name == "动物防疫条件合格证核发（变更）"
    assert again.materials.count() == 2  # replaced, not doubled


def test_a_returned_version_carries_the_reason_and_is_edited_and_submitted_again(
    county, editor, reviewer
):
    item = actions.create_item(actor=editor, code="X-2", department=county.dept["NYJ"])
    version = actions.submit_version(actor=editor, version=draft(editor, item))
    with pytest.raises(InvalidInput) as refused:
        actions.return_version(actor=reviewer, version=version, reason="  ")
    assert refused.value.field == "reason"
    actions.return_version(actor=reviewer, version=version, reason="设定依据缺条款号")
    version.refresh_from_db()
    assert version.state == Version.State.RETURNED
    assert version.review_comment == "设定依据缺条款号"
    with pytest.raises(InvalidTransition):
        actions.approve_version(actor=reviewer, version=version)
    edited = draft(editor, item, legal_basis="《动物防疫法》第二十四条、第二十五条")
    assert edited.pk == version.pk and edited.state == Version.State.DRAFT
    assert edited.review_comment == ""
    actions.submit_version(actor=editor, version=edited)


def test_a_submitted_version_cannot_be_edited_until_reviewed(county, editor):
    item = actions.create_item(actor=editor, code="X-3", department=county.dept["NYJ"])
    actions.submit_version(actor=editor, version=draft(editor, item))
    with pytest.raises(InvalidTransition):
        draft(editor, item, name="改")
    with pytest.raises(InvalidTransition):
        actions.submit_version(actor=editor, version=item.versions.get())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"conditions": ""}, "conditions"),
        ({"promised_days": 25}, "promised_days"),
        ({"legal_days": -1}, "legal_days"),
        ({"item_type": "licence"}, "item_type"),
        ({"audience": "alien"}, "audience"),
        ({"life_events": ["birth", "moon"]}, "life_events"),
        ({"online": True, "handling_form": HandlingForm.WINDOW}, "online"),
        ({"consult": "电" * 301}, "consult"),
        ({"charges": True}, "charges"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_changes_nothing(county, editor, changes, field):
    item = actions.create_item(actor=editor, code="X-4", department=county.dept["NYJ"])
    with pytest.raises(InvalidInput) as refused:
        draft(editor, item, **changes)
    assert refused.value.field == field
    assert refused.value.message  # a sentence in Chinese for the form
    assert not item.versions.exists()


def test_materials_and_fees_are_checked_row_by_row(county, editor):
    item = actions.create_item(actor=editor, code="X-5", department=county.dept["NYJ"])
    data = version_data()
    with pytest.raises(InvalidInput) as refused:
        actions.draft_version(actor=editor, item=item, data=data, materials=[], fees=[])
    assert refused.value.field == "materials"
    bad = [actions.MaterialData(name="申请表"), actions.MaterialData(name="图", copies=0)]
    with pytest.raises(InvalidInput) as refused:
        actions.draft_version(actor=editor, item=item, data=data, materials=bad, fees=[])
    assert refused.value.field == "materials-1-copies"
    fee = actions.FeeData(name="工本费", standard="", basis="发改价格〔2019〕1号")
    with pytest.raises(InvalidInput) as refused:
        draft(editor, item, charges=True, fees=[fee])
    assert refused.value.field == "fees-0-standard"
    with pytest.raises(InvalidInput) as refused:
        draft(editor, item, fees=[actions.FeeData("工本费", "10元/本", "依据")])
    assert refused.value.field == "charges"  # 不收费 with a fee
    assert not item.versions.exists()


def test_codes_are_checked_and_unique(county, editor):
    with pytest.raises(InvalidInput) as refused:
        actions.create_item(actor=editor, code="11/22", department=county.dept["NYJ"])
    assert refused.value.field == "code"
    actions.create_item(actor=editor, code="A-1", department=county.dept["NYJ"])
    with pytest.raises(InvalidInput):
        actions.create_item(actor=editor, code="A-1", department=county.dept["NYJ"])


def test_only_the_departments_editors_draft_and_only_another_reviewer_approves(
    county, editor, reviewer, outsider
):
    with pytest.raises(PermissionDenied):
        actions.create_item(actor=outsider, code="B-1", department=county.dept["NYJ"])
    item = actions.create_item(actor=editor, code="B-1", department=county.dept["NYJ"])
    with pytest.raises(PermissionDenied):
        draft(outsider, item)
    version = actions.submit_version(actor=editor, version=draft(editor, item))
    with pytest.raises(PermissionDenied):
        actions.approve_version(actor=editor, version=version)  # an editor is no reviewer
    with pytest.raises(PermissionDenied):
        actions.return_version(actor=outsider, version=version, reason="不行")
    # A reviewer may draft too, but not approve what they drafted themselves.
    own = actions.create_item(actor=reviewer, code="B-2", department=county.dept["NYJ"])
    mine = actions.submit_version(actor=reviewer, version=draft(reviewer, own))
    with pytest.raises(PermissionDenied):
        actions.approve_version(actor=reviewer, version=mine)
    version.refresh_from_db()
    assert version.state == Version.State.SUBMITTED


def test_approval_tells_search_and_the_page_cache_after_commit(
    county, editor, reviewer, django_capture_on_commit_callbacks
):
    item = actions.create_item(actor=editor, code="C-1", department=county.dept["NYJ"])
    version = actions.submit_version(actor=editor, version=draft(editor, item))
    with django_capture_on_commit_callbacks() as callbacks:
        actions.approve_version(actor=reviewer, version=version)
    assert len(callbacks) >= 2  # the page cache's version and the search index
