"""首问负责: whoever is first asked records the question and owns it until it is answered or
handed to the responsible window; only the owner acts on it, and every hand-over is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.services import actions, roles
from gongkai.services.models import Inquiry
from tests.pages import at
from tests.services_cases import Window, published_item, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department)


def ask(actor, **overrides) -> Inquiry:
    values = {"via": "phone", "name": "张三", "question": "低保怎么申请？", "phone": ""}
    values.update(overrides)
    return actions.record_inquiry(actor=actor, **values)


def test_the_first_contact_owns_the_inquiry_until_handing_it_over(window, item):
    with at("2025-10-09 09:00"):
        inquiry = ask(window.stranger, item=item, phone="0851-12345678")
    assert inquiry.first_contact == inquiry.owner == window.stranger
    assert inquiry.phone == "0851-12345678" and inquiry.handed_at is None
    # The owner, and only the owner, hands it over; to someone who handles the item.
    with pytest.raises(PermissionDenied):
        actions.hand_over_inquiry(actor=window.clerk, inquiry=inquiry, to=window.clerk2)
    with pytest.raises(InvalidInput) as wrong:
        actions.hand_over_inquiry(actor=window.stranger, inquiry=inquiry, to=window.stranger)
    assert wrong.value.field == "to"
    with at("2025-10-09 09:05"):
        actions.hand_over_inquiry(
            actor=window.stranger, inquiry=inquiry, to=window.clerk, note="属农业窗口"
        )
    inquiry.refresh_from_db()
    assert inquiry.owner == window.clerk and inquiry.first_contact == window.stranger
    assert inquiry.handed_at.isoformat().startswith("2025-10-09T01:05")  # 09:05 in Shanghai
    # The new owner may hand it on again; the first owner no longer may.
    with pytest.raises(PermissionDenied):
        actions.close_inquiry(actor=window.stranger, inquiry=inquiry, answer="已答复")
    with at("2025-10-09 09:20"):
        actions.hand_over_inquiry(actor=window.clerk, inquiry=inquiry, to=window.clerk2)
    handovers = AuditEvent.objects.filter(
        action="services.inquiry_hand_over", object_id=str(inquiry.pk)
    ).order_by("seq")
    assert [(e.data["from"], e.data["to"]) for e in handovers] == [
        (window.stranger.pk, window.clerk.pk),
        (window.clerk.pk, window.clerk2.pk),
    ]
    assert handovers[0].data["note"] == "属农业窗口"


def test_an_inquiry_is_handed_only_to_someone_who_handles_its_item(window, item, county):
    inquiry = ask(window.clerk, item=item)
    with pytest.raises(InvalidInput) as wrong:
        actions.hand_over_inquiry(actor=window.clerk, inquiry=inquiry, to=window.stranger)
    assert wrong.value.field == "to"
    editor = staff("t_editor", roles.CATALOGUE_EDITOR, window.department)
    with pytest.raises(InvalidInput):
        actions.hand_over_inquiry(actor=window.clerk, inquiry=inquiry, to=editor)
    # Without an item, any 政务服务 colleague may take it.
    general = ask(window.clerk)
    actions.hand_over_inquiry(actor=window.clerk, inquiry=general, to=editor)
    general.refresh_from_db()
    assert general.owner == editor
    inquiry.refresh_from_db()
    assert inquiry.owner == window.clerk


def test_the_owner_closes_it_with_the_answer_and_then_nothing_more_happens(window):
    inquiry = ask(window.clerk)
    with pytest.raises(InvalidInput) as empty:
        actions.close_inquiry(actor=window.clerk, inquiry=inquiry, answer="  ")
    assert empty.value.field == "answer"
    with at("2025-10-09 10:00"):
        actions.close_inquiry(actor=window.clerk, inquiry=inquiry, answer="已告知所需材料。")
    inquiry.refresh_from_db()
    assert inquiry.answer == "已告知所需材料。" and inquiry.closed_at is not None
    with pytest.raises(InvalidTransition):
        actions.hand_over_inquiry(actor=window.clerk, inquiry=inquiry, to=window.clerk2)
    with pytest.raises(InvalidTransition):
        actions.close_inquiry(actor=window.clerk, inquiry=inquiry, answer="again")
    assert [e.action for e in AuditEvent.objects.filter(object_id=str(inquiry.pk),
            object_type="services.inquiry").order_by("seq")] == [
        "services.inquiry_record",
        "services.inquiry_close",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"via": "pigeon"}, "via"),
        ({"name": " "}, "name"),
        ({"question": ""}, "question"),
        ({"phone": "12"}, "phone"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(window, overrides, field):
    before = Inquiry.objects.count()
    with pytest.raises(InvalidInput) as refused:
        ask(window.clerk, **overrides)
    assert refused.value.field == field
    assert Inquiry.objects.count() == before


def test_only_services_staff_record_inquiries(county):
    with pytest.raises(PermissionDenied):
        ask(county.user["editor"])
