"""A letter that is really a request for government information becomes a request in
依申请公开 through core.transfers (no import between the two modules): the writer's words,
name and phone, received the day the letter was written, the writer told on the letter."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import transfers
from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent
from gongkai.core.query_codes import new_query_code, query_code_hash
from gongkai.disclosure import actions as disclosure_actions
from gongkai.disclosure.models import DisclosureRequest, RequestEvent
from gongkai.disclosure.rules import Channel
from gongkai.letters import actions as letter_actions
from gongkai.letters.models import LetterStep
from gongkai.letters.rules import Channel as LetterChannel
from gongkai.letters.rules import Status
from tests.letters_data import Letters, fresh, written
from tests.pages import at, page

pytestmark = pytest.mark.django_db

WORDS = "请公开2025年高山乡土地征收补偿标准\n我想知道高山乡和平村土地征收的补偿标准和批复文件。"


def submission(**overrides) -> transfers.Submission:
    values = {
        "name": "王小明",
        "phone": "13800138000",
        "text": WORDS,
        "received_on": date(2025, 10, 27),
        "origin": "来信 X2025000123",
    }
    values.update(overrides)
    return transfers.Submission(**values)


def receive(county, **overrides) -> DisclosureRequest:
    receiver = transfers.receiver("disclosure.request")
    number = receiver.receive(actor=county.user["admin"], submission=submission(**overrides))
    return DisclosureRequest.objects.select_related("reply_clock").get(number=number)


def test_the_disclosure_app_takes_over_requests_by_name(county):
    receiver = transfers.receiver("disclosure.request")
    assert receiver is not None and str(receiver.label) == "政府信息公开申请"


def test_a_transferred_submission_becomes_a_request_with_the_writers_words(county):
    code = new_query_code()
    with at("2025-11-03 10:00"):
        request = receive(county, query_code_hash=query_code_hash(code))
    # Addressed to the county's government (its office handles it), received the day the
    # letter was written: the 20 working days (Art. 33) run from then.
    assert request.department == county.dept["SFX"]
    assert request.channel == Channel.ONLINE and request.received_on == date(2025, 10, 27)
    assert request.reply_clock.started_on == date(2025, 10, 27)
    assert request.applicant_name == "王小明" and request.phone == "13800138000"
    assert request.info_description == WORDS
    assert request.info_title == "请公开2025年高山乡土地征收补偿标准"
    assert request.id_number == "" and request.handler is None
    assert request.registered_by == county.user["admin"]
    received = request.events.get(kind=RequestEvent.Kind.RECEIVED)
    assert "X2025000123" in received.note
    event = AuditEvent.objects.get(action="disclosure.submit", object_id=str(request.pk))
    assert event.data["transferred_from"] == "来信 X2025000123"
    # The writer follows the request with the code the letter gave them.
    assert disclosure_actions.find_request(request.number, code) == request


def test_transfers_without_identity_are_not_counted_as_one_applicant(county):
    """109号 Art. 4 counts an applicant's applications in a month by identity document: two
    writers who gave none are two applicants, each on their first application."""
    with at("2025-11-03 10:00"):
        first = receive(county)
        second = receive(county, name="李四", phone="13900139000")
    assert disclosure_actions.nth_application_this_month(first) == 1
    assert disclosure_actions.nth_application_this_month(second) == 1


def test_a_long_first_line_makes_a_short_title(county):
    with at("2025-11-03 10:00"):
        request = receive(county, text="我" * 300)
    assert len(request.info_title) <= 60 and request.info_description == "我" * 300


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": "  "}, "info_description"),
        ({"phone": "12345"}, "phone"),
        ({"name": ""}, "applicant_name"),
    ],
)
def test_bad_submissions_are_refused_and_change_nothing(county, overrides, field):
    before = DisclosureRequest.objects.count()
    with at("2025-11-03 10:00"), pytest.raises(InvalidInput) as refused:
        receive(county, **overrides)
    assert refused.value.field == field
    assert DisclosureRequest.objects.count() == before


def test_a_submission_from_the_future_is_refused(county):
    with at("2025-11-03 10:00"), pytest.raises(InvalidInput):
        receive(county, received_on=date(2025, 11, 4))


def test_the_office_sees_the_request_with_its_identity_not_given(county, staff_client):
    with at("2025-11-03 10:00"):
        request = receive(county)
    client = staff_client("disclosure")
    with at("2025-11-03 10:05"):
        response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "未提供" in text and WORDS.splitlines()[1] in text


def test_a_letter_transferred_becomes_a_request_and_its_writer_sees_where(county, client):
    people = Letters(county)
    body = "我想了解高山乡和平村土地征收的补偿标准和上级批复文件，请予公开。"
    with at("2025-10-27 09:00"):  # a Monday
        letter = written(people.head, subject="申请公开土地征收补偿标准", body=body)
    code = letter.query_code
    with at("2025-11-03 10:00"):
        letter_actions.transfer_letter(
            actor=people.triage,
            letter=letter,
            channel=LetterChannel.DISCLOSURE,
            reason="所咨询事项属于政府信息公开申请，已转依申请公开办理。",
        )
    letter = fresh(letter)
    assert letter.status == Status.TRANSFERRED
    request = DisclosureRequest.objects.get(number=letter.transfer_reference)
    assert request.applicant_name == letter.writer_name and request.phone == letter.writer_phone
    assert request.info_title == "申请公开土地征收补偿标准" and body in request.info_description
    assert request.received_on == date(2025, 10, 27)
    assert letter.number in request.events.get(kind=RequestEvent.Kind.RECEIVED).note
    # The writer follows the letter with its number and code and reads where it went.
    step = letter.steps.get(action=LetterStep.Action.TRANSFER_CHANNEL)
    assert step.public and request.number in step.note
    with at("2025-11-03 11:00"):
        response = client.post(
            "/hudong/track/", {"number": letter.number, "code": code}, follow=True
        )
    assert response.status_code == 200
    assert request.number in page(response) and "已转办" in page(response)
