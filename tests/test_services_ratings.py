"""好差评: one rating per case, online from the progress page (一事一评) or at the window on the
rating pad the clerk opens (一次一评); after 办结 (any result) or while a one-time notice waits;
the indicators by channel, at least one for a bad grade; the comment masked for the public; a
bad rating opens its rectification; the page cache moves. Through the action and through HTTP:
allowed, forbidden, bad input, query counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.services import actions
from gongkai.services.actions.ratings import COMMENT_MAX, can_rate
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import Case, Evaluation, Grade, Rectification
from gongkai.services.rules import RatingReason
from tests.pages import at
from tests.services_cases import Window, published_item
from tests.services_public import applied_online
from tests.services_ratings import NOW, PHONE, RESIDENT_ID, awaiting, granted, rate, refused
from tests.services_window import fresh

pytestmark = pytest.mark.django_db

ONLINE = Evaluation.Channel.ONLINE
WINDOW = Evaluation.Channel.WINDOW


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department)


def rating_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="services.rate").order_by("seq"))


# ---------------------------------------------------------------- the action


def test_the_applicant_rates_a_finished_case_once_and_the_rating_keeps_its_case(item, window):
    case = granted(item, window)
    assert can_rate(case)
    evaluation = rate(
        case, Grade.VERY_SATISFIED, [RatingReason.EFFICIENCY, RatingReason.OVERALL], "很快。"
    )
    assert evaluation.case == case and evaluation.channel == ONLINE
    assert evaluation.department == window.department and evaluation.handler == window.clerk
    # The indicators in the channel's order, whatever order they were ticked in.
    assert evaluation.reason_list() == [RatingReason.OVERALL, RatingReason.EFFICIENCY]
    assert (evaluation.comment, evaluation.comment_public) == ("很快。", "很快。")
    assert not evaluation.excluded and not Rectification.objects.exists()
    [event] = rating_events()
    assert event.actor_id is None and event.actor_label == "applicant"
    assert event.data["grade"] == 5 and event.data["channel"] == "online"
    assert "很快" not in str(event.data)  # the comment stays out of the audit trail

    with pytest.raises(InvalidTransition, match="已评价"):
        rate(fresh(case), Grade.VERY_DISSATISFIED, [RatingReason.EFFICIENCY])
    assert Evaluation.objects.get().grade == Grade.VERY_SATISFIED
    assert not can_rate(Case.objects.select_related("evaluation").get(pk=case.pk))


@pytest.mark.parametrize("make", [refused, awaiting], ids=["refused", "awaiting_notice"])
def test_a_refused_case_and_one_awaiting_the_applicant_may_be_rated(item, window, make):
    """The applicant rates the service, not the outcome: 不予受理 and a one-time notice too."""
    case = make(item, window)
    assert can_rate(case)
    assert rate(case, Grade.BASIC).grade == Grade.BASIC


def test_a_delivered_case_may_be_rated(item, window):
    case = granted(item, window)
    with at(NOW):
        actions.deliver_case(
            actor=window.clerk, case=case, method="in_person", on=case.completed_on
        )
    assert fresh(case).status == Case.Status.DELIVERED
    assert rate(fresh(case)).pk


def test_a_case_still_being_handled_cannot_be_rated(item, window):
    with at(NOW):
        submitted, _code = applied_online(item, skip=())
        in_review = actions.accept_case(actor=window.clerk, case=applied_online(item, skip=())[0])
    for case in (fresh(submitted), fresh(in_review)):
        assert not can_rate(case)
        with pytest.raises(InvalidTransition, match="不能办理此项"):
            rate(case)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("grade", [0, 6, "", None, "x"])
def test_a_grade_outside_one_to_five_is_refused(item, window, grade):
    with pytest.raises(InvalidInput) as refusal:
        rate(granted(item, window), grade)
    assert refusal.value.field == "grade" and "评价等级" in refusal.value.message
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("grade", [Grade.DISSATISFIED, Grade.VERY_DISSATISFIED])
def test_a_bad_grade_needs_at_least_one_reason(item, window, grade):
    case = granted(item, window)
    with pytest.raises(InvalidInput) as refusal:
        rate(case, grade, [])
    assert refusal.value.field == "reasons" and "至少勾选一项" in refusal.value.message
    assert not Evaluation.objects.exists() and not Rectification.objects.exists()


def test_the_reasons_are_those_of_the_channel(item, window):
    case = granted(item, window)
    # 服务态度 is rated at the window; 平台操作性 online.
    with pytest.raises(InvalidInput) as refusal:
        rate(case, Grade.DISSATISFIED, [RatingReason.ATTITUDE])
    assert refusal.value.field == "reasons"
    with pytest.raises(InvalidInput) as refusal:
        rate(case, Grade.DISSATISFIED, [RatingReason.PLATFORM], channel=WINDOW, actor=window.clerk)
    assert refusal.value.field == "reasons"
    with pytest.raises(InvalidInput):
        rate(case, Grade.SATISFIED, ["made_up"])
    assert not Evaluation.objects.exists()


def test_the_comment_has_at_most_500_characters(item, window):
    case = granted(item, window)
    with pytest.raises(InvalidInput) as refusal:
        rate(case, comment="慢" * (COMMENT_MAX + 1))
    assert refusal.value.field == "comment" and "500" in refusal.value.message
    assert not Evaluation.objects.exists()
    # Spaces around it do not count; exactly 500 characters is taken.
    assert rate(case, comment=f"  {'快' * COMMENT_MAX}\n").comment == "快" * COMMENT_MAX


def test_personal_information_in_the_comment_is_masked_for_the_public(item, window):
    comment = f"请回电 {PHONE}，我的身份证号 {RESIDENT_ID}。"
    evaluation = rate(granted(item, window), Grade.SATISFIED, comment=comment)
    assert evaluation.comment == comment
    assert PHONE not in evaluation.comment_public and "138****5678" in evaluation.comment_public
    assert RESIDENT_ID not in evaluation.comment_public
    assert (
        evaluation.comment_public.startswith("请回电 ") and "身份证号" in evaluation.comment_public
    )


def test_a_bad_rating_opens_its_rectification_owned_by_the_handler(item, window):
    evaluation = rate(granted(item, window), Grade.DISSATISFIED, [RatingReason.EFFICIENCY])
    rectification = Rectification.objects.get(evaluation=evaluation)
    assert rectification.owner == window.clerk and rectification.state == "open"
    assert rectification.contact_clock and rectification.answer_clock


def test_the_window_rating_is_recorded_by_a_clerk_of_the_department(item, window):
    case = granted(item, window)
    with pytest.raises(PermissionDenied):
        rate(case, channel=WINDOW, actor=window.stranger)
    with pytest.raises(PermissionDenied):
        rate(case, channel=WINDOW, actor=None)
    with pytest.raises(PermissionDenied, match="申请人本人"):
        rate(case, channel=ONLINE, actor=window.clerk)
    assert not Evaluation.objects.exists()
    evaluation = rate(
        case, Grade.SATISFIED, [RatingReason.ATTITUDE], channel=WINDOW, actor=window.clerk2
    )
    assert evaluation.channel == WINDOW and evaluation.handler == window.clerk
    [event] = rating_events()
    assert event.actor_id == window.clerk2.pk and event.data["pad_opened_by"] == "t_clerk2"


def test_a_rating_moves_the_public_pages_version(item, window):
    case = granted(item, window)
    before = pagecache.stored_version(PAGE_VERSION)
    rate(case)
    assert pagecache.stored_version(PAGE_VERSION) != before


def test_a_refused_rating_leaves_the_public_pages_version(item, window):
    case = granted(item, window)
    before = pagecache.stored_version(PAGE_VERSION)
    with pytest.raises(InvalidInput):
        rate(case, Grade.DISSATISFIED)
    assert pagecache.stored_version(PAGE_VERSION) == before
