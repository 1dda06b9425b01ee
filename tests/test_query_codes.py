"""Query codes and yearly serials (core.query_codes), shared by every module that gives an
applicant a number and a code."""

from __future__ import annotations

import re

import pytest

from gongkai.core.query_codes import matches, new_query_code, next_serial, query_code_hash
from gongkai.services.models import CaseCounter


def test_a_code_is_four_groups_of_crockford_base32():
    code = new_query_code()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}", code)
    assert new_query_code() != code


def test_a_code_matches_however_it_is_typed_and_is_not_stored():
    code = new_query_code()
    stored = query_code_hash(code)
    assert code.replace("-", "") not in stored
    assert matches(stored, code)
    assert matches(stored, " " + code.replace("-", " ").lower())


def test_a_wrong_or_empty_code_does_not_match():
    stored = query_code_hash(new_query_code())
    assert not matches(stored, new_query_code())
    assert not matches(stored, "")
    assert not matches(stored, "----")
    assert not matches("", "")


@pytest.mark.django_db
def test_serials_count_up_within_a_year_and_start_again_in_the_next():
    assert [next_serial(CaseCounter, 2031) for _i in range(3)] == [1, 2, 3]
    assert next_serial(CaseCounter, 2032) == 1
    assert next_serial(CaseCounter, 2031) == 4
