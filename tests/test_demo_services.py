"""The demo county's 政务服务: a published catalogue, the 职权目录, cases in every state made
through the actions, and the staff who work them."""

import pytest

from gongkai.core.clock import Warning, warning_level
from gongkai.core.models import AuditEvent, Clock
from gongkai.demo import services
from gongkai.services import permissions
from gongkai.services.models import Case, Inquiry, Power, ResultTemplate, ServiceItem
from gongkai.services.rules import POWER_TYPES, ItemType, Result
from tests.pages import at

pytestmark = pytest.mark.django_db
Status = Case.Status


def build(day: str, cases: int = 30) -> None:
    with at(day):
        services.load_demo_services(cases=cases)


def test_the_catalogue_is_published_with_materials_and_templates(county):
    build("2026-10-09 10:00", cases=0)
    items = list(ServiceItem.objects.select_related("current"))
    assert len(items) >= 19
    assert all(i.current and i.current.state == i.current.State.PUBLISHED for i in items)
    assert all(i.current.materials.count() >= 2 for i in items)
    names = {i.current.name for i in items}
    for wanted in ("生鲜乳收购许可证核发", "动物防疫条件合格证核发", "农村村民宅基地审批",
                   "最低生活保障审核确认", "大中型水库移民后期扶持人口核定", "个体工商户登记",
                   "林木采伐许可证核发"):  # fmt: skip
        assert wanted in names
    assert all(i.current.promised_days <= i.current.legal_days for i in items)
    assert any(i.current.charges and i.current.fees.exists() for i in items)
    licensing = [i for i in items if i.current.item_type == ItemType.LICENSING]
    assert ResultTemplate.objects.filter(item__in=licensing).count() == len(licensing)
    # Drafted by the editor and published by the reviewer, as the actions require.
    assert {i.current.drafted_by.username for i in items} == {"catalogue_editor"}
    assert {i.current.reviewed_by.username for i in items} == {"catalogue_reviewer"}


def test_the_powers_cover_every_category_and_link_their_items(county):
    build("2026-10-09 10:00", cases=0)
    powers = list(Power.objects.all())
    assert len(powers) >= 30 and all(p.published for p in powers)
    assert {p.category for p in powers} == {t.value for t in POWER_TYPES}
    licensing = [p for p in powers if p.category == ItemType.LICENSING]
    assert all(p.service_item_id for p in licensing)
    assert all(p.service_item.department_id == p.department_id for p in licensing)


@pytest.mark.parametrize("day", ["2026-05-18 10:00", "2027-02-01 10:00"])
def test_the_cases_are_in_every_state_some_overdue_paused_and_extended(county, day):
    build(day)
    with at(day):
        cases = list(Case.objects.select_related("legal_clock", "promised_clock"))
        assert len(cases) >= 30
        assert {c.status for c in cases} == set(Status.values)
        open_ = [c for c in cases if c.legal_clock and c.status in (Status.REVIEW, Status.DECISION)]
        warnings = {warning_level(c.legal_clock) for c in open_}
    assert {Warning.OVERDUE, Warning.DUE_SOON} <= warnings
    paused = [c for c in cases if c.status == Status.SPECIAL]
    assert paused and all(c.legal_clock.state == Clock.State.PAUSED for c in paused)
    assert any(c.extended and c.status != Status.COMPLETED for c in cases)
    results = {c.result for c in cases}
    assert {Result.GRANTED, Result.DENIED, Result.REFUSED} <= results
    granted = [c for c in cases if c.result == Result.GRANTED]
    assert all(c.certificate_number and c.documents.exists() for c in granted)
    # Made through the actions on the days they happened: the record goes back months.
    first = min(c.submitted_at for c in cases)
    assert (max(c.submitted_at for c in cases) - first).days > 60
    assert AuditEvent.objects.filter(
        action="services.accept",
        created_at__lte=first.replace(
            year=first.year + (first.month + 1) // 13, month=(first.month % 12) + 1
        ),
    ).exists()


def test_a_walk_in_was_asked_first_at_the_guide_desk_and_handed_over(county):
    build("2026-10-09 10:00", cases=0)
    inquiry = Inquiry.objects.get()
    assert inquiry.first_contact.username == "window_clerk2"
    assert inquiry.owner != inquiry.first_contact and inquiry.handed_at
    assert inquiry.cases.get().registered_by == inquiry.owner


def test_it_loads_once(county):
    build("2026-10-09 10:00", cases=0)
    count = Case.objects.count()
    build("2026-10-09 10:00", cases=5)
    assert Case.objects.count() == count


def test_the_demo_staff_hold_their_roles(county):
    user, dept = county.user, county.dept
    for code in ("NYJ", "MZJ", "SWJ", "GSX", "SCJ", "LYJ", "ZRJ", "RSJ", "JTJ", "WJJ"):
        assert permissions.can_handle_cases(user["window_clerk"], dept[code])
        assert permissions.can_handle_cases(user["clerk"], dept[code])
        assert permissions.can_decide(user["approver"], dept[code])
        assert permissions.can_edit_catalogue(user["catalogue_editor"], dept[code])
        assert permissions.can_review_catalogue(user["catalogue_reviewer"], dept[code])
    # The guide desk's clerk answers first questions and hands them over; she does not
    # register a department's cases, and the window clerks do not decide.
    assert permissions.is_services_staff(user["window_clerk2"])
    assert not permissions.can_handle_cases(user["window_clerk2"], dept["NYJ"])
    assert not permissions.can_decide(user["window_clerk"], dept["NYJ"])
