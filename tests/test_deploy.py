"""The documented production front: real nginx (deploy/nginx/gongkai.conf) in front of real
gunicorn (deploy/systemd/gongkai-web.service) on a demo county, in production settings."""

from __future__ import annotations

import os
import re

import pytest

from tests.cli import clean_env, gongkai
from tests.front import NGINX, Front, free_port, nginx_available, running_front, running_nginx

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# nginx's $upstream_cache_status when the answer came out of its cache.
FROM_CACHE = {"HIT", "STALE", "UPDATING", "REVALIDATED"}

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("GONGKAI_DATABASE_URL")),
    reason="runs its own processes on an SQLite data directory; done once, in the SQLite run",
)


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    if not nginx_available():
        message = f"nginx is not installed ({NGINX}; apt-get install nginx): the front is untested"
        if CI:
            pytest.fail(f"{message} (.ci/run installs it)")
        print(f"\n!!! {message}\n")
        pytest.skip(message)
    data = tmp_path_factory.mktemp("data")
    loaded = gongkai(data, "demo", "--no-serve", timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    # Production settings (HTTPS on, no demo mode), told by nginx that the visitor came by https.
    env = clean_env(data, GONGKAI_BEHIND_PROXY="1", GONGKAI_ALLOWED_HOSTS="127.0.0.1")
    with running_front(data, tmp_path_factory.mktemp("front"), env=env) as running:
        yield running


def stylesheet_path(front) -> str:
    _status, _headers, body = front.request("/")
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', body.decode()).group(1)


def test_hashed_static_files_come_from_disk_cached_for_a_year_and_gzipped(front):
    css = stylesheet_path(front)
    assert re.search(r"\.[0-9a-f]{12}\.css$", css), css
    status, headers, body = front.request(css, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "gzip" and body[:2] == b"\x1f\x8b"
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    # From nginx itself: no answer from the application carries the micro-cache's status.
    assert "x-proxy-cache" not in headers


def test_static_files_without_a_hash_are_cached_briefly(front):
    status, headers, _body = front.request("/static/gongkai/site.css")
    assert status == 200 and headers["cache-control"] == "public, max-age=3600"


def test_a_public_page_keeps_the_applications_security_headers_and_is_gzipped(front):
    status, headers, body = front.request("/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    # HSTS only when Django believes the request came by https: X-Forwarded-Proto was passed.
    assert headers["strict-transport-security"].startswith("max-age=31536000")


def test_plain_http_is_sent_to_https(front):
    status, headers, _body = front.request("/columns/gzdt/?page=2", via="http")
    assert status == 301
    assert headers["location"] == "https://127.0.0.1/columns/gzdt/?page=2"


@pytest.mark.parametrize("length", [9000, 5000])
def test_a_very_long_address_gets_the_sites_own_414_page(front, length):
    """9000 characters are refused by nginx itself; 5000 pass nginx and are refused by
    gunicorn (4094), whose bare English page nginx replaces."""
    path = "/search/?q=" + "a" * length
    status, headers, body = front.request(path)
    page = body.decode()
    assert status == 414
    assert "网址过长" in page and 'lang="zh-Hans"' in page
    assert "URI Too Long" not in page and "nginx" not in page
    assert '<link rel="stylesheet" href="/static/gongkai/site.css">' in page
    assert headers["content-type"].startswith("text/html")
    assert headers["x-content-type-options"] == "nosniff"


def test_the_error_pages_stylesheet_exists(front):
    status, headers, _body = front.request("/static/gongkai/site.css")
    assert status == 200 and headers["content-type"].startswith("text/css")


def test_anonymous_pages_come_from_the_micro_cache(front):
    front.request("/xxgk/")
    _status, headers, _body = front.request("/xxgk/")
    assert headers["x-proxy-cache"] in FROM_CACHE


def test_a_visitor_with_a_session_is_never_served_from_the_micro_cache(front):
    front.request("/xxgk/")
    status, headers, _body = front.request("/xxgk/", headers={"Cookie": "sessionid=abc"})
    assert status == 200 and headers["x-proxy-cache"] == "BYPASS"
    status, headers, _body = front.request("/xxgk/", headers={"Cookie": "messages=abc"})
    assert status == 200 and headers["x-proxy-cache"] == "BYPASS"


def test_private_responses_are_never_stored_even_without_a_cookie_being_set(front):
    """A staff address asked anonymously redirects to sign-in and sets no cookie: only its
    Cache-Control (private) keeps it out of the shared cache."""
    for _ in range(3):
        status, headers, _body = front.request("/workbench/")
        assert status == 302 and "set-cookie" not in headers
        assert "private" in headers["cache-control"]
        assert headers["x-proxy-cache"] not in FROM_CACHE


def test_a_response_setting_a_cookie_is_never_stored(front):
    for _ in range(2):
        status, headers, _body = front.request("/elderly/?next=/")
        assert status == 302 and "set-cookie" in headers
        assert headers["x-proxy-cache"] not in FROM_CACHE


def test_a_body_over_the_upload_limit_gets_the_sites_own_413_page(front):
    """nginx refuses it on its Content-Length, before reading it or asking the application."""
    length = str(56 * 1024 * 1024)
    status, _headers, body = front.request(
        "/", method="POST", headers={"Content-Type": "text/plain", "Content-Length": length}
    )
    assert status == 413 and "上传内容过大" in body.decode()


def test_the_application_down_gets_the_sites_own_50x_page(front, tmp_path):
    """nginx in front of a port where nothing listens: the 502 is the site's own page."""
    dead = Front(free_port(), free_port(), free_port(), tmp_path)
    with running_nginx(dead, front.data_dir):
        status, headers, body = dead.request("/items/1/")
    assert status == 502
    assert "网站暂时无法访问" in body.decode() and "nginx" not in body.decode()
    assert headers["cache-control"] == "no-store"
