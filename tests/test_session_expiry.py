"""A staff session that ends on idle time loses nothing typed.

A form posted after the session ended goes to the sign-in page; after signing in the clerk
lands on the page the form lives on (never on the POST-only action address, which has no page
of its own), with the text typed shown again to be checked and sent again. Only the person
whose sign-in this browser last made gets it back, once; passwords and codes are never kept.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import totp_token
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.disclosure import actions as disclosure_actions
from gongkai.disclosure.models import DisclosureRequest
from gongkai.publishing import actions as publishing_actions
from gongkai.publishing.models import Item
from tests.pages import at, page, textarea
from tests.test_disclosure_staff_views import application
from tests.test_login import confirmed_device

pytestmark = pytest.mark.django_db

LOGIN = "/workbench/login/"
OTP = "/workbench/login/otp/"
INBOX = "/workbench/"
KEEP_ALIVE = "/workbench/session/"
NOTICE = "会话已过期，您填写的内容已保留，请核对后重新提交"
LONG_REPLY = "经检索，您申请的招标文件由本机关制作并保存，予以公开。" * 40
LONG_BODY = "<p>" + "各乡镇要抓住春耕有利时机，做好种子、化肥、农机的调配。" * 40 + "</p>"


# ---------------------------------------------------------------- helpers


def request_of(county) -> DisclosureRequest:
    """An online application to 县人民政府办公室, where the officer `disclosure` works."""
    with at("2025-10-31 09:00"):
        request, _code = disclosure_actions.submit_application(
            data=application(), department=county.dept["BGS"]
        )
    return request


def item_of(county) -> Item:
    column = publishing_actions.create_column(
        actor=None,
        name="农业农村动态",
        slug="nyj-news",
        department=county.dept["NYJ"],
        review_levels=1,
    )
    return publishing_actions.create_item(
        actor=county.user["editor"],
        column=column,
        data=publishing_actions.ItemData(
            title="春耕生产工作情况", body="<p>全县春耕进展顺利。</p>"
        ),
    )


def sign_in(client, user, next_url: str = ""):
    """Password then the second factor, as the pages ask; the last response (a redirect)."""
    device = confirmed_device(user)
    data = {"username": user.username, "password": DEMO_PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302 and response["Location"] == OTP
    return client.post(OTP, {"token": totp_token(device)})


def expire_sessions() -> None:
    """What 30 idle minutes do: the server no longer knows the session (the cookie stays)."""
    Session.objects.all().delete()


def next_of(response) -> str:
    """The `next` a redirect to the sign-in page carries."""
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == LOGIN
    return parse_qs(location.query)["next"][0]


def reply_post(**overrides) -> dict:
    data = {"outcome": "1", "reply_text": LONG_REPLY, "fee_method": "none"}
    data.update(overrides)
    return data


def expired_reply(client, county, request) -> str:
    """The officer signs in, opens the request, is idle too long and then sends a reply: the
    `next` of the sign-in page it leads to."""
    sign_in(client, county.user["disclosure"])
    assert client.get(f"/workbench/disclosure/{request.pk}/").status_code == 200
    expire_sessions()
    return next_of(client.post(f"/workbench/disclosure/{request.pk}/reply/", reply_post()))


# ---------------------------------------------------------------- the action addresses


@pytest.mark.parametrize(
    ("action", "page_url"),
    [
        ("/workbench/disclosure/{r}/reply/", "/workbench/disclosure/{r}/"),
        ("/workbench/disclosure/{r}/reply/send/", "/workbench/disclosure/{r}/"),
        ("/workbench/disclosure/{r}/identity/", "/workbench/disclosure/{r}/"),
        ("/workbench/publishing/items/{i}/submit/", "/workbench/publishing/items/{i}/"),
        ("/workbench/publishing/items/{i}/withdraw/", "/workbench/publishing/items/{i}/"),
    ],
)
def test_a_get_of_an_action_address_goes_to_the_page_its_form_is_on(
    staff_client, county, action, page_url
):
    r, i = request_of(county), item_of(county)
    client = staff_client("admin")
    for method in (client.get, client.head):
        response = method(action.format(r=r.pk, i=i.pk))
        assert response.status_code == 302
        assert response["Location"] == page_url.format(r=r.pk, i=i.pk)


def test_a_get_of_the_report_publish_address_keeps_the_report_it_names(staff_client):
    response = staff_client("disclosure").get(
        "/workbench/disclosure/report/publish/?year=2025&department=BGS"
    )
    assert response.status_code == 302
    assert response["Location"] == "/workbench/disclosure/report/?year=2025&department=BGS"


def test_other_methods_on_an_action_address_are_still_refused(staff_client, county):
    r = request_of(county)
    response = staff_client("disclosure").put(f"/workbench/disclosure/{r.pk}/reply/")
    assert response.status_code == 405


def _staff_routes(patterns, prefix: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _staff_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("workbench/"):
            yield route


def _example_path(route: str) -> str:
    """The route with each converter filled in: numbers that name nothing, a word."""
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "999999" if m[1] == "int" else "x", route)


def test_every_staff_address_answers_a_get_with_a_page_or_a_redirect(staff_client):
    """Walks every staff URL: a POST-only view must say where its page is, so that a sign-in
    sent there (or a bookmark) never ends on a blank 405. The sign-out is the one exception:
    a GET must not sign anyone out, and no sign-in is ever sent on to it."""
    client = staff_client("admin")
    routes = sorted(set(_staff_routes(get_resolver().url_patterns)))
    assert len(routes) > 40  # the walk found the modules' staff pages
    refused = [
        route
        for route in routes
        if route != "workbench/logout/" and client.get(_example_path(route)).status_code == 405
    ]
    assert refused == []


# ---------------------------------------------------------------- where sign-in goes


def test_signing_in_on_the_way_to_an_action_lands_on_its_page(client, county):
    r = request_of(county)
    response = sign_in(client, county.user["disclosure"], f"/workbench/disclosure/{r.pk}/reply/")
    assert response["Location"] == f"/workbench/disclosure/{r.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_the_login_page_already_names_the_page_not_the_action(client, county):
    r = request_of(county)
    response = client.get(LOGIN, {"next": f"/workbench/disclosure/{r.pk}/reply/send/"})
    assert f'value="/workbench/disclosure/{r.pk}/"' in page(response)


def test_without_the_second_factor_the_sign_in_also_lands_on_the_page(client, county, settings):
    settings.REQUIRE_2FA = False
    i = item_of(county)
    response = client.post(
        LOGIN,
        {
            "username": "editor",
            "password": DEMO_PASSWORD,
            "next": f"/workbench/publishing/items/{i.pk}/recall/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/workbench/publishing/items/{i.pk}/"


def test_a_page_next_is_still_followed_as_it_is(client, county):
    response = sign_in(client, county.user["editor"], "/workbench/files/")
    assert response["Location"] == "/workbench/files/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/workbench/disclosure/1/reply/",
        "//evil.example/workbench/disclosure/1/reply/",
    ],
)
def test_an_action_next_on_another_site_is_still_refused(client, county, target):
    response = sign_in(client, county.user["disclosure"], target)
    assert response["Location"] == INBOX


# ---------------------------------------------------------------- typed text kept


def test_a_reply_posted_after_the_session_ended_is_shown_again_after_signing_in(client, county):
    r = request_of(county)
    next_url = expired_reply(client, county, r)
    assert urlsplit(next_url).path == f"/workbench/disclosure/{r.pk}/reply/"
    landed = sign_in(client, county.user["disclosure"], next_url)["Location"]
    assert urlsplit(landed).path == f"/workbench/disclosure/{r.pk}/"
    response = client.get(landed)
    assert response.status_code == 200
    assert NOTICE in page(response)
    assert LONG_REPLY in textarea(response, "reply_text")
    assert '<option value="1" selected>' in page(response)
    # Shown, never sent: the clerk checks it and submits again.
    r.refresh_from_db()
    assert r.reply_text == "" and r.drafted_by is None


def test_the_kept_text_is_shown_once_and_then_forgotten(client, county):
    r = request_of(county)
    landed = sign_in(client, county.user["disclosure"], expired_reply(client, county, r))
    assert LONG_REPLY in page(client.get(landed["Location"]))
    again = client.get(landed["Location"])
    assert LONG_REPLY not in page(again) and NOTICE not in page(again)


def test_the_text_sent_again_is_saved_as_any_reply(client, county):
    r = request_of(county)
    landed = sign_in(client, county.user["disclosure"], expired_reply(client, county, r))
    client.get(landed["Location"])
    response = client.post(f"/workbench/disclosure/{r.pk}/reply/", reply_post())
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.reply_text == LONG_REPLY


def test_someone_else_signing_in_on_that_browser_never_sees_the_text(client, county):
    r = request_of(county)
    next_url = expired_reply(client, county, r)
    landed = sign_in(client, county.user["disclosure_head"], next_url)["Location"]
    response = client.get(landed)
    assert response.status_code == 200
    assert LONG_REPLY not in page(response) and NOTICE not in page(response)


def test_the_token_alone_gives_nothing_to_another_person(client, county):
    r = request_of(county)
    next_url = expired_reply(client, county, r)
    other = Client()
    landed = sign_in(other, county.user["disclosure_head"], next_url)["Location"]
    assert LONG_REPLY not in page(other.get(landed))


def test_a_post_from_a_browser_nobody_signed_in_on_keeps_nothing(client, county):
    r = request_of(county)
    client.get(LOGIN)  # a CSRF cookie, but no sign-in ever made it
    response = client.post(f"/workbench/disclosure/{r.pk}/reply/", reply_post())
    assert "draft" not in next_of(response)


def test_after_signing_out_the_browser_keeps_nobodys_text(client, county):
    r = request_of(county)
    sign_in(client, county.user["disclosure"])
    client.post("/workbench/logout/")
    response = client.post(f"/workbench/disclosure/{r.pk}/reply/", reply_post())
    assert "draft" not in next_of(response)


def test_an_item_body_typed_before_the_session_ended_is_shown_again(client, county):
    i = item_of(county)
    edit = f"/workbench/publishing/items/{i.pk}/edit/"
    sign_in(client, county.user["editor"])
    assert client.get(edit).status_code == 200
    expire_sessions()
    posted = client.post(edit, {"title": "春耕生产工作情况（修订）", "body": LONG_BODY})
    landed = sign_in(client, county.user["editor"], next_of(posted))["Location"]
    assert urlsplit(landed).path == edit
    response = client.get(landed)
    assert NOTICE in page(response)
    assert "各乡镇要抓住春耕有利时机" in textarea(response, "body")
    assert 'value="春耕生产工作情况（修订）"' in page(response)
    assert i.revisions.count() == 1  # nothing saved


def test_the_annual_report_text_is_kept_also_on_its_default_year(client, county):
    """The report page without a query string shows last year's report; the kept text's
    token in the query must not turn it into a bad choice of year."""
    report = "/workbench/disclosure/report/"
    section = "本年度，县人民政府办公室认真贯彻落实《中华人民共和国政府信息公开条例》。" * 20
    sign_in(client, county.user["disclosure"])
    assert client.get(report).status_code == 200
    expire_sessions()
    landed = sign_in(
        client, county.user["disclosure"], next_of(client.post(report, {"section_1": section}))
    )
    response = client.get(landed["Location"])
    assert response.status_code == 200
    assert NOTICE in page(response)
    assert section in textarea(response, "section_1")


def test_an_expired_step_with_nothing_typed_just_lands_on_its_page(client, county):
    i = item_of(county)
    sign_in(client, county.user["editor"])
    expire_sessions()
    next_url = next_of(client.post(f"/workbench/publishing/items/{i.pk}/recall/"))
    assert "draft" not in next_url
    landed = sign_in(client, county.user["editor"], next_url)["Location"]
    assert landed == f"/workbench/publishing/items/{i.pk}/"


def test_passwords_codes_and_the_csrf_token_are_never_kept(county):
    from gongkai.core import drafts

    factory = RequestFactory()
    signed_in = factory.post("/workbench/login/otp/")
    signed_in.META["CSRF_COOKIE"] = "s" * 32
    drafts.remember_owner(signed_in, county.user["editor"])
    posted = factory.post(
        "/workbench/files/",
        {
            "body": "正文",
            "password": "Gongkai-Demo-2026",
            "new_password2": "Gongkai-Demo-2026",
            "token": "123456",
            "otp_token": "123456",
            "csrfmiddlewaretoken": "abc",
        },
    )
    posted.META["CSRF_COOKIE"] = "s" * 32
    token = drafts.stash(posted)
    assert token
    shown = factory.get("/workbench/files/", {"draft": token})
    shown.user = county.user["editor"]
    shown._messages = _Messages()
    kept = drafts.take(shown)
    assert dict(kept.lists()) == {"body": ["正文"]}


class _Messages:
    """Where `messages.add_message` writes outside the middleware, for a request built by hand."""

    def __init__(self):
        self.added = []

    def add(self, level, message, extra_tags=""):
        self.added.append(message)


# ---------------------------------------------------------------- the keep-alive


def test_the_keep_alive_renews_a_live_session_and_says_so_with_204(client, county):
    with at("2026-03-02 09:00") as clock:
        sign_in(client, county.user["editor"])
        for _ in range(3):
            clock.shift(60 * 20)
            assert client.get(KEEP_ALIVE).status_code == 204
        assert client.get(INBOX).status_code == 200  # an hour in all, never 30 minutes idle


def test_the_keep_alive_says_403_once_the_session_ended_without_redirecting(client, county):
    sign_in(client, county.user["editor"])
    expire_sessions()
    response = client.get(KEEP_ALIVE)
    assert response.status_code == 403
    assert (
        response["Cache-Control"].startswith("private, no-store")
        or "no-store" in (response["Cache-Control"])
    )


def test_staff_pages_carry_the_timeout_and_the_session_notice(client, county, settings):
    sign_in(client, county.user["editor"])
    html = page(client.get(INBOX))
    assert f'data-session-seconds="{settings.SESSION_COOKIE_AGE}"' in html
    assert 'data-warn-seconds="300"' in html
    assert f'data-keep-alive="{KEEP_ALIVE}"' in html
    assert "登录将于5分钟后失效" in html and "继续工作" in html
    assert re.search(r'<script src="[^"]*gongkai/session\.js', html)
