"""The page cache (core.pagecache): anonymous public pages answered from the `pages` cache,
keyed by the public content's versions, so that a change is seen on the next request.

Changes go through the real actions, inside `django_capture_on_commit_callbacks(execute=True)`
where the production order matters (the versions move when the transaction commits).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from gongkai.core import pagecache
from gongkai.core.actions import create_department
from gongkai.publishing.actions import (
    ItemData,
    create_column,
    import_published_item,
    update_column,
    withdraw_item,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def column(county):
    return create_column(
        actor=None,
        name="农业动态",
        slug="nyj-news",
        department=county.dept["NYJ"],
        review_levels=1,
        is_news=True,
    )


def publish(column, title: str):
    return import_published_item(actor=None, column=column, data=ItemData(title=title))


def state(response) -> str:
    return response[pagecache.HEADER]


def test_a_public_page_is_kept_then_answered_from_the_cache_with_its_security_headers(
    client, column
):
    item = publish(column, "关于做好春耕生产工作的通知")
    first = client.get(item.get_absolute_url())
    second = client.get(item.get_absolute_url())
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content and "春耕生产" in second.content.decode()
    for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary"):
        assert second[header] == first[header], header
    # Applied by the middleware before the cache, on a kept page as on any other.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["X-Frame-Options"] == "DENY"
    assert client.head(item.get_absolute_url())[pagecache.HEADER] == "hit"


def test_a_kept_page_answers_a_conditional_get_with_304(client, column):
    url = publish(column, "春耕通知").get_absolute_url()
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, state(response)) == (304, "hit")
    assert response["ETag"] == etag


def test_elderly_mode_and_the_query_string_are_part_of_the_key(client, column):
    url = column.get_absolute_url()
    publish(column, "春耕通知")
    assert state(client.get(url)) == "miss"
    client.cookies["gk_elderly"] = "1"
    elderly = client.get(url)
    assert state(elderly) == "miss" and 'class="elderly' in elderly.content.decode()
    assert state(client.get(url)) == "hit"
    del client.cookies["gk_elderly"]
    plain = client.get(url)
    assert state(plain) == "hit" and 'class="elderly' not in plain.content.decode()
    assert state(client.get(url, {"year": 2020})) == "miss"


def test_a_publish_is_on_the_next_request(client, column, django_capture_on_commit_callbacks):
    publish(column, "第一条通知")
    for url in ("/", column.get_absolute_url()):
        client.get(url)
        assert state(client.get(url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish(column, "突发事件应急处置公告")
    for url in ("/", column.get_absolute_url()):
        response = client.get(url)
        assert state(response) == "miss", url
        assert "突发事件应急处置公告" in response.content.decode(), url


def test_a_withdrawal_is_on_the_next_request(
    client, county, column, django_capture_on_commit_callbacks
):
    item = publish(column, "错发的通知")
    client.get(item.get_absolute_url())
    assert state(client.get(item.get_absolute_url())) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_item(actor=county.user["chief"], item=item, reason="错发")
    response = client.get(item.get_absolute_url())
    assert response.status_code == 410 and "信息已撤销" in response.content.decode()
    assert "错发的通知" not in client.get(column.get_absolute_url()).content.decode()


def test_a_renamed_column_is_on_the_next_request_and_in_the_breadcrumbs(
    client, county, column, django_capture_on_commit_callbacks
):
    """A change that moves only SiteChange (nothing is indexed again)."""
    item = publish(column, "春耕通知")
    for url in (column.get_absolute_url(), item.get_absolute_url()):
        client.get(url)
        assert state(client.get(url)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        update_column(actor=county.user["admin"], column=column, name="农业农村动态")
    for url in (column.get_absolute_url(), item.get_absolute_url()):
        response = client.get(url)
        assert state(response) == "miss", url
        assert "农业农村动态" in response.content.decode(), url


def test_a_change_inside_an_open_transaction_is_not_hidden_from_its_own_requests(client, column):
    """The kept version is dropped when the change is made, not only when it commits."""
    client.get(column.get_absolute_url())
    publish(column, "事务中的通知")
    assert "事务中的通知" in client.get(column.get_absolute_url()).content.decode()


def test_the_search_page_is_never_older_than_the_index(
    client, column, django_capture_on_commit_callbacks
):
    """The worker indexes a publish after SiteChange moved: the index has its own version."""
    client.get("/search/", {"q": "油菜"})
    assert state(client.get("/search/", {"q": "油菜"})) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish(column, "油菜花节开幕")  # indexed at once: the worker runs inline in the tests
    response = client.get("/search/", {"q": "油菜"})
    assert state(response) == "miss" and "开幕" in response.content.decode()


def test_the_index_alone_moving_renders_search_pages_again(client, db):
    """A document indexed with nothing else changing (a reindex, a word added to the dictionary)."""
    from gongkai.search.indexer import index_documents

    client.get("/search/", {"q": "林长制"})
    index_documents(
        [
            {
                "kind": "publishing.item",
                "object_id": 10**9,
                "title": "推行林长制",
                "body": "",
                "url": "/items/1000000000/",
                "column_id": None,
                "department_id": None,
                "published_at": None,
                "validity": "valid",
                "is_public": True,
            }
        ]
    )
    response = client.get("/search/", {"q": "林长制"})
    assert state(response) == "miss" and 'href="/items/1000000000/"' in response.content.decode()


def test_a_new_department_is_on_the_next_request(
    client, county, django_capture_on_commit_callbacks
):
    client.get("/departments/")
    assert state(client.get("/departments/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        create_department(
            actor=None, name="县体育局", short_code="TYJ", parent=county.dept["NYJ"].parent
        )
    response = client.get("/departments/")
    assert state(response) == "miss" and "县体育局" in response.content.decode()


def test_a_signed_in_member_of_staff_is_never_answered_from_or_stored_in_the_cache(
    client, column, staff_client
):
    url = publish(column, "春耕通知").get_absolute_url()
    client.get(url)
    staff = staff_client("editor")
    response = staff.get(url)
    assert state(response) == "bypass" and response.status_code == 200
    staff.logout()
    client.cookies.clear()
    assert state(client.get(url)) == "hit", "the anonymous copy is still the one kept"


def test_a_staff_page_or_a_messages_cookie_bypasses_the_cache(client, column):
    url = publish(column, "春耕通知").get_absolute_url()
    assert state(client.get("/workbench/login/")) == "bypass"
    client.get(url)
    client.cookies["messages"] = "anything"
    assert state(client.get(url)) == "bypass"


def test_the_application_form_with_its_csrf_token_is_never_kept(client, db):
    for _ in range(2):
        response = client.get("/ysqgk/apply/")
        assert response.status_code == 200 and state(response) == "miss"
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def _marked(content=b"<p>page</p>"):
    return pagecache.share(HttpResponse(content))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda request, response: request.META.update(CSRF_COOKIE_NEEDS_UPDATE=True), id="csrf"
        ),
        pytest.param(lambda request, response: response.set_cookie("x", "1"), id="cookie"),
        pytest.param(lambda request, response: setattr(response, "status_code", 404), id="404"),
        pytest.param(
            lambda request, response: response.__setitem__("Cache-Control", "private"), id="private"
        ),
        pytest.param(lambda request, response: setattr(request, "_csp_nonce", "abc"), id="nonce"),
        pytest.param(lambda request, response: delattr(response, pagecache.SHARED), id="unmarked"),
    ],
)
def test_only_a_marked_200_made_without_anything_of_the_visitors_is_stored(spoil):
    request = RequestFactory().get("/")
    response = _marked()
    assert pagecache.may_store(request, response)
    spoil(request, response)
    assert not pagecache.may_store(request, response)


def test_a_page_with_a_flash_message_added_is_not_stored(client, db):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    assert pagecache.may_store(request, _marked())
    request._messages.add(20, "已保存")
    assert not pagecache.may_store(request, _marked())


def test_an_anonymous_visitor_gets_no_session_cookie(client, column):
    item = publish(column, "春耕通知")
    client.get("/elderly/", {"next": "/"})
    for url in (
        "/",
        "/xxgk/",
        "/departments/",
        column.get_absolute_url(),
        item.get_absolute_url(),
        "/search/?q=春耕",
        "/ysqgk/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert settings.SESSION_COOKIE_NAME not in response.cookies, url
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert client.cookies["gk_elderly"].value == "1"


def test_a_hit_reads_only_the_generation_from_the_shared_cache(client, column, monkeypatch):
    """Each process keeps the versions and its recent pages in memory under the generation."""
    url = publish(column, "春耕通知").get_absolute_url()
    client.get(url)
    shared = caches["pages"]
    asked = []
    real = type(shared).get
    monkeypatch.setattr(
        type(shared),
        "get",
        lambda self, key, *a, **kw: asked.append(key) or real(self, key, *a, **kw),
    )
    assert state(client.get(url)) == "hit"
    assert asked == [pagecache.GENERATION_KEY]


def test_a_change_made_by_another_process_is_on_the_next_request(client, column):
    """Another process's change_version reaches this one through the shared cache alone: its
    version, then the generation (what this process reads on each request)."""
    url = column.get_absolute_url()
    client.get(url)
    assert state(client.get(url)) == "hit"
    shared = caches["pages"]
    shared.set(pagecache.VERSION_KEY + pagecache.ORGANISATION, "renamed", timeout=None)
    shared.set(pagecache.GENERATION_KEY, "moved", timeout=None)
    assert state(client.get(url)) == "miss"
    assert state(client.get(url)) == "hit"


def test_the_file_cache_lists_its_directory_only_now_and_then(tmp_path, monkeypatch):
    """Django's file cache lists every entry before each write; ours before one in CULL_EVERY."""
    monkeypatch.setattr(pagecache, "CULL_EVERY", 10)
    cache = pagecache.PageFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    listings = []
    real = pagecache.PageFileCache._list_cache_files
    monkeypatch.setattr(
        pagecache.PageFileCache,
        "_list_cache_files",
        lambda self: listings.append(1) or real(self),
    )
    for n in range(200):
        cache.set(f"k{n}", n)
    assert len(listings) == 20
    # Within MAX_ENTRIES + CULL_EVERY (and a culling's rounding), not the 200 written.
    assert len(list(tmp_path.iterdir())) < 25, "it still culls"


# ---------------------------------------------------------------- where it is kept


def test_the_pages_are_kept_in_files_under_the_data_directory_without_redis(tmp_path):
    config = pagecache.cache_settings(redis_url="", data_dir=tmp_path)
    assert config["BACKEND"] == "gongkai.core.pagecache.PageFileCache"
    assert config["LOCATION"] == str(tmp_path / "pages")
    redis = pagecache.cache_settings(redis_url="redis://h:6379/1", data_dir=tmp_path)
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://h:6379/1"


def test_the_settings_choose_redis_for_pages_when_gongkai_redis_url_is_set(tmp_path):
    script = "from django.conf import settings; print(settings.CACHES['pages']['BACKEND'])"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_DATA_DIR": str(tmp_path),
        "GONGKAI_SECRET_KEY": "k" * 50,
        "GONGKAI_DATA_KEY": "d" * 50,
    }
    for url, backend in (
        ("", "gongkai.core.pagecache.PageFileCache"),
        ("redis://127.0.0.1:6399/0", "django.core.cache.backends.redis.RedisCache"),
    ):
        out = subprocess.run(
            [sys.executable, "-c", script],
            env={**env, "GONGKAI_REDIS_URL": url},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == backend


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _can_connect(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_pages():
    """The `pages` alias on a real Redis server of its own."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI", "").lower() in {"1", "true"}:
            pytest.fail("redis-server is missing in CI (.ci/run installs it)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    redis = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _can_connect(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        config = pagecache.cache_settings(redis_url=f"redis://127.0.0.1:{port}/0", data_dir=ROOT)
        with override_settings(CACHES={**settings.CACHES, "pages": config}):
            caches["pages"].clear()
            yield caches["pages"]
    finally:
        redis.terminate()
        redis.wait(timeout=10)


def test_pages_are_kept_in_redis_and_a_publish_is_seen_there_too(
    client, column, redis_pages, django_capture_on_commit_callbacks
):
    url = column.get_absolute_url()
    client.get(url)
    assert state(client.get(url)) == "hit"
    assert redis_pages.get(pagecache.VERSION_KEY + "publishing") is not None
    with django_capture_on_commit_callbacks(execute=True):
        publish(column, "雷雨大风预警")
    response = client.get(url)
    assert state(response) == "miss" and "雷雨大风预警" in response.content.decode()
