"""The demo county's disclosure requests: every state a clerk should see, whatever the date."""

import pytest

from gongkai.core.clock import Warning, warning_level
from gongkai.demo import disclosure
from gongkai.disclosure.models import DisclosureRequest
from tests.pages import at

pytestmark = pytest.mark.django_db
Status = DisclosureRequest.Status


@pytest.mark.parametrize("day", ["2026-01-05 10:00", "2026-10-09 10:00", "2027-03-15 10:00"])
def test_the_demo_shows_overdue_due_soon_correction_consultation_and_answers(county, day):
    with at(day):
        made = disclosure.load_demo_requests()
        assert disclosure.load_demo_requests() == []  # loaded once
        made = [DisclosureRequest.objects.get(pk=r.pk) for r in made]
        states = [r.status for r in made]
        warnings = [warning_level(r.reply_clock) for r in made]
    assert states == [
        Status.PROCESSING,
        Status.PROCESSING,
        Status.CORRECTION,
        Status.CONSULTING,
        Status.REPLIED,
        Status.REPLIED,
        Status.PROCESSING,
    ]
    assert warnings[:4] == [Warning.OVERDUE, Warning.DUE_SOON, Warning.PAUSED, Warning.PAUSED]
    assert made[5].extended and made[5].outcome == "2" and made[5].withheld
    # Just arrived online, to the government the public form suggests: nobody handles it yet,
    # and every request of the demo is the government's, handled by its office (条例 Art. 4).
    assert made[6].handler is None and made[6].channel == "online"
    assert {r.department.short_code for r in made} == {"SFX"}
