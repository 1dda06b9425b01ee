"""Chinese full-text search: segmentation, the engine (FTS5 or PostgreSQL, whichever database
the suite runs on), indexing following publishing, commands, pages, and a judged query set.

The whole file runs on SQLite and again on PostgreSQL (tests/run.py): the same expectations
on both is what "the backends agree" means. `test_matches_are_exactly_what_the_tokens_say`
checks each engine against one Python oracle, so the two agree with each other.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from gongkai.core.models import AuditEvent
from gongkai.demo import publishing as demo
from gongkai.publishing import actions as publishing
from gongkai.publishing.actions import ItemData
from gongkai.publishing.models import Column, Item
from gongkai.search import api, segment
from gongkai.search.actions import add_dictionary_word
from gongkai.search.api import search
from gongkai.search.backends import get_backend
from gongkai.search.indexer import delete_documents, index_documents, reindex
from gongkai.search.models import DictionaryWord, ReindexState, SearchDocument, SearchTerm

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
KIND = "test.doc"


def doc(object_id, title, body="", **kw) -> dict:
    """A search document as a module's source would give it (no Item behind it)."""
    published = kw.pop("published", "2024-05-01")
    return {
        "kind": kw.pop("kind", KIND),
        "object_id": object_id,
        "title": title,
        "body": body,
        "url": f"/test/{object_id}/",
        "column_id": kw.pop("column", 1),
        "department_id": kw.pop("department", 1),
        "published_at": datetime.fromisoformat(published).replace(hour=9, tzinfo=SHANGHAI)
        if published
        else None,
        "validity": kw.pop("validity", "valid"),
        "is_public": kw.pop("public", True),
        **kw,
    }


def ids(result) -> list[int]:
    return [hit.object_id for hit in result.hits]


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


@pytest.fixture
def reports(county, django_capture_on_commit_callbacks):
    """The demo's nine seed reports, indexed through the real hook (publish -> worker job)."""
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo_columns()
        items = demo.load_demo_reports()
    assert SearchDocument.objects.filter(kind="publishing.item").count() == len(items) == 9
    return {item.live_revision.title: item for item in items}


# ---------------------------------------------------------------- segmentation


def test_government_terms_are_kept_whole_in_documents_and_queries():
    words = segment.words("推进政务公开，实现一网通办、最多跑一次，落实首问负责制")
    for term in ("政务公开", "一网通办", "最多跑一次", "首问负责制"):
        assert term in words
    assert segment.words("依申请公开") == ["依申请公开"]


def test_a_long_word_also_indexes_the_shorter_words_inside_it():
    assert segment.tokens("政务服务中心") == [
        "政务",
        "服务",
        "中心",
        "政务服务",
        "服务中心",
        "政务服务中心",
    ]
    assert segment.tokens("政务公开") == ["政务", "公开", "政务公开"]


def test_tokens_are_letters_and_digits_only_folded_like_unicode61():
    assert segment.words("互联网+政务服务") == ["互联网", "政务服务"]
    assert segment.words("ＰＤＦ格式") == segment.words("pdf格式") == ["pdf", "格式"]
    assert "_" not in "".join(segment.tokens("a_b 政务_公开"))
    assert sorted(segment.characters("政务公开，公开透明")) == sorted("政务公开透明")


def test_a_document_holding_a_run_of_letters_too_long_for_a_token_is_indexed_without_it():
    """A run of letters or digits longer than a token may be (an encoded blob pasted into a
    text) is left out on both engines: PostgreSQL refused the whole batch holding it. A query
    of letters longer than a vocabulary term is searched, not an error (it was a KeyError in
    the pinyin rewriting)."""
    blob = "QUJD" * 800  # 3,200 letters and digits, no word
    assert segment.words(f"附件{blob}政务公开") == ["附件", "政务公开"]
    index_documents([doc(1, "附件说明", f"附件：{blob}。推进政务公开。"), doc(2, "其他", "其他")])
    assert ids(search("政务公开")) == [1]
    assert ids(search(blob[:100])) == []  # as long as a token may be: not found
    assert ids(search("x" * 41)) == []
    assert search(blob).total == 0


def test_an_added_word_is_cut_whole_and_indexed_documents_follow(
    county, django_capture_on_commit_callbacks
):
    index_documents([doc(1, "村务监督委员会换届", "全面加强村务监督工作。")])
    before = segment.words("村务监督")
    assert before != ["村务监督"]
    with django_capture_on_commit_callbacks(execute=True):
        add_dictionary_word(actor=county.user["admin"], word=" 村务监督 ")
    assert segment.words("村务监督") == ["村务监督"]
    assert DictionaryWord.objects.get().word == "村务监督"
    event = AuditEvent.objects.filter(action="search.add_word").get()
    assert event.data == {"word": "村务监督", "was_cut_as": before}
    # The document was cut again: the new word is one token of it now, a phrase no more.
    assert SearchTerm.objects.get(term="村务监督").df == 1
    assert ids(search("村务监督")) == [1]


def test_only_system_administrators_add_words_and_bad_words_are_refused(county):
    from gongkai.core.errors import InvalidInput

    with pytest.raises(PermissionDenied):
        add_dictionary_word(actor=county.user["editor"], word="村务监督")
    for bad in ("", "公", "a b", "abc", "政务公开", "长" * 21):
        with pytest.raises(InvalidInput):
            add_dictionary_word(actor=county.user["admin"], word=bad)
    add_dictionary_word(actor=None, word="河长制")
    with pytest.raises(InvalidInput, match="已在词典中"):
        add_dictionary_word(actor=None, word="河长制")


def test_the_add_word_command_adds_a_word():
    out = io.StringIO()
    call_command("search", "add-word", "林长制", stdout=out)
    assert "林长制" in out.getvalue()
    assert segment.words("推行林长制") == ["推行", "林长制"]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="已在词典中"):
        call_command("search", "add-word", "林长制", stdout=io.StringIO())


# ---------------------------------------------------------------- matching


@pytest.fixture
def phrases():
    assert segment.words("建设工作") == ["建设", "工作"]
    index_documents(
        [
            doc(1, "机关建设工作要点", "全面推进政务公开。"),
            doc(2, "工作与建设", "政务网站的信息公开。"),
            doc(3, "年度总结：建设", "工作很多。"),  # 建设 ends the title, 工作 starts the body
            doc(4, "通知", "推进政务公开工作"),
            doc(5, "要点", "加强建设工作。工作要点如下"),  # both pairs of 建设工作要点, apart
        ]
    )


def test_a_quoted_phrase_needs_its_words_adjacent_and_in_order(phrases):
    assert sorted(ids(search("建设工作"))) == [1, 2, 3, 5]
    assert sorted(ids(search('"建设工作"'))) == [1, 5]
    assert sorted(ids(search("“建设工作”"))) == [1, 5]  # Chinese quotes too


def test_a_long_phrase_needs_all_its_words_in_one_run(phrases):
    assert segment.words("建设工作要点") == ["建设", "工作", "要点"]
    assert ids(search('"建设工作要点"')) == [1]
    assert sorted(ids(search("建设工作要点"))) == [1, 5]


def test_a_phrase_never_runs_from_the_title_into_the_body(phrases):
    assert 3 not in ids(search('"建设工作"'))


def test_a_term_cut_into_several_words_is_found_only_where_they_are_adjacent(phrases):
    """政务公开 (政务 + 公开): found where the words are adjacent, not where they stand apart."""
    assert sorted(ids(search("政务公开"))) == [1, 4]
    assert sorted(ids(search('"政务公开"'))) == [1, 4]
    assert sorted(ids(search('"政务 公开"'))) == [1, 4]
    assert sorted(ids(search("政务 公开"))) == [1, 2, 4]  # two words, anywhere
    assert ids(search('"政务公开工作"')) == [4]


def _pairs_sharing_a_bucket() -> tuple[tuple[str, str], tuple[str, str]]:
    """Two indexed pairs of common words (each cut as those two words) that SQLite indexes
    as the same bucket (sqlite.pair_bucket)."""
    from gongkai.search.backends import sqlite

    words = "建设 工作 推进 政务 公开 要点 加强 管理 服务 信息 发展 经济 社会 改革 创新 制度"
    seen: dict[str, tuple[str, str]] = {}
    for a in words.split():
        for b in words.split():
            if a == b or segment.words(a + b) != [a, b] or not segment.is_common(a):
                continue
            other = seen.setdefault(sqlite.pair_bucket(a, b), (a, b))
            if other != (a, b) and other != (b, a):
                return other, (a, b)
    raise AssertionError("no two pairs share a bucket")


def test_a_phrase_is_confirmed_by_positions_where_another_pair_shares_its_bucket():
    """SQLite finds a phrase's candidates by its pairs' buckets, which other pairs share: a
    document holding only another pair of the same bucket, and the phrase's words apart,
    is not found; on PostgreSQL the pairs' keys are exact, and the same holds."""
    (a, b), (c, d) = _pairs_sharing_a_bucket()
    index_documents(
        [
            doc(1, "通知", f"{a}{b}。"),
            doc(2, "通知", f"{c}{d}。{b}，{a}。"),  # the bucket, and the phrase's words apart
        ]
    )
    assert segment.words(f"{c}{d}。{b}，{a}。") == [c, d, b, a]
    assert ids(search(f'"{a}{b}"')) == [1]
    assert sorted(ids(search(f"{a} {b}"))) == [1, 2]
    assert ids(search(f'"{c}{d}"')) == [2]


def test_a_word_inside_a_longer_word_is_found(phrases):
    assert sorted(ids(search("公开"))) == [1, 2, 4]


def test_a_single_character_matches_any_text_holding_it(phrases):
    assert sorted(ids(search("机"))) == [1]
    assert sorted(ids(search("网"))) == [2]
    assert sorted(ids(search("推 公开"))) == [1, 4]
    assert search("鑫").total == 0


def test_matches_are_exactly_what_the_tokens_say(county):
    """The engine in use against a Python oracle of the documented semantics."""
    texts = [
        ("政务公开建设工作报告", "我办政务公开规范化服务型政府建设，以首问负责制为抓手。"),
        ("档案管理办法", "电子文件归档与档案管理；政务服务中心设立查询窗口。"),
        ("便民服务指南", "一网通办、最多跑一次，便民服务中心周末照常办公。"),
        ("关于规范性文件清理的通知", "对本机关制定的规范性文件进行清理，公开目录。"),
        ("2024年预算公开", "政府预算、三公经费公开；PDF 附件见下。"),
        ("服务型政府建设", "建设服务型政府，推进政务服务标准化。"),
    ]
    index_documents(doc(i, t, b) for i, (t, b) in enumerate(texts, 1))

    def oracle(query: str) -> list[int]:
        from gongkai.search.query import parse

        parsed = parse(query)
        found = []
        for i, (title, body) in enumerate(texts, 1):
            title_words, body_words = segment.words(title), segment.words(body)
            tokens = set(segment.tokens(title)) | set(segment.tokens(body))
            chars = set(segment.characters(title + body))

            def adjacent(words, seq):
                n = len(seq)
                return any(tuple(words[k : k + n]) == seq for k in range(len(words) - n + 1))

            ok = True
            for term in parsed.terms:
                if term.kind == "char":
                    ok &= term.tokens[0] in chars
                elif term.kind == "word":
                    ok &= term.tokens[0] in tokens
                else:
                    ok &= adjacent(title_words, term.tokens) or adjacent(body_words, term.tokens)
            if ok:
                found.append(i)
        return found

    for query in [
        "政务公开",
        "公开",
        "服务",
        "服务型政府",
        '"服务型政府建设"',
        '"建设服务型政府"',
        "政务服务中心",
        "服务中心",
        "档案 管理",
        '"档案管理"',
        "便民",
        "规范性文件",
        "pdf",
        "2024",
        "三公经费 预算",
        "政",
        "档 公开",
        '"政务 公开"',
        "首问负责制",
        "不存在的词语",
    ]:
        assert sorted(ids(search(query, per_page=50))) == oracle(query), query


# ---------------------------------------------------------------- filters, pages, counts


@pytest.fixture
def corpus():
    docs = []
    for i in range(1, 26):
        docs.append(
            doc(
                i,
                f"第{i}号通知",
                "关于农村人居环境整治的安排。" if i % 2 else "关于城市管理的安排。",
                column=1 + i % 3,
                department=10 + i % 2,
                published=(datetime(2021, 1, 1) + timedelta(days=60 * i)).date().isoformat(),
                validity="repealed" if i % 5 == 0 else "valid",
                kind="test.notice" if i <= 5 else KIND,
            )
        )
    index_documents(docs, batch_size=7)
    return docs


def test_filters_narrow_the_results_and_combine(corpus):
    everything = search("安排", per_page=50)
    assert everything.total == 25
    assert search("安排", column=2, per_page=50).total == len(
        [i for i in range(1, 26) if i % 3 == 1]
    )
    assert sorted(ids(search("农村", department=11, per_page=50))) == [i for i in range(1, 26, 2)]
    assert sorted(ids(search("安排", validity="repealed", per_page=50))) == [5, 10, 15, 20, 25]
    assert sorted(ids(search("安排", kind="test.notice", per_page=50))) == [1, 2, 3, 4, 5]
    years = {d["object_id"]: d["published_at"].year for d in corpus}
    assert sorted(ids(search("安排", year=2022, per_page=50))) == sorted(
        i for i, y in years.items() if y == 2022
    )
    combined = search("城市", year=2023, department=10, validity="valid", per_page=50)
    expected = [i for i, y in years.items() if y == 2023 and i % 2 == 0 and i % 5 != 0]
    assert sorted(ids(combined)) == sorted(expected)
    assert search("安排", column=999).total == 0


def test_pages_and_date_order(corpus):
    first = search("安排", sort="date", per_page=10)
    assert first.total == 25 and first.pages == 3 and first.has_next
    assert ids(first) == list(range(25, 15, -1))  # newest first
    third = search("安排", sort="date", page=3, per_page=10)
    assert ids(third) == [5, 4, 3, 2, 1] and third.total == 25 and not third.has_next
    assert search("安排", page=4, per_page=10).hits == []
    seen = [i for page in (1, 2, 3) for i in ids(search("安排", page=page, per_page=10))]
    assert sorted(seen) == list(range(1, 26))  # relevance pages neither repeat nor skip


def test_counts_are_capped(corpus, monkeypatch):
    monkeypatch.setattr(api, "COUNT_CAP", 20)
    result = search("安排", per_page=5)
    assert result.total == 20 and result.total_capped


def test_one_word_held_by_more_than_the_cap_is_not_counted_again(corpus, monkeypatch):
    """The vocabulary's df of one word is the number of public documents it matches: above the
    cap, no count query runs; with a filter, or for staff, the count runs and agrees."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(api, "COUNT_CAP", 20)
    assert SearchTerm.objects.get(term="安排").df == 25
    with CaptureQueriesContext(connection) as queries:
        result = search("安排", per_page=5)
    assert result.total == 20 and result.total_capped
    assert not [q for q in queries if "count(*)" in q["sql"]]
    for counted in (search("安排", per_page=5, public=False), search("安排 通知", per_page=5)):
        assert counted.total == 20 and counted.total_capped
    monkeypatch.setattr(api, "COUNT_CAP", 25)  # the cap itself is "25 or more"
    assert search("安排", per_page=5).total_capped
    monkeypatch.setattr(api, "COUNT_CAP", 26)  # df below the cap: counted exactly
    with CaptureQueriesContext(connection) as queries:
        result = search("安排", per_page=5)
        assert result.total == 25 and not result.total_capped
    assert [q for q in queries if "count(*)" in q["sql"]]


def test_a_full_window_is_counted_as_capped_without_a_count(corpus, monkeypatch):
    """When the floor is found, RESULT_WINDOW documents match: with a cap no higher, the total
    is "the cap or more" and no count runs; a higher cap is counted exactly."""
    from django.test.utils import CaptureQueriesContext

    expected = search("安排 通知", per_page=50, sort="date").total  # one page: exact
    assert expected > 8, "the corpus must hold more matches than the window"
    monkeypatch.setattr(api, "RESULT_WINDOW", 8)
    monkeypatch.setattr(api, "FULL_RANK_LIMIT", {"sqlite": 5, "postgresql": 5})
    monkeypatch.setattr(api, "COUNT_CAP", 8)
    with CaptureQueriesContext(connection) as queries:
        result = search("安排 通知", per_page=5)
    assert result.total == 8 and result.total_capped and len(result.hits) == 5
    assert not [q for q in queries if "count(*)" in q["sql"]]
    monkeypatch.setattr(api, "COUNT_CAP", 100)
    with CaptureQueriesContext(connection) as queries:
        result = search("安排 通知", per_page=5)
    assert result.total == expected and not result.total_capped
    assert [q for q in queries if "count(*)" in q["sql"]]


def test_very_common_words_rank_the_newest_candidates_by_title(corpus, monkeypatch):
    """When a word is in too many documents to score them all, the newest ones are ranked."""
    monkeypatch.setattr(api, "RANK_DF_LIMIT", 10)
    monkeypatch.setattr(api, "RESULT_WINDOW", 8)
    result = search("安排", per_page=5)
    assert result.total == 25
    assert ids(result) == [25, 24, 23, 22, 21]
    titled = search("通知", per_page=3)  # in every title: newest first
    assert ids(titled) == [25, 24, 23]
    monkeypatch.setattr(api, "RANK_DF_LIMIT", 1000)
    monkeypatch.setattr(api, "FULL_RANK_LIMIT", {connection.vendor: 10})
    ranked = search("农村", per_page=50)  # 13 matches, only the newest 8 ranked
    assert sorted(ids(ranked)) == [11, 13, 15, 17, 19, 21, 23, 25]
    assert ranked.total == 13


def test_a_long_input_is_cut_in_a_second_process_with_the_same_result(monkeypatch):
    import multiprocessing

    from gongkai.search import indexer

    forked = []
    real = multiprocessing.get_context
    monkeypatch.setattr(indexer, "_cores", lambda: 2)  # forks even on one core
    monkeypatch.setattr(
        multiprocessing, "get_context", lambda method: forked.append(method) or real(method)
    )
    texts = ["推进政务公开", "一网通办改革", "政务服务中心", "档案管理办法", "便民服务"] * 3
    documents = [doc(i, t, t * 3) for i, t in enumerate(texts, 1)]
    documents.append(doc(1, "农村公路养护", "农村公路"))  # the last batch's version of 1 wins
    index_documents(documents, batch_size=4)
    assert forked == ["fork"]
    assert indexer._helpers(get_backend()) == (2 if connection.vendor == "postgresql" else 1)
    assert sorted(ids(search("政务公开"))) == [6, 11]
    assert ids(search("农村公路")) == [1]
    assert sorted(ids(search('"服务中心"'))) == [3, 8, 13]
    assert SearchTerm.objects.get(term="便民服务").df == 3


def test_a_bulk_load_leaves_the_engine_settings_as_they_were():
    """The bulk settings (FTS5's in-memory size, PostgreSQL's GIN indexes dropped and built
    again) last only as long as the load."""
    texts = ["推进政务公开", "一网通办改革", "政务服务中心"] * 3
    index_documents((doc(i, t, t) for i, t in enumerate(texts, 1)), batch_size=2)
    assert sorted(ids(search("政务公开"))) == [1, 4, 7]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in ("search_fts", "search_chars"):
                cursor.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'")
                assert cursor.fetchone() in (None, (1024 * 1024,))
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchdocument'"
                " AND indexdef LIKE '%%USING gin%%' ORDER BY indexname"
            )
            assert cursor.fetchall() == [
                ("search_document_ctsv",),
                ("search_document_ptsv",),
                ("search_document_tsv",),
            ]


@pytest.mark.django_db(transaction=True)
def test_a_bulk_load_outside_a_transaction_builds_the_indexes_again_side_by_side():
    """Outside a transaction (a reindex, the benchmark), PostgreSQL builds its three GIN
    indexes each on a connection of its own, and the new terms' pinyin is filled in
    meanwhile; the result is the same as inside one."""
    texts = ["推进政务公开", "一网通办改革", "政务服务中心"] * 3
    index_documents((doc(i, t, t) for i, t in enumerate(texts, 1)), batch_size=2)
    assert sorted(ids(search("政务公开"))) == [1, 4, 7]
    assert sorted(ids(search("办"))) == [2, 5, 8]  # one character: the character index
    assert SearchTerm.objects.get(term="政务公开").initials == "zwgk"
    assert not SearchTerm.objects.filter(pinyin__isnull=True).exists()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c"
                " ON c.oid = i.indexrelid WHERE c.relname LIKE 'search_document_%%tsv'"
                " ORDER BY c.relname"
            )
            assert cursor.fetchall() == [
                ("search_document_ctsv", True),
                ("search_document_ptsv", True),
                ("search_document_tsv", True),
            ]
            # The statistics are gathered after the load (the planner needs them to join the
            # indexes of words, pairs and characters).
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'search_searchdocument'"
                " AND attname IN ('tsv', 'ctsv', 'ptsv')"
            )
            assert cursor.fetchone()[0] == 3
            cursor.execute(
                "SELECT attname, attcompression, attstorage FROM pg_attribute WHERE attrelid ="
                " 'search_searchdocument'::regclass AND attname IN ('tsv', 'ctsv', 'ptsv', 'body')"
                " ORDER BY attname"
            )
            # lz4; `tsv` in the row (main), the others out of it when large (extended)
            assert cursor.fetchall() == [
                ("body", "l", "x"),
                ("ctsv", "l", "x"),
                ("ptsv", "l", "x"),
                ("tsv", "l", "m"),
            ]


def test_removed_documents_leave_the_index_and_the_vocabulary(corpus):
    assert SearchTerm.objects.get(term="农村").df == 13
    delete_documents(KIND, [7, 9])
    assert search("农村", per_page=50).total == 11
    assert SearchTerm.objects.get(term="农村").df == 11
    index_documents([doc(7, "第7号通知", "城市管理")])  # replaced, not added
    assert SearchDocument.objects.filter(kind=KIND, object_id=7).count() == 1
    assert SearchTerm.objects.get(term="城市").df == 13
    # Only words and sub-words are counted: never a pair or a filter token, when a document
    # is replaced or removed either.
    assert not SearchTerm.objects.filter(term__contains="_").exists()
    assert not SearchTerm.objects.filter(df__lt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_the_pairs_column_migration_moves_the_pairs_of_existing_rows():
    """Migration 0003 moves the pairs out of `tsv` into `ptsv` for rows already indexed, and
    its reverse moves them back: a phrase is found both before and after, without a reindex."""
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's columns")
    index_documents([doc(1, "推进政务公开", "政务公开的工作"), doc(2, "政务", "公开推进")])
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0002_postgres_lz4")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(tsv) FROM search_searchdocument WHERE object_id = 1"
        )
        assert "推进_政务公开" in cursor.fetchone()[0]  # back in `tsv`, as 0002 kept them
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0003_postgres_pairs_column")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(tsv), tsvector_to_array(ptsv) FROM search_searchdocument"
            " WHERE object_id = 1"
        )
        words, pairs = cursor.fetchone()
    assert "推进_政务公开" in pairs and "推进" in words
    assert not [t for t in words if "_" in t and not t.startswith("_")]
    assert {t for t in words if t.startswith("_k")} == {"_ktest_doc"}  # filters stay
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("search"))
    assert ids(search('"推进政务公开"')) == [1]
    assert ids(search("政务公开 推进")) == [1]


@pytest.mark.django_db(transaction=True)
def test_the_integer_keys_migration_converts_the_characters_and_pairs_of_existing_rows():
    """Migration 0004 turns the characters and pairs of rows already indexed into the integer
    arrays the indexer writes now, and its reverse back into the tsvectors 0003 left: a
    phrase and a lone character are found before and after, without a reindex."""
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's columns")
    docs = [
        doc(1, "推进政务公开", "政务公开的工作"),
        doc(2, "政务", "公开推进"),
        doc(3, "办事", ""),
    ]
    index_documents(docs)

    def columns():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT object_id, ARRAY(SELECT unnest(ctsv) ORDER BY 1),"
                " ARRAY(SELECT unnest(ptsv) ORDER BY 1) FROM search_searchdocument"
                " ORDER BY object_id"
            )
            return cursor.fetchall()

    written = columns()  # as the indexer writes them (in no particular order)
    assert written[0][1] == sorted(map(ord, "推进政务公开的工作"))
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0003_postgres_pairs_column")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(ctsv), tsvector_to_array(ptsv) FROM search_searchdocument"
            " WHERE object_id = 1"
        )
        chars, pairs = cursor.fetchone()
    assert set(chars) == set("推进政务公开的工作") and "推进_政务公开" in pairs
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("search"))
    assert columns() == written
    assert ids(search('"推进政务公开"')) == [1]
    assert ids(search("办")) == [3]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname IN"
            " ('search_document_ctsv', 'search_document_ptsv') ORDER BY indexname"
        )
        assert [row[0].split(" USING ")[1] for row in cursor.fetchall()] == [
            "gin (ctsv)",
            "gin (ptsv)",
        ]


@pytest.mark.django_db(transaction=True)
def test_the_pair_buckets_migration_rewrites_the_pairs_of_existing_rows():
    """Migration 0005 writes SQLite's `pairs` column of rows already indexed as the pairs'
    buckets the indexer writes now, and its reverse as the pairs themselves: a phrase is
    found after it without a reindex."""
    from django.db.migrations.executor import MigrationExecutor

    from gongkai.search.backends import sqlite

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 columns")
    index_documents([doc(1, "推进政务公开", "政务公开的工作"), doc(2, "政务", "公开推进")])

    def pairs() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pairs FROM search_fts ORDER BY rowid")
            return [row[0] for row in cursor.fetchall()]

    written = pairs()
    assert sqlite.pair_bucket("推进", "政务公开") in written[0].split() + written[1].split()
    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0004_postgres_integer_keys")])
    assert sorted(" ".join(pairs()).split()) == sorted(["推进_政务公开", "政务公开_的", "的_工作"])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("search"))
    assert pairs() == written
    assert ids(search('"推进政务公开"')) == [1]
    assert ids(search('"政务公开的工作"')) == [1]


def _naive_tsvector_literal(one) -> str:
    """`tsv` of a prepared document as a tsvector literal, written naively: every position of
    every word and sub-word, unescaped tokens quoted, and the server's own parsing left to cap
    the positions, keep each once with its highest weight, and sort."""
    from gongkai.search.backends import base, postgres_walk

    found: dict[str, list[str]] = {}
    start = len(one.title_words) + base.TITLE_BODY_GAP + 1
    for words, first, weight in ((one.title_words, 1, "A"), (one.body_words, start, "B")):
        for position, word in enumerate(words, first):
            found.setdefault(word, []).append(f"{position}{weight}")
            for sub in one.subs.get(word, ()):
                found.setdefault(sub, []).append(f"{position}C")
    quoted = {t: "'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in found}
    parts = [f"{quoted[t]}:{','.join(p)}" for t, p in found.items()]
    for token in (*one.facets, postgres_walk.month_token(one.day)):
        parts.append("'" + token.replace("'", "''") + "'")
    return " ".join(parts)


def _edge_documents() -> list:
    """Prepared documents at the edges of a tsvector: tokens with a quote or a backslash
    (which segmentation never gives), a sub-word twice in one word (公开公开), positions
    beyond 16,383 (a word, and a sub-word of another, at the last one: kept once, with the
    highest weight), a token at 300 positions (at most 256), and NULL fields."""
    import dataclasses

    from gongkai.search import indexer

    prepared = indexer.prepare(doc(1, "政务公开指南", "推进政务公开。"), today=20000)
    odd = dataclasses.replace(
        prepared, object_id=2, title_words=["it's", "a\\b", "公开公开"], facets=["_k'q"]
    )
    body = [f"词{i}" for i in range(16_400)] + ["公开", "公开", "政务公开"]
    long = dataclasses.replace(
        prepared,
        object_id=3,
        body_words=body + ["常"] * 300,  # 300 times at the last position: once
        facets=[],
        published_at=None,
        published_day=None,
        year=None,
        column_id=None,
        is_public=False,
    )
    many = dataclasses.replace(prepared, object_id=4, body_words=["多"] * 300)
    return [odd, long, many, prepared]


def test_postgresql_stores_the_binary_rows_as_its_own_parsing_of_a_literal_would():
    """Rows are written in COPY's binary format. Each `tsv` holds what the server makes of a
    naive literal of the same document (the same lexemes, positions and weights): positions beyond 16,383 counted as
    16,383 and kept once with the highest weight, at most 256 positions per token, a sub-word
    found twice in one word kept once, and tokens with a quote or a backslash (which
    segmentation never gives) as they are. The arrays hold the characters and the pairs'
    keys; the other fields read back as given, NULL included. (The fields are those of the
    compiled module when it is built: `test_the_compiled_index_fields_are_the_python_ones`.)"""
    from django.db import transaction
    from django.utils import timezone

    from gongkai.search.backends import postgres

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's binary rows")
    rows = _edge_documents()
    odd, long, many, prepared = rows
    backend = get_backend()
    now = timezone.now()
    with transaction.atomic():
        backend.insert([backend.encode(one) for one in rows], [11, 12, 13, 14], [1, 2, 3, 4], now)
    with connection.cursor() as cursor:
        for one in rows:
            cursor.execute(
                "SELECT length(tsv) = length(%s::tsvector), tsv::text, %s::tsvector::text, ctsv,"
                " ptsv, title,"
                " body, extra, url, column_id, department_id, published_at, published_day,"
                " year, validity, is_public, indexed_at, kind, object_id"
                " FROM search_searchdocument WHERE object_id = %s",
                [_naive_tsvector_literal(one)] * 2 + [one.object_id],
            )
            same, stored, parsed, chars, pairs, *fields = cursor.fetchone()
            assert stored == parsed and same
            assert sorted(chars) == sorted(ord(c) for c in one.chars)
            keys = {postgres.pair_key(*pair.split("_", 1)) for pair in one.pairs()}
            assert sorted(pairs) == sorted(keys)
            assert fields == [
                one.title,
                one.body,
                one.extra,
                one.url,
                one.column_id,
                one.department_id,
                one.published_at,
                one.published_day,
                one.year,
                one.validity,
                one.is_public,
                now,
                one.kind,
                one.object_id,
            ]
        cursor.execute(
            "SELECT tsvector_to_array(tsv), tsv FROM search_searchdocument WHERE object_id = %s",
            [1],
        )
        words, text = cursor.fetchone()
        assert f"'{prepared.title_words[0]}':1A" in text
        assert {*prepared.title_words, *prepared.body_words, *prepared.facets} <= set(words)
        assert prepared.subs and set(prepared.sub_words()) <= set(words)
        # the pairs are in their own column
        assert not [t for t in words if "_" in t and not t.startswith("_")]
        cursor.execute(
            "SELECT tsv FROM search_searchdocument WHERE object_id IN (2, 3, 4) ORDER BY object_id"
        )
        odd_text, long_text, many_text = [row[0] for row in cursor.fetchall()]
    assert "'it''s':1A" in odd_text and "'_k''q'" in odd_text
    assert "'公开':3C" in odd_text  # a sub-word twice in one word (公开公开): once
    assert odd.subs["公开公开"] == ["公开", "公开"]
    # 公开 is a word at 16,383 twice, and a sub-word of 政务公开 there: once, with weight B
    assert re.search(r"'公开':\S*,16383B ", long_text) and "'常':16383B" in long_text
    assert "'政务':1A,16383C " in long_text
    assert len(re.search(r"'多':(\S+)", many_text)[1].split(",")) == 256
    # Indexes store the keys: a pair's key never changes (else a reindex is needed), and
    # the order of its words counts.
    assert postgres.pair_key("推进", "政务公开") == 3768917718060920118
    assert postgres.pair_key("政务公开", "推进") == 2239001317891993899


def _array_elements(field: bytes, size: int) -> list[bytes]:
    """The elements of an array field in COPY's binary format (after its 24-byte header)."""
    count = int.from_bytes(field[16:20], "big") if len(field) > 16 else 0
    assert len(field) == (24 + count * (4 + size) if count else 16)
    return [field[24 + k * (4 + size) + 4 : 24 + (k + 1) * (4 + size)] for k in range(count)]


def _split_index_fields(data: bytes) -> tuple[bytes, list[bytes], list[bytes]]:
    tsv_length = 4 + int.from_bytes(data[:4], "big")
    tsv, rest = data[:tsv_length], data[tsv_length:]
    ctsv_length = 4 + int.from_bytes(rest[:4], "big")
    return tsv, _array_elements(rest[:ctsv_length], 4), _array_elements(rest[ctsv_length:], 8)


def _same_index_fields(one) -> None:
    from gongkai.search.backends import postgres_rows

    compiled = _split_index_fields(postgres_rows.index_fields(one))
    python = _split_index_fields(postgres_rows.python_index_fields(one))
    assert compiled[0] == python[0]  # the tsvector, byte for byte
    for ours, theirs in zip(compiled[1:], python[1:], strict=True):
        assert sorted(ours) == sorted(theirs) and len(set(ours)) == len(ours)
    assert sorted(one.terms_found) == sorted(one.word_set.union(*one.subs.values()))


def test_the_compiled_index_fields_are_the_python_ones():
    """PostgreSQL's `tsv`, `ctsv` and `ptsv` are computed by a compiled module (built from
    _fields.pyx when the package is installed): the same tsvector, byte for byte, and the
    same characters and pairs' keys (each once) as the Python code, and the same terms for
    the vocabulary, on the edge cases and on the nine seed reports."""
    from gongkai.search import indexer
    from gongkai.search.backends import base

    assert base.compiled_fields() is not None, "the compiled module was not built (pip install)"
    reports = demo.split_reports(demo.SEED_REPORTS.read_text(encoding="utf-8"))
    assert len(reports) == 9
    items = [doc(r.number, r.title, r.text) for r in reports]
    for one in _edge_documents() + [indexer.prepare(d, today=20000) for d in items]:
        _same_index_fields(one)


def test_the_compiled_fts5_texts_are_the_python_ones():
    """SQLite's FTS5 texts beyond the words come from the same compiled module (`texts`):
    the same sub-words (repeats across words kept), the same pairs' buckets in the same
    order, the same characters and the same terms as the Python code, on the edge cases and
    the nine seed reports; and a document encoded for FTS5 stores the same texts either way."""
    import dataclasses

    from gongkai.search import indexer
    from gongkai.search.backends import base, sqlite

    fields = base.compiled_fields()
    assert fields is not None, "the compiled module was not built (pip install)"
    reports = demo.split_reports(demo.SEED_REPORTS.read_text(encoding="utf-8"))
    documents = [indexer.prepare(doc(r.number, r.title, r.text), today=20000) for r in reports]
    for one in _edge_documents() + documents:
        subs, pairs, chars, terms = fields.texts(
            one.title_words, one.body_words, sqlite.PAIR_BUCKETS
        )
        python_subs, python_pairs, python_chars = sqlite.python_texts(one)
        assert sorted(subs) == sorted(python_subs)
        assert pairs == python_pairs
        assert sorted(chars) == sorted(python_chars) and len(set(chars)) == len(chars)
        assert sorted(terms) == sorted(one.word_set.union(*one.subs.values()))
    one = documents[0]
    compiled = sqlite.SqliteBackend(connection).encode_index(dataclasses.replace(one))
    buckets = [sqlite.pair_bucket(*pair.split("_", 1)) for pair in one.pairs()]
    assert compiled[3] == " ".join(buckets) and compiled[:2] == (
        " ".join(one.title_words),
        " ".join(one.body_words),
    )
    assert sorted(compiled[2].split()) == sorted(one.sub_words())


def test_the_compiled_index_fields_follow_a_word_added_to_the_dictionary(county):
    """The compiled module remembers what each word brings; a word added to the dictionary
    changes a longer word's sub-words (务公 inside 政务公开), and the module forgets what it
    knew, as the Python code does."""
    from gongkai.search import indexer

    def tsv_tokens() -> list[str]:
        prepared = indexer.prepare(doc(1, "政务公开", "推进政务公开。"), today=20000)
        _same_index_fields(prepared)
        return prepared.terms_found

    assert "务公" not in tsv_tokens()
    add_dictionary_word(actor=county.user["admin"], word="务公")
    segment.reload()
    assert "务公" in tsv_tokens()


def test_on_postgresql_the_page_reads_the_window_the_floor_found(corpus, monkeypatch):
    """The floor's walk reads the keys of the newest matches: the page reads those rows by
    key (not matching them again) and ranks them as the full match would."""
    import dataclasses

    from django.test.utils import CaptureQueriesContext

    from gongkai.search.backends import postgres, postgres_walk

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's floor walk")
    monkeypatch.setattr(api, "FULL_RANK_LIMIT", {"postgresql": 5})
    monkeypatch.setattr(api, "RESULT_WINDOW", 8)
    with CaptureQueriesContext(connection) as queries:
        ranked = search("农村", per_page=50)  # 13 matches, only the newest 8 ranked
    assert sorted(ids(ranked)) == [11, 13, 15, 17, 19, 21, 23, 25]
    assert [q for q in queries if "d.sort_key = ANY(" in q["sql"]]
    # The walk scored the window: the page reads the rows shown, and only those.
    with CaptureQueriesContext(connection) as queries:
        assert ids(search("农村", per_page=3)) == ids(ranked)[:3]
    pages = [q["sql"] for q in queries if "d.sort_key = ANY(" in q["sql"]]
    assert len(pages) == 1 and "ts_rank_cd" not in pages[0]
    # ... ordered as the SQL that ranks the window orders it.
    unscored = postgres.PostgresBackend.page
    monkeypatch.setattr(
        postgres.PostgresBackend,
        "page",
        lambda self, plan: unscored(self, dataclasses.replace(plan, scores=None)),
    )
    assert ids(search("农村", per_page=50)) == ids(ranked)
    assert ids(search("农村", per_page=3, page=2)) == ids(ranked)[3:6]
    monkeypatch.undo()
    monkeypatch.setattr(api, "FULL_RANK_LIMIT", {"postgresql": 5})
    monkeypatch.setattr(api, "RESULT_WINDOW", 8)
    # Matches spread thinner than the months walked (one every four months here): the
    # newest 8 are read at once, and the page reads those rows by key too.
    monkeypatch.setattr(postgres_walk, "MAX_WINDOW_MONTHS", 3)
    with CaptureQueriesContext(connection) as queries:
        assert ids(search("农村", per_page=50)) == ids(ranked)
    assert [
        q for q in queries if "ORDER BY d.sort_key DESC LIMIT" in q["sql"] and "_m" not in str(q)
    ]
    assert [q for q in queries if "d.sort_key = ANY(" in q["sql"]]


def test_on_postgresql_a_pair_most_documents_hold_is_confirmed_by_positions_in_the_walk(
    monkeypatch,
):
    """Within the months the floor walks, a pair that the table's statistics say most
    documents hold is not looked up in the pairs' index: the phrase's positions confirm it,
    and the results stay the same, also for a two-word phrase whose words stand apart."""
    from django.test.utils import CaptureQueriesContext

    from gongkai.search.backends import postgres

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's pairs' index")
    assert segment.words("建设工作") == ["建设", "工作"]
    start = datetime(2022, 1, 1)
    docs = [
        doc(
            i,
            f"第{i}号",
            # 建设 工作 adjacent in 30 documents; apart in 10; a rarer pair in 3
            ("推进建设工作。" if i <= 30 else "建设有序，工作扎实。")
            + ("档案馆藏" if i % 13 == 0 else ""),
            published=(start + timedelta(days=20 * i)).date().isoformat(),
        )
        for i in range(1, 41)
    ]
    index_documents(docs, batch_size=15)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    postgres._common_pair_keys.clear()
    common = get_backend()._common_pairs()
    assert postgres.pair_key("建设", "工作") in common
    assert postgres.pair_key("推进", "建设") in common  # 推进 is common in jieba's dictionary
    monkeypatch.setattr(api, "FULL_RANK_LIMIT", {"postgresql": 3})
    monkeypatch.setattr(api, "RESULT_WINDOW", 6)

    def walk(query):
        with CaptureQueriesContext(connection) as queries:
            found = search(query, per_page=50)
        walked = [q["sql"] for q in queries if "_m20" in q["sql"]]
        assert walked  # the floor walked months
        return ids(found), found.total, walked

    found, total, walked = walk('"建设工作"')
    assert sorted(found) == list(range(25, 31)) and total >= 6  # the newest 6 of 1..30
    assert not [sql for sql in walked if "ptsv @>" in sql]
    assert all("<->" in sql for sql in walked)  # confirmed by positions
    # Looked up by key as before when the pair is not that common: the same results.
    monkeypatch.setattr(postgres, "COMMON_PAIR_SHARE", 1.0)
    postgres._common_pair_keys.clear()
    keyed, keyed_total, keyed_walk = walk('"建设工作"')
    assert (keyed, keyed_total) == (found, total)
    assert all("ptsv @>" in sql for sql in keyed_walk)


def test_the_newest_window_of_a_year_filter_is_that_years_newest(corpus, monkeypatch):
    """With a year asked for, the window of newest matches is that year's newest; on
    PostgreSQL the walk starts in that year's last month, not in the newest one."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(api, "FULL_RANK_LIMIT", {"sqlite": 1, "postgresql": 1})
    monkeypatch.setattr(api, "RESULT_WINDOW", 2)
    in_2022 = [
        (d["published_at"], d["object_id"])
        for d in corpus
        if d["published_at"].year == 2022 and d["object_id"] % 2
    ]
    assert len(in_2022) > 2
    newest = sorted(in_2022)[-2:]
    with CaptureQueriesContext(connection) as queries:
        found = search("农村", year=2022, per_page=50)
    assert sorted(ids(found)) == sorted(pk for _day, pk in newest)
    if connection.vendor == "postgresql":
        walked = " ".join(str(q["sql"]) for q in queries)
        assert "_m202212" in walked and "_m2023" not in walked and "_m2025" not in walked


def test_the_floor_walk_takes_as_many_months_as_the_matches_so_far_need():
    """PostgreSQL's walk back from the newest month: doubling while nothing is found, then as
    many months as the density found says (a quarter more), never fewer than last time, and
    at most twice as many until 100 matches say how dense the rest is. The newest month
    counts as the share of it that has passed."""
    from gongkai.search.backends.postgres_walk import next_step, passed_share
    from gongkai.search.indexer import day_number

    assert next_step(1, 0, 1, 1000) == 2 and next_step(4, 0, 7, 1000) == 8
    assert next_step(1, 578, 1, 1000) == 1  # 422 more: one month of 578 gives them
    assert next_step(1, 131, 1, 1000) == 9  # 869 more at 131 a month: 7, a quarter more
    assert next_step(2, 300, 3, 1000) == 9  # 700 more at 100 a month
    assert next_step(2, 60, 3, 1000) == 4  # 940 more at 20 a month: 59, but 60 say little
    assert next_step(8, 700, 7, 1000) == 8  # 300 more: 4 would do, but never fewer
    assert next_step(1, 999, 1, 1000) == 1
    second = day_number(datetime(2026, 12, 2).date())
    assert passed_share("_m202612", second) == 2 / 31
    assert passed_share("_m202611", second) == 1.0
    # 99 found on the second of the month: about 1,500 a month, one more month is plenty
    assert next_step(1, 99, 2 / 31, 1000) == 1


def test_the_floor_walk_stops_early_when_the_matches_are_spread_too_thin():
    """After three months, a density that needs more than twice the months the walk may take
    sends it to the newest matches at once; never sooner (the newest month may be young)."""
    from gongkai.search.backends.postgres_walk import MAX_WINDOW_MONTHS, out_of_reach

    assert MAX_WINDOW_MONTHS == 36
    assert out_of_reach(21, 3, 1000)  # 7 a month: 140 more months
    assert not out_of_reach(7, 1, 1000) and not out_of_reach(0, 7, 1000)
    assert not out_of_reach(60, 3, 1000)  # 20 a month: 47 more months, 50 in all
    assert out_of_reach(40, 3, 1000)  # 72 more: beyond


# ---------------------------------------------------------------- what is shown


def test_titles_and_snippets_escape_everything_and_mark_the_words():
    index_documents(
        [
            doc(
                1,
                "<script>alert(1)</script>政务公开",
                "开头。" * 80 + "这里谈<b>政务公开</b>的做法。",
            )
        ]
    )
    hit = search("政务公开").hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<mark>政务公开</mark>" in hit.title_html
    assert "&lt;b&gt;<mark>政务公开</mark>&lt;/b&gt;" in hit.snippet
    assert hit.snippet.startswith("…")  # the window around the match, not the start


def test_nothing_found_suggests_an_indexed_term_and_pinyin_is_read_as_chinese(reports):
    result = search("证务公开")
    assert result.total == 0 and result.suggestion == "政务公开"
    result = search("档按管理")
    assert result.total == 0 and result.suggestion == "档案管理"
    assert search("完全无关的词汇").suggestion is None
    for typed in ("zhengwu gongkai", "zhengwugongkai", "ZhengWu GongKai", "zwgk"):
        result = search(typed)
        assert result.rewritten_query == "政务公开" and result.total == 9, typed
    assert search("dangan guanli").rewritten_query in ("档案管理", "档案 管理")
    assert search("qwzxv").total == 0


def test_pinyin_and_suggestions_never_reveal_words_only_drafts_hold(county):
    index_documents([doc(1, "机密草稿", "内部讨论稿", public=False, department=5)])
    assert not SearchTerm.objects.filter(term="机密").exists()
    assert search("jimi").rewritten_query is None
    assert search("机蜜").suggestion is None


# ---------------------------------------------------------------- following publishing


@pytest.fixture
def column(county):
    return publishing.create_column(
        actor=None, name="通知公告", slug="tzgg", department=county.dept["NYJ"], review_levels=1
    )


def test_indexing_follows_publish_edit_and_withdraw(
    county, column, django_capture_on_commit_callbacks
):
    editor, chief = county.user["editor"], county.user["chief"]
    with django_capture_on_commit_callbacks(execute=True):
        item = publishing.create_item(
            actor=editor,
            column=column,
            data=ItemData(title="春耕备耕通知", body="<p>做好春耕备耕。</p>"),
        )
    assert search("春耕").total == 0  # a draft is not public
    assert ids(search("春耕", public=False)) == [item.pk]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.submit_item(actor=editor, item=item)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    hit = search("春耕").hits[0]
    assert (hit.object_id, hit.url) == (item.pk, f"/items/{item.pk}/")
    assert hit.published_at == item.published_at
    with django_capture_on_commit_callbacks(execute=True):
        publishing.save_revision(
            actor=editor, item=item, data=ItemData(title="夏收夏种通知", body="<p>夏收。</p>")
        )
    assert ids(search("春耕")) == [item.pk]  # the public still sees the live revision
    with django_capture_on_commit_callbacks(execute=True):
        publishing.submit_item(actor=editor, item=item)
    assert search("春耕").total == 0 and ids(search("夏收")) == [item.pk]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.change_validity(actor=editor, item=item, validity=Item.Validity.REPEALED)
    assert ids(search("夏收", validity="repealed")) == [item.pk]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw_item(actor=chief, item=item, reason="内容有误")
    assert search("夏收").total == 0
    assert ids(search("夏收", public=False)) == [item.pk]  # staff still find it
    assert SearchTerm.objects.get(term="夏收").df == 0


def test_the_worker_job_removes_what_no_longer_exists(county):
    from gongkai.search.tasks import index_object

    index_documents([doc(424242, "已删除的信息", kind="publishing.item")])
    index_object("publishing.item", 424242)
    assert not SearchDocument.objects.filter(object_id=424242).exists()


# ---------------------------------------------------------------- commands


def test_reindex_resumes_where_it_stopped_and_restarts_on_request(reports, monkeypatch):
    from gongkai.publishing.search_documents import ItemDocuments

    SearchDocument.objects.filter(kind="publishing.item").delete()
    get_backend().clear_orphans()
    pks = sorted(item.pk for item in reports.values())
    real = ItemDocuments.documents
    calls = []

    def failing(self, batch):
        calls.append(list(batch))
        if len(calls) == 3:
            raise RuntimeError("power cut")
        return real(self, batch)

    monkeypatch.setattr(ItemDocuments, "documents", failing)
    with pytest.raises(RuntimeError):
        reindex(batch_size=2, progress=None)
    state = ReindexState.objects.get(kind="publishing.item")
    assert (state.last_id, state.finished) == (pks[3], False)
    assert SearchDocument.objects.filter(kind="publishing.item").count() == 4
    monkeypatch.setattr(ItemDocuments, "documents", real)
    err = io.StringIO()
    call_command("search", "reindex", "--batch-size", "2", stdout=io.StringIO(), stderr=err)
    assert SearchDocument.objects.filter(kind="publishing.item").count() == 9
    state.refresh_from_db()
    assert state.finished and state.last_id == pks[-1]
    assert "4/9" in err.getvalue() or "9/9" in err.getvalue()  # tqdm's bar on stderr
    assert search("政务公开").total == 9
    # A finished run is not resumed: the next one (or --restart) goes through everything.
    seen = []
    monkeypatch.setattr(
        ItemDocuments, "documents", lambda self, batch: seen.extend(batch) or real(self, batch)
    )
    call_command("search", "reindex", "--restart", "--quiet", stdout=io.StringIO())
    assert sorted(seen) == pks


def test_reindex_removes_documents_of_objects_that_are_gone(reports):
    index_documents([doc(987654, "旧信息", kind="publishing.item")])
    reindex(progress=None)
    assert not SearchDocument.objects.filter(object_id=987654).exists()


def test_query_json_prints_the_results_best_first(reports):
    out = io.StringIO()
    call_command("search", "query", "政务公开", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"] == 9 and len(data["results"]) == 9
    first = data["results"][0]
    assert set(first) == {"id", "title", "url", "score"}
    assert first["url"] == f"/items/{first['id']}/"
    assert first["title"].startswith("政务公开建设工作报告")
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert {r["id"] for r in data["results"]} == {item.pk for item in reports.values()}
    out = io.StringIO()
    call_command("search", "query", "档案", stdout=out)
    assert "共 2 条" in out.getvalue()


def test_the_benchmark_reference_query_reaches_the_engine_directly(reports):
    backend = get_backend()
    sql, params = backend.raw_query_sql(["档案"])
    assert "search_fts" in sql or "tsv" in sql
    keys = [key for key, _score in backend.run_raw(["档案"])]
    found = SearchDocument.objects.filter(sort_key__in=keys).values_list("title", flat=True)
    assert set(found) == {"论电子政务建设与档案工作发展", "政务公开建设工作报告（篇2）"}


def test_the_benchmarks_raw_engine_finds_a_phrase_as_the_interface_does(reports, monkeypatch):
    """bench/search.py's reference (the engine alone) builds its statement from the backend's
    own functions: a phrase reaches the engine and finds what the interface finds."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "bench" / "search.py"
    spec = importlib.util.spec_from_file_location("bench_search", path)
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "bench_search", bench)  # (its dataclasses look it up)
    spec.loader.exec_module(bench)
    engine = bench.RawEngine.for_connection(connection)
    keys = engine.search(engine.prepare(bench.Query("phrase", '"电子政务"', [["电子政务"]])))
    found = set(SearchDocument.objects.filter(sort_key__in=keys).values_list("title", flat=True))
    assert found and found == set(titles(search('"电子政务"', per_page=50)))


@pytest.mark.skipif(
    bool(os.environ.get("GONGKAI_DATABASE_URL")),
    reason="runs its own processes on an SQLite data directory; done once, in the SQLite run",
)
def test_the_demo_is_searchable_from_the_command_line(tmp_path):
    from tests.cli import gongkai

    prepared = gongkai(tmp_path, "demo", "--no-serve", timeout=300)
    assert prepared.returncode == 0, prepared.stderr
    found = gongkai(tmp_path, "search", "query", "政务公开", "--json")
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert data["total"] == 9
    assert data["results"][0]["title"].startswith("政务公开建设工作报告")


# ---------------------------------------------------------------- pages


def test_the_public_search_page_shows_marked_results(client, reports):
    response = client.get("/search/", {"q": "档案管理"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "找到 2 条结果" in page
    assert "<mark>档案管理</mark>" in page
    assert f'href="/items/{reports["论电子政务建设与档案工作发展"].pk}/"' in page
    assert "政务公开工作" in page  # the column's name
    assert "public" in response["Cache-Control"]
    dated = client.get("/search/", {"q": "档案", "sort": "date"}).content.decode()
    newer = f'href="/items/{reports["政务公开建设工作报告（篇2）"].pk}/"'
    older = f'href="/items/{reports["论电子政务建设与档案工作发展"].pk}/"'
    assert dated.index(newer) < dated.index(older)


def test_the_search_page_filters_and_pages(client, reports):
    column = Column.objects.get(slug=demo.REPORTS_SLUG)
    page = client.get(
        "/search/", {"q": "建设", "column": column.pk, "year": 2024, "validity": "valid"}
    ).content.decode()
    assert "找到 9 条结果" in page
    assert f'<option value="{column.pk}" selected>' in page
    assert (
        client.get("/search/", {"q": "建设", "year": 2019}).content.decode().count("没有找到") == 1
    )
    many = client.get("/search/", {"q": "建设", "page": 2}).content.decode()
    assert "没有这一页" in many  # nine results fit on the first page


def test_nothing_found_shows_a_suggestion_and_help(client, reports):
    page = client.get("/search/", {"q": "证务公开"}).content.decode()
    assert "没有找到与“证务公开”相关的信息" in page
    assert "您是不是要找" in page and "?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80" in page
    page = client.get("/search/", {"q": "zhengwu gongkai"}).content.decode()
    assert "已为您搜索“政务公开”" in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "政务", "page": "abc"}, "页码：须是数字。"),
        ({"q": "政务", "page": "0"}, "页码：超出范围。"),
        ({"q": "政" * 101}, "关键词不能超过 100 个字"),
        ({"q": "政务", "year": "二〇二四"}, "年份：须是数字。"),
        ({"q": "政务", "sort": "best"}, "排序方式只能是按相关度或按日期"),
        ({"q": "政务", "type": "nonsense"}, "没有这种信息类型"),
        ({"q": "政务", "column": "x"}, "栏目：须是数字。"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_query(client, params, message):
    response = client.get("/search/", params)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{params["q"]}"' in page


def test_the_search_page_refuses_post_and_works_empty(client):
    assert client.post("/search/", {"q": "政务"}).status_code == 405
    response = client.get("/search/")
    assert response.status_code == 200
    assert "输入关键词" in response.content.decode()
    assert client.get("/search/", {"q": "   "}).status_code == 200


def test_every_portal_page_has_a_search_box(client, reports):
    for path in ("/", "/xxgk/", f"/items/{next(iter(reports.values())).pk}/", "/departments/"):
        page = client.get(path).content.decode()
        assert 'action="/search/"' in page and 'method="get"' in page, path
        assert (
            '<label for="site-search-q"' in page
            and 'id="site-search-q" type="search" name="q"' in page
        )


def test_the_search_page_runs_a_fixed_number_of_queries(
    client, reports, django_assert_max_num_queries
):
    client.get("/search/", {"q": "建设"})  # warm the segmenter's dictionary check
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "建设"})
    assert response.content.decode().count('class="result-title"') == 9


# ---------------------------------------------------------------- staff search


@pytest.fixture
def draft(county, django_capture_on_commit_callbacks):
    column = publishing.create_column(
        actor=None, name="畜牧动态", slug="xmdt", department=county.dept["NYJ"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        return publishing.create_item(
            actor=county.user["editor"],
            column=column,
            data=ItemData(title="草食畜牧业发展方案（征求意见稿）", body="<p>发展肉牛肉羊。</p>"),
        )


def test_staff_search_shows_a_draft_only_to_those_who_may_see_it(staff_client, client, draft):
    link = f"/workbench/publishing/items/{draft.pk}/"
    page = staff_client("editor").get("/workbench/search/", {"q": "肉牛"}).content.decode()
    assert link in page and "未公开" in page and "<mark>肉牛</mark>" in page
    client.logout()
    page = staff_client("township_editor").get("/workbench/search/", {"q": "肉牛"}).content.decode()
    assert link not in page and "没有找到" in page
    client.logout()
    page = staff_client("office_reviewer").get("/workbench/search/", {"q": "肉牛"}).content.decode()
    assert link in page  # the office reviewers see every department's items
    client.logout()
    page = client.get("/search/", {"q": "肉牛"}).content.decode()
    assert "没有找到与“肉牛”相关的信息" in page and link not in page


def test_staff_search_needs_a_login_and_answers_bad_input(client, staff_client, draft):
    response = client.get("/workbench/search/", {"q": "肉牛"})
    assert response.status_code == 302 and "/workbench/login/" in response["Location"]
    page = staff_client("editor").get("/workbench/search/", {"q": "肉牛", "page": "x"})
    assert page.status_code == 400 and "页码：须是数字。" in page.content.decode()
    assert staff_client("editor").post("/workbench/search/").status_code == 405


def test_the_dictionary_page_is_for_system_administrators(staff_client, client):
    assert staff_client("editor").get("/workbench/search/dictionary/").status_code == 403
    client.logout()
    admin = staff_client("admin")
    assert admin.get("/workbench/search/dictionary/").status_code == 200
    response = admin.post("/workbench/search/dictionary/", {"word": "接诉即办"})
    assert response.status_code == 302
    assert DictionaryWord.objects.filter(word="接诉即办").exists()
    again = admin.post("/workbench/search/dictionary/", {"word": "接诉即办"})
    assert again.status_code == 400 and "已在词典中" in again.content.decode()
    assert 'value="接诉即办"' in again.content.decode()


# ---------------------------------------------------------------- the judged set


def _judged():
    r = "政务公开建设工作报告（篇{}）".format
    archive, egov = "论电子政务建设与档案工作发展", "电子政务建设工作汇报"
    integrity, centre = "政务诚信建设探析", "政务服务中心建设工作总结"
    return [
        # words
        ("移民", {}, r(1)),
        ("规范化服务型政府", {}, r(1)),
        ("首问责任制", {}, r(1)),
        ("档案馆", {}, archive),
        ("档案管理", {}, archive),
        ("纸质", {}, r(2)),
        ("奶牛", {}, r(4)),
        ("苜蓿", {}, r(4)),
        ("南溪县", {}, egov),
        ("网络安全", {}, egov),
        ("便民服务", {}, r(6)),
        ("铁岭", {}, r(7)),
        ("沈阳市", {}, r(7)),
        ("诚信", {}, integrity),
        ("政务服务中心", {}, centre),
        ("限时办结", {}, centre),
        ("绿色通道", {}, centre),
        ("政务公开", {}, r(6)),
        ("电子政务", {}, archive),
        # two words
        ("生猪 养殖场", {}, r(4)),
        ("网站 栏目", {}, egov),
        ("行政审批 卫生院", {}, r(6)),
        ("失信 市场经济", {}, integrity),
        ("档案 信息化", {}, archive),
        ("乡政府 群众监督", {}, centre),
        # phrases
        ('"规范化服务型政府建设"', {}, r(1)),
        ('"政务服务中心"', {}, centre),
        ('"档案管理"', {}, archive),
        ('"电子政务建设"', {}, egov),
        # pinyin
        ("dangan", {}, archive),
        ("chengxin", {}, integrity),
        ("nainiu", {}, r(4)),
        ("zhengwu chengxin", {}, integrity),
        ("tieling", {}, r(7)),
        # single characters
        ("档", {}, archive),
        ("貂", {}, r(4)),
        ("诚", {}, integrity),
        # filters and sorting
        ("档案", {"sort": "date"}, r(2)),
        ("乡政府", {"year": 2024, "column": "reports"}, centre),
        ("信用", {"validity": "valid", "kind": "publishing.item"}, integrity),
        ("政务公开", {"department": "reports"}, r(1)),
        ("移民 安置", {"year": 2024, "sort": "date"}, r(1)),
    ]


JUDGED = _judged()


def test_the_judged_set_is_big_enough():
    assert len(JUDGED) >= 30


@pytest.mark.parametrize("query, options, expected", JUDGED, ids=[q for q, _o, _e in JUDGED])
def test_judged_query_finds_the_expected_report_in_the_top_three(reports, query, options, expected):
    column = Column.objects.get(slug=demo.REPORTS_SLUG)
    options = dict(options)
    if options.get("column") == "reports":
        options["column"] = column.pk
    if options.get("department") == "reports":
        options["department"] = column.department_id
    found = titles(search(query, **options))
    assert expected in found[:3], found


@pytest.mark.django_db
def test_a_nul_byte_in_the_query_is_named_as_a_character_that_cannot_be_searched(client):
    response = client.get("/search/", {"q": "政务\x00公开"})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "无法搜索的字符" in html
    assert "不允许是用空字符串" not in html and "Null characters" not in html
