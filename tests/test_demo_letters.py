"""The demo county's 政民互动: letters in every state made through the actions (some overdue,
some due soon, published ones masked), the message board with a hidden post, and one
consultation open and one closed with its feedback report and final policy."""

from datetime import date

import pytest
from django.conf import settings

from gongkai.core import pii, references, supervision
from gongkai.core.clock import Warning, warning_level
from gongkai.demo import letters
from gongkai.disclosure.models import DisclosureRequest
from gongkai.letters import permissions
from gongkai.letters.actions.consultations import Phase, phase
from gongkai.letters.models import Consultation, Letter, Post
from gongkai.letters.rules import OPEN_STATUSES, Channel, Kind, PostStatus, Status
from tests.pages import at

pytestmark = pytest.mark.django_db
DAYS = ["2026-05-18 10:00", "2027-02-01 10:00"]


def build(day: str) -> None:
    with at(day):
        letters.load_demo_letters()


@pytest.mark.parametrize("day", DAYS)
def test_the_letters_are_in_every_state_some_overdue_and_some_due_soon(county, day):
    build(day)
    made = list(Letter.objects.select_related("reply_clock"))
    assert 50 <= len(made) <= 70
    assert {x.status for x in made} == set(Status.values)
    assert any(x.status == Status.REPLIED and x.satisfaction for x in made)
    assert any(x.extended and x.status in OPEN_STATUSES for x in made)
    assert any(x.reopened and x.status == Status.HANDLING for x in made)
    assert any(x.reopened and x.status == Status.REPLIED for x in made)
    assert any(x.merged_into_id for x in made if x.status == Status.MERGED)
    transferred = {x.transferred_to: x for x in made if x.status == Status.TRANSFERRED}
    assert set(transferred) == {Channel.PETITION, Channel.DISCLOSURE}
    reference = transferred[Channel.DISCLOSURE].transfer_reference
    assert DisclosureRequest.objects.filter(number=reference).exists()
    running = [x for x in made if x.status in (Status.HANDLING, Status.REVIEW)]
    with at(day):
        levels = {(x.kind, warning_level(x.reply_clock)) for x in running}
        on = date.fromisoformat(day[:10])
        board = supervision.board(None, on)
    assert {Warning.OVERDUE, Warning.DUE_SOON} <= {level for _kind, level in levels}
    assert (Kind.CORRECTION, Warning.DUE_SOON) in levels
    for colour in ("red", "yellow"):
        [column] = [c for c in board[colour] if c.source.name == "letters.replies"]
        assert column.total >= 1
    # Made through the actions on the days they happened: the record goes back months.
    received = [x.received_at for x in made]
    assert (max(received) - min(received)).days > 150


@pytest.mark.parametrize("day", DAYS)
def test_about_twenty_letters_are_published_with_personal_data_masked(county, day):
    build(day)
    published = list(Letter.objects.filter(published_at__isnull=False))
    assert 12 <= len(published) <= 30
    assert all(x.agree_publish and x.status == Status.REPLIED for x in published)
    for letter in published:
        for text in (letter.subject_public, letter.body_public, letter.reply_public):
            assert text and not pii.scan(text)
            assert letter.writer_name not in text and letter.writer_phone not in text
    # Writers who gave their phone in the letter see it masked in public.
    assert any(pii.MASK_CHAR * 4 in x.body_public for x in published)


def test_the_board_has_published_pending_rejected_and_hidden_posts(county):
    build(DAYS[0])
    posts = list(Post.objects.all())
    statuses = [p.status for p in posts]
    assert statuses.count(PostStatus.PUBLISHED) >= 4
    assert statuses.count(PostStatus.PENDING) == 1 and statuses.count(PostStatus.REJECTED) == 1
    [hidden] = [p for p in posts if p.status == PostStatus.HIDDEN]
    assert hidden.reports >= settings.LETTERS_REPORTS_TO_HIDE


def test_one_consultation_is_open_and_one_closed_with_its_report_and_final_policy(county):
    build(DAYS[0])
    with at(DAYS[0]):
        phases = {phase(c): c for c in Consultation.objects.all()}
    assert set(phases) == {Phase.OPEN, Phase.REPORTED}
    assert phases[Phase.OPEN].comments.filter(status="pending").exists()
    reported = phases[Phase.REPORTED]
    assert reported.feedback and reported.comments.count() == 4
    assert all(c.adopted is not None and c.response for c in reported.comments.all())
    final = references.resolve(reported.final_index_number)
    assert final is not None and "农村人居环境" in final.title


def test_the_demo_staff_hold_their_roles_and_it_loads_once(county):
    build(DAYS[0])
    count = Letter.objects.count()
    build(DAYS[0])
    assert Letter.objects.count() == count
    user, dept = county.user, county.dept
    assert permissions.can_triage(user["letter_triage"], dept["BGS"])
    dept = {d.short_code: d for d in type(dept["BGS"]).objects.all()}
    for code in ("NYJ", "ZRJ", "MZJ", "RSJ"):
        assert permissions.can_triage(user["letter_dept_triage"], dept[code])
        assert permissions.can_draft(user["letter_handler"], dept[code])
        assert permissions.can_review(user["letter_reviewer"], dept[code])
    assert not permissions.can_draft(user["letter_handler"], dept["BGS"])
    assert permissions.can_review(user["letter_office_reviewer"], dept["BGS"])
    assert permissions.can_moderate(user["moderator"])
