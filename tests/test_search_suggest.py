""" "Did you mean": a query that finds nothing gets a suggestion only when the suggested terms
are close to what was typed (a homophone, or few edits on the characters or on the pinyin)
and the suggestion finds something; otherwise nothing is suggested.

Runs on SQLite and on PostgreSQL (tests/run.py): the rule is Python over the vocabulary, the
same on both engines.
"""

from __future__ import annotations

import pytest

from gongkai.search import vocabulary
from gongkai.search.api import search
from gongkai.search.indexer import index_documents
from tests.test_search import doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(db):
    """乡镇 and 春兴 are indexed (one document holds both), 乡村振兴 is not."""
    index_documents(
        [
            doc(1, "乡镇春兴农贸市场改造完工", "城关镇乡镇春兴农贸市场改造工程已完工。"),
            doc(2, "2024年政务公开工作要点", "推进政务公开标准化规范化。"),
            doc(3, "档案管理办法", "规范机关档案管理工作。"),
        ]
    )


def test_a_query_whose_words_only_share_a_character_with_indexed_terms_gets_no_suggestion(index):
    result = search("乡村振兴")
    assert result.total == 0
    # 乡村 -> 乡镇 and 振兴 -> 春兴 are one character of two away, with other sounds.
    assert result.suggestion is None


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("正务公开", "政务公开"),  # a homophone: the same pinyin
        ("政务公间", "政务公开"),  # one wrong character of four
        ("档按管理", "档案管理"),
    ],
)
def test_a_real_typo_still_gets_the_right_suggestion(index, typed, meant):
    result = search(typed)
    assert result.total == 0
    assert result.suggestion == meant
    assert search(result.suggestion).total > 0


def test_a_suggestion_that_would_find_nothing_is_not_shown(index):
    # 政务公开 is indexed, but not in column 2: suggesting it there would find nothing.
    assert search("正务公开", column=1).suggestion == "政务公开"
    assert search("正务公开", column=2).suggestion is None


@pytest.mark.parametrize(
    ("typed", "term", "close"),
    [
        ("正务", "政务", True),  # same pinyin
        ("振新", "振兴", True),  # zhenxin / zhenxing: one letter of pinyin
        ("政务公间", "政务公开", True),  # one character of four
        ("乡村", "乡镇", False),  # one character of two, and another sound
        ("振兴", "春兴", False),
        ("公开", "公告", False),
        ("report", "repost", True),
        ("pdf", "pdg", False),  # three letters: one edit is a different word
    ],
)
def test_closeness_is_judged_on_the_word_and_on_its_pinyin(typed, term, close):
    assert vocabulary.close(typed, term) is close
