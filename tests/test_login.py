"""Staff login: password, lockout, the TOTP second factor, logout, idle timeout, demo mode."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import totp_token
from gongkai.core import actions
from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent, User
from gongkai.demo.county import DEMO_PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOGIN = "/workbench/login/"
OTP = "/workbench/login/otp/"
OTP_SETUP = "/workbench/login/otp/setup/"
INBOX = "/workbench/"
CJK = re.compile(r"[\u4e00-\u9fff]")


def at(text: str):
    """Freeze the wall clock at `text` (Shanghai time); shift it with the returned traveller."""
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI), tick=False)


def page(response) -> str:
    return response.content.decode()


def form_errors(response) -> str:
    """The errors shown above the form (not tied to one field)."""
    found = re.search(r'<div class="form-errors"[^>]*>(.*?)</div>', page(response), re.S)
    return found.group(1) if found else ""


def field_errors(response, field: str) -> str:
    """The errors shown next to `field`."""
    found = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page(response), re.S
    )
    return found.group(1) if found else ""


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def confirmed_device(user) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def password_step(client, username="editor", password=DEMO_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def log_in(client, user, **extra):
    """Both steps with a confirmed authenticator; returns the response of the second step."""
    device = confirmed_device(user)
    response = password_step(client, user.username, **extra)
    assert response.status_code == 302 and response["Location"] == OTP
    return client.post(OTP, {"token": totp_token(device)})


def events(action: str, **filters):
    return AuditEvent.objects.filter(action=action, **filters)


# ---------------------------------------------------------------- password step and second factor


def test_the_login_page_is_shown_in_chinese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "工作人员登录" in page(response)
    assert "动态验证码" in page(response)


def test_the_login_page_refuses_other_methods(client, db):
    assert client.put(LOGIN).status_code == 405
    assert client.delete(LOGIN).status_code == 405


def test_the_password_step_asks_for_the_code_when_the_user_has_an_authenticator(client, county):
    confirmed_device(county.user["editor"])
    response = password_step(client)
    assert response.status_code == 302
    assert response["Location"] == OTP
    assert not is_logged_in(client)
    assert client.get(OTP).status_code == 200


def test_the_password_step_asks_to_enrol_an_authenticator_when_the_user_has_none(client, county):
    assert not TOTPDevice.objects.filter(user=county.user["editor"]).exists()
    response = password_step(client)
    assert response.status_code == 302
    assert response["Location"] == OTP_SETUP
    assert not is_logged_in(client)


def test_the_setup_page_shows_a_qr_code_and_the_secret(client, county):
    password_step(client)
    response = client.get(OTP_SETUP)
    assert response.status_code == 200
    assert "<svg" in page(response)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page(response))
    assert secret and len(secret.group(1)) >= 16
    device = TOTPDevice.objects.get(user=county.user["editor"], confirmed=False)
    assert secret.group(1) == base64.b32encode(device.bin_key).decode().rstrip("=")


def test_the_setup_page_keeps_the_same_secret_when_reloaded(client, county):
    password_step(client)
    first = re.search(r'<code class="secret">(\w+)</code>', page(client.get(OTP_SETUP))).group(1)
    second = re.search(r'<code class="secret">(\w+)</code>', page(client.get(OTP_SETUP))).group(1)
    assert first == second
    assert TOTPDevice.objects.filter(user=county.user["editor"]).count() == 1


def test_a_correct_first_code_confirms_the_device_and_logs_in(client, county):
    editor = county.user["editor"]
    password_step(client)
    client.get(OTP_SETUP)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(OTP_SETUP, {"token": totp_token(device)})
    assert response.status_code == 302
    assert response["Location"] == INBOX
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INBOX).status_code == 200
    assert events("otp.enrol_confirm", actor=editor, success=True).exists()
    assert events("login.success", actor=editor).exists()


def test_a_wrong_first_code_shows_an_error_next_to_the_token_and_does_not_log_in(client, county):
    editor = county.user["editor"]
    password_step(client)
    client.get(OTP_SETUP)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = client.post(OTP_SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in field_errors(response, "token")
    assert f'value="{wrong}"' in page(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_logged_in(client)
    assert client.get(INBOX).status_code == 302


def test_a_token_with_letters_is_refused_next_to_the_field(client, county):
    confirmed_device(county.user["editor"])
    password_step(client)
    response = client.post(OTP, {"token": "12ab56"})
    assert response.status_code == 200
    assert "只能包含数字" in field_errors(response, "token")
    assert not is_logged_in(client)


def test_a_correct_code_logs_in_and_resets_the_failure_count(client, county):
    editor = county.user["editor"]
    User.objects.filter(pk=editor.pk).update(failed_logins=3)
    response = log_in(client, editor)
    assert response.status_code == 302 and response["Location"] == INBOX
    assert client.get(INBOX).status_code == 200
    editor.refresh_from_db()
    assert editor.failed_logins == 0
    assert events("login.success", actor=editor, data__second_factor="totp").exists()


def test_a_wrong_code_shows_an_error_next_to_the_token_and_is_counted(client, county):
    editor = county.user["editor"]
    device = confirmed_device(editor)
    password_step(client)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = client.post(OTP, {"token": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in field_errors(response, "token")
    assert not is_logged_in(client)
    assert client.get(INBOX).status_code == 302
    editor.refresh_from_db()
    assert editor.failed_logins == 1
    assert events("login.failure", actor=editor, data__reason="otp").exists()


def test_a_user_with_an_authenticator_cannot_enrol_another_with_the_password_alone(client, county):
    editor = county.user["editor"]
    confirmed_device(editor)
    password_step(client)
    response = client.get(OTP_SETUP)
    assert response.status_code == 302 and response["Location"] == OTP
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_the_code_pages_without_a_password_step_send_back_to_login(client, db):
    for url in (OTP, OTP_SETUP):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == LOGIN
        assert "登录已超时" in page(response)


def test_the_code_pages_refuse_other_methods(client, county):
    confirmed_device(county.user["editor"])
    password_step(client)
    assert client.put(OTP).status_code == 405
    assert client.delete(OTP_SETUP).status_code == 405


# ---------------------------------------------------------------- wrong passwords and lockout


def test_a_wrong_password_gets_a_generic_message_an_audit_event_and_a_count(client, county):
    editor = county.user["editor"]
    response = password_step(client, password="Not-The-Password-1")
    assert response.status_code == 200
    assert "用户名或密码不正确" in form_errors(response)
    assert 'value="editor"' in page(response)  # what was typed is kept (not the password)
    assert "Not-The-Password-1" not in page(response)
    assert not is_logged_in(client)
    editor.refresh_from_db()
    assert editor.failed_logins == 1
    failure = events("login.failure", actor=editor).get()
    assert failure.success is False
    assert failure.data["reason"] == "password"


def test_an_unknown_username_gets_the_same_message_and_creates_no_user(client, db):
    users_before = User.objects.count()
    unknown = password_step(client, username="nobody", password="Not-The-Password-1")
    known = password_step(client, username="editor", password="Not-The-Password-1")
    assert "用户名或密码不正确" in form_errors(unknown)
    assert form_errors(unknown) == form_errors(known)
    assert User.objects.count() == users_before
    assert events(
        "login.failure", actor=None, actor_label="nobody", data__reason="unknown_user"
    ).exists()


def test_an_empty_form_shows_errors_next_to_both_fields(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 200
    assert CJK.search(field_errors(response, "username"))
    assert CJK.search(field_errors(response, "password"))
    assert not AuditEvent.objects.filter(action="login.failure").exists()


def test_it_locks_the_account_after_five_failures(client, county):
    editor = county.user["editor"]
    assert settings.LOGIN_FAILURE_LIMIT == 5
    with at("2026-03-02 09:00"):
        for _ in range(4):
            response = password_step(client, password="Not-The-Password-1")
            assert "用户名或密码不正确" in form_errors(response)
        response = password_step(client, password="Not-The-Password-1")
        # Locked now, but the page says only what it says to anyone (who has an account?).
        assert "用户名或密码不正确" in form_errors(response)
        assert "已被锁定" not in form_errors(response) and "09:30" not in form_errors(response)
    editor.refresh_from_db()
    assert editor.failed_logins == 5
    assert editor.locked_until == datetime(2026, 3, 2, 9, 30, tzinfo=SHANGHAI)
    assert events("login.lock", actor=editor).count() == 1


def test_a_locked_account_refuses_even_the_right_password(client, county):
    editor = county.user["editor"]
    confirmed_device(editor)
    with at("2026-03-02 09:00") as clock:
        for _ in range(5):
            password_step(client, password="Not-The-Password-1")
        clock.shift(timedelta(minutes=10))
        response = password_step(client)
    assert response.status_code == 200
    assert "用户名或密码不正确" in form_errors(response)
    assert "已被锁定" not in form_errors(response)
    assert not is_logged_in(client)
    assert events("login.failure", actor=editor, data__reason="locked").exists()


def test_the_right_password_works_again_thirty_minutes_after_the_lock(client, county):
    """Attempts during the lockout are refused and recorded but do not push the lockout back."""
    editor = county.user["editor"]
    device = confirmed_device(editor)
    with at("2026-03-02 09:00") as clock:
        for _ in range(5):
            password_step(client, password="Not-The-Password-1")
        clock.shift(timedelta(minutes=20))
        assert "用户名或密码不正确" in form_errors(password_step(client))
        assert not is_logged_in(client)
        clock.shift(timedelta(minutes=11))  # 09:31
        response = password_step(client)
        assert response.status_code == 302 and response["Location"] == OTP
        response = client.post(OTP, {"token": totp_token(device)})
        assert response.status_code == 302
        assert client.get(INBOX).status_code == 200
    editor.refresh_from_db()
    assert editor.failed_logins == 0
    assert editor.locked_until is None
    assert events("login.lock", actor=editor).count() == 1


def test_it_locks_the_account_again_after_five_more_failures_once_a_lock_ran_out(client, county):
    editor = county.user["editor"]
    with at("2026-03-02 09:00") as clock:
        for _ in range(5):
            password_step(client, password="Not-The-Password-1")
        clock.shift(timedelta(minutes=31))
        for _ in range(4):
            assert "用户名或密码不正确" in form_errors(
                password_step(client, password="Not-The-Password-2")
            )
        response = password_step(client, password="Not-The-Password-2")
        assert "用户名或密码不正确" in form_errors(response)
        assert "Not-The-Password" not in page(response)
        assert "用户名或密码不正确" in form_errors(password_step(client))
        assert not is_logged_in(client)
    editor.refresh_from_db()
    assert editor.locked_until == datetime(2026, 3, 2, 10, 1, tzinfo=SHANGHAI)
    assert events("login.lock", actor=editor).count() == 2


def test_wrong_codes_count_towards_the_lock(client, county):
    editor = county.user["editor"]
    device = confirmed_device(editor)
    with at("2026-03-02 09:00") as clock:
        User.objects.filter(pk=editor.pk).update(failed_logins=4)
        password_step(client)
        clock.shift(timedelta(seconds=40))
        wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
        response = client.post(OTP, {"token": wrong}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "已被锁定" in page(response)
    assert not is_logged_in(client)
    editor.refresh_from_db()
    assert editor.locked_until is not None


# ---------------------------------------------------------------- who may log in, and for how long


def test_a_user_without_any_role_cannot_log_in_to_the_workbench(client, db):
    nobody = actions.create_user(actor=None, username="norole", password="Gongkai-Test-2026x")
    confirmed_device(nobody)
    response = password_step(client, username="norole", password="Gongkai-Test-2026x")
    assert response.status_code == 200
    assert "没有工作台岗位" in form_errors(response)
    assert not is_logged_in(client)
    assert client.get(INBOX).status_code == 302
    assert events("login.failure", actor=nobody, data__reason="no_role").exists()


def test_the_password_step_expires_after_five_minutes(client, county):
    device = confirmed_device(county.user["editor"])
    with at("2026-03-02 09:00") as clock:
        password_step(client)
        clock.shift(timedelta(minutes=5, seconds=1))
        response = client.post(OTP, {"token": totp_token(device)}, follow=True)
    assert response.redirect_chain[0] == (LOGIN, 302)
    assert "登录已超时，请重新输入用户名和密码" in page(response)
    assert not is_logged_in(client)


def test_the_password_step_is_still_valid_just_under_five_minutes(client, county):
    device = confirmed_device(county.user["editor"])
    with at("2026-03-02 09:00") as clock:
        password_step(client)
        clock.shift(timedelta(minutes=4, seconds=59))
        response = client.post(OTP, {"token": totp_token(device)})
        assert response.status_code == 302 and response["Location"] == INBOX
        assert client.get(INBOX).status_code == 200


def test_a_session_that_passed_only_the_password_cannot_open_the_workbench(client, county):
    confirmed_device(county.user["editor"])
    password_step(client)
    for url in (INBOX, "/workbench/files/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN + "?next=")


def test_a_login_without_the_second_factor_is_logged_out_of_the_workbench(client, county):
    """A session authenticated some other way (no OTP device verified) is refused and ended."""
    client.force_login(county.user["admin"])
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=/workbench/"
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_logout_is_post_only_and_recorded(client, county):
    editor = county.user["editor"]
    log_in(client, editor)
    assert client.get("/workbench/logout/").status_code == 405
    assert is_logged_in(client)
    response = client.post("/workbench/logout/", follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "您已安全退出" in page(response)
    assert not is_logged_in(client)
    assert events("logout", actor=editor).count() == 1
    assert client.get(INBOX).status_code == 302


def test_the_session_ends_after_thirty_idle_minutes(client, county):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    with at("2026-03-02 09:00") as clock:
        log_in(client, county.user["editor"])
        assert client.get(INBOX).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=/workbench/"


def test_each_request_renews_the_idle_timeout(client, county):
    with at("2026-03-02 09:00") as clock:
        log_in(client, county.user["editor"])
        for _ in range(3):
            clock.shift(timedelta(minutes=20))
            assert client.get(INBOX).status_code == 200  # an hour in all, never 30 minutes idle


def test_the_next_parameter_is_followed_when_it_stays_on_this_site(client, county):
    response = log_in(client, county.user["editor"], next="/workbench/files/")
    assert response["Location"] == "/workbench/files/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_the_next_parameter_never_leaves_the_site(client, county, target):
    response = log_in(client, county.user["editor"], next=target)
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert "evil" not in page(client.get(LOGIN, {"next": target}))


# ---------------------------------------------------------------- demo mode


@pytest.fixture
def demo_mode(settings):
    settings.REQUIRE_2FA = False
    settings.DEMO_MODE = True


def test_in_demo_mode_the_password_alone_logs_in(client, county, demo_mode):
    admin = county.user["admin"]
    assert not TOTPDevice.objects.filter(user=admin).exists()
    response = password_step(client, username="admin")
    assert response.status_code == 302 and response["Location"] == INBOX
    assert events("login.success", actor=admin, data__second_factor="off (demo)").exists()
    for url in (
        INBOX,
        "/workbench/files/",
        "/workbench/calendar/",
        "/workbench/calendar/2026/",
        "/workbench/audit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "演示模式" in page(response), url


def test_in_demo_mode_the_login_page_says_so(client, db, demo_mode):
    assert "演示模式" in page(client.get(LOGIN))


def test_outside_demo_mode_no_page_shows_the_demo_banner(client, county):
    assert "演示模式" not in page(client.get(LOGIN))
    log_in(client, county.user["admin"])
    assert "演示模式" not in page(client.get(INBOX))


# ---------------------------------------------------------------- password complexity


@pytest.mark.parametrize("password", ["abcdefghij", "1234567890", "Ab1-x"])
def test_it_refuses_a_simple_password(db, password):
    with pytest.raises(InvalidInput) as refused:
        actions.create_user(actor=None, username="newcomer", password=password)
    assert refused.value.field == "password"
    assert CJK.search(refused.value.message)
    assert not User.objects.filter(username="newcomer").exists()


def test_it_accepts_a_complex_password(db):
    user = actions.create_user(actor=None, username="newcomer", password="Gongkai-Demo-2026x")
    assert user.check_password("Gongkai-Demo-2026x")
    assert events("user.create", object_id=str(user.pk)).exists()


def test_a_locked_account_and_an_unknown_name_get_the_same_answer(client, county):
    """The sign-in page never tells who has an account: locked or unknown, one message."""
    with at("2026-03-02 09:00"):
        for _ in range(5):
            password_step(client, password="Not-The-Password-1")
        locked = form_errors(password_step(client))
        unknown = form_errors(client.post(LOGIN, {"username": "nobody", "password": "Whatever-1"}))
    assert locked == unknown
    assert "已被锁定" not in locked
    assert county.user["editor"].username not in locked
