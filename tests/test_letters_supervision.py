"""Letters on the supervision board (core.supervision): a reply overdue is a red card, one due
within CLOCK_DUE_SOON_DAYS working days a yellow one, each on the lead department's board."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import supervision
from gongkai.letters import actions
from gongkai.letters.rules import Kind
from tests.letters_data import Letters, accepted, replied
from tests.pages import at

pytestmark = pytest.mark.django_db

SOURCE = "letters.replies"


def column(board, colour: str):
    [found] = [c for c in board[colour] if c.source.name == SOURCE]
    return found


def test_a_late_letter_is_a_red_card_of_its_lead_department(county):
    people = Letters(county)
    with at("2025-09-01 10:00"):  # a Monday: 10 working days, due Monday 15 September
        late = accepted(people, subject="和平村三组水渠维修")
        replied(people)  # answered: not late, whatever its clock said
    red = column(supervision.board(None, date(2025, 9, 17)), "red")
    [card] = red.cards
    assert red.total == 1 and card.days == 2 and card.due_date == date(2025, 9, 15)
    assert late.number in card.title and "和平村三组水渠维修" in card.title
    assert card.department == county.dept["NYJ"].name and card.url == late.get_absolute_url()
    assert str(card.source) == "来信答复"


def test_a_correction_due_in_three_working_days_is_yellow(county):
    people = Letters(county)
    with at("2025-09-15 10:00"):  # 纠错: 3 working days, due Thursday 18 September
        letter = accepted(
            people, kind=Kind.CORRECTION, page_url="https://www.example.gov.cn/xxgk/1.html"
        )
    board = supervision.board(None, date(2025, 9, 15))
    [card] = column(board, "yellow").cards
    assert card.title.startswith(letter.number) and "纠错" in card.title
    assert card.due_date == date(2025, 9, 18) and card.days == 3
    assert column(board, "red").total == 0
    # Not due within the horizon yet: a 咨询 accepted the same day (due 29 September).
    with at("2025-09-15 10:00"):
        accepted(people)
    assert column(supervision.board(None, date(2025, 9, 15)), "yellow").total == 1


def test_each_department_sees_the_letters_it_leads(county):
    people = Letters(county)
    with at("2025-09-01 10:00"):
        nyj = accepted(people)
        mzj = accepted(people, department=people.mzj)
    on = date(2025, 9, 17)
    # The triage of 县农业农村局 heads its own mailbox: its board holds the letters it leads.
    scope = supervision.scope_for(people.nyj_triage)
    assert scope == frozenset({people.nyj.pk})
    titles = [card.title for card in column(supervision.board(scope, on), "red").cards]
    assert len(titles) == 1 and titles[0].startswith(nyj.number)
    # The office's triage sees neither (the office leads none of them); supervisors see both.
    office = supervision.board(supervision.scope_for(people.triage), on)
    assert column(office, "red").total == 0
    everything = supervision.board(supervision.scope_for(county.user["supervisor"]), on)
    assert {c.title.split()[0] for c in column(everything, "red").cards} == {
        nyj.number,
        mzj.number,
    }


def test_a_letter_with_an_extension_is_late_only_after_its_new_date(county):
    people = Letters(county)
    with at("2025-09-01 10:00"):
        letter = accepted(people)
    with at("2025-09-10 10:00"):
        actions.request_extension(actor=people.handler, letter=letter, reason="需现场核查。")
        actions.decide_extension(actor=people.triage, letter=letter, approve=True, opinion="")
    assert column(supervision.board(None, date(2025, 9, 17)), "red").total == 0
