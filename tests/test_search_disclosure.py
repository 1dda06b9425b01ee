"""Answered 依申请公开 requests in the staff search, and the staff search's scope per kind.

An answered request is indexed (by the worker, after the reply commits) for those who handle
the receiving agency's requests: never for the public, never for other agencies' officers
or for editors, and nothing of the applicant is indexed.
"""

from __future__ import annotations

import pytest

from gongkai.disclosure import actions
from gongkai.disclosure.models import DisclosureRequest
from gongkai.disclosure.search_documents import KIND
from gongkai.search.api import search
from gongkai.search.indexer import index_documents, reindex
from gongkai.search.models import SearchDocument, SearchTerm
from gongkai.workbench.search import _scope
from tests.pages import at, page
from tests.replies import reply
from tests.test_disclosure_staff_views import submit
from tests.test_search import doc, ids

pytestmark = pytest.mark.django_db

TITLE = "2025年城区道路改造工程招标文件"
NOW = "2025-11-03 10:00"


def answer(county, request, text="招标文件已于2025年3月在县公共资源交易中心网站公布。"):
    with at(NOW):
        reply(
            actor=county.user["disclosure"],
            request=request,
            data=actions.ReplyData(outcome="1", reply_text=text),
            on=DisclosureRequest.objects.get(pk=request.pk).received_on,
        )


def found(user, query: str) -> list[int]:
    """What `user`'s staff search finds for `query`, as (kind-less) object ids of requests."""
    result = search(query, public=False, departments=_scope(user))
    return [h.object_id for h in result.hits if h.kind == KIND]


def test_an_answered_request_is_indexed_by_the_worker_for_its_officers_only(
    county, other_officer, django_capture_on_commit_callbacks
):
    request = submit(county)
    assert found(county.user["disclosure"], "招标文件") == []  # not answered yet
    with django_capture_on_commit_callbacks(execute=True):
        answer(county, request)
    document = SearchDocument.objects.get(kind=KIND, object_id=request.pk)
    assert document.is_public is False
    assert document.url == f"/workbench/disclosure/{request.pk}/"
    assert found(county.user["disclosure"], "招标文件") == [request.pk]
    assert found(county.user["disclosure"], "公共资源交易中心") == [request.pk]  # the reply
    assert found(county.user["disclosure"], request.number) == [request.pk]
    assert found(other_officer, "招标文件") == []  # another agency's officer
    assert found(county.user["editor"], "招标文件") == []  # publishing staff
    assert search("招标文件").total == 0  # the public
    # Nothing of the applicant is indexed, nor counted in the public vocabulary.
    assert search("王小明", public=False, departments=None).total == 0
    assert search("13800138000", public=False, departments=None).total == 0
    assert not SearchTerm.objects.filter(term="招标").exists()


def test_requests_not_answered_stay_out_and_a_reindex_takes_the_answered(county):
    answered, waiting = submit(county), submit(county, info_title="农村公路养护资金分配方案")
    answer(county, answered)  # the on-commit job never ran: the index does not know yet
    assert not SearchDocument.objects.filter(kind=KIND).exists()
    reindex(restart=True, kinds=[KIND], progress=None)
    assert list(SearchDocument.objects.filter(kind=KIND).values_list("object_id", flat=True)) == [
        answered.pk
    ]
    assert found(county.user["disclosure"], "养护资金") == []
    assert waiting.pk not in found(county.user["disclosure"], "农村公路")


def test_the_staff_search_page_links_an_answered_request_for_its_officers_only(
    staff_client, client, county, other_officer, django_capture_on_commit_callbacks
):
    request = submit(county)
    with django_capture_on_commit_callbacks(execute=True):
        answer(county, request)
    link = f'href="/workbench/disclosure/{request.pk}/"'
    html = page(staff_client("disclosure").get("/workbench/search/", {"q": "招标文件"}))
    assert (
        link in html and "依申请公开答复" in html and "<mark>招标</mark><mark>文件</mark>" in html
    )
    client.logout()
    html = page(staff_client("nyj_disclosure").get("/workbench/search/", {"q": "招标文件"}))
    assert link not in html and "没有找到" in html
    client.logout()
    html = page(staff_client("office_reviewer").get("/workbench/search/", {"q": "招标文件"}))
    assert link not in html  # sees every department's items, not the requests
    client.logout()
    html = page(client.get("/search/", {"q": "招标文件"}))
    assert link not in html and "没有找到与“招标文件”相关的信息" in html


def test_the_portal_offers_no_filter_for_a_kind_the_public_never_finds(client, county):
    html = page(client.get("/search/", {"q": "政务公开"}))
    assert 'value="publishing.item"' in html and KIND not in html
    response = client.get("/search/", {"q": "政务公开", "type": KIND})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (frozenset({5}), [1, 2]),  # every kind alike, as before
        ({"a.one": frozenset({5})}, [1]),
        ({"a.one": None}, [1, 3]),  # every department of that kind
        ({"a.one": frozenset(), "b.two": frozenset({5, 6})}, [2]),
        ({}, []),
        (None, [1, 2, 3]),
    ],
)
def test_the_staff_scope_is_given_per_kind(county, scope, expected):
    index_documents(
        [
            doc(1, "防汛物资储备清单", kind="a.one", public=False, department=5),
            doc(2, "防汛物资调拨记录", kind="b.two", public=False, department=5),
            doc(3, "防汛物资采购计划", kind="a.one", public=False, department=7),
            doc(4, "防汛物资公开目录", kind="a.one", public=True, department=7),
        ]
    )
    result = search("防汛物资", public=False, departments=scope, per_page=10)
    assert sorted(i for i in ids(result) if i != 4) == expected
    assert 4 in ids(result)  # public documents are always found


def test_the_demos_answered_requests_are_found_by_the_demo_officer(county):
    from gongkai.demo import disclosure as demo

    with at("2026-10-09 10:00"):
        made = demo.load_demo_requests()
    reindex(restart=True, kinds=[KIND], progress=None)
    answered = [r for r in made if fresh_status(r) == DisclosureRequest.Status.REPLIED]
    assert len(answered) == 2
    for request in answered:
        title = DisclosureRequest.objects.get(pk=request.pk).info_title
        assert request.pk in found(county.user["disclosure"], title)
        assert request.pk not in found(county.user["editor"], title)


def fresh_status(request) -> str:
    return DisclosureRequest.objects.get(pk=request.pk).status
