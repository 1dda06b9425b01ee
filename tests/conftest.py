"""Shared fixtures: the demo county in the test database, and named personas."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

_TEMPORARY: list[str] = []  # directories of this run, removed when it ends


def pytest_configure(config):
    from django.conf import settings
    from huey.contrib.djhuey import HUEY

    from gongkai.core import pagecache

    # Hashing speed only: Argon2 is the production hasher and is tested on its own.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="gongkai-test-files-")
    # Rate-limit counters live in the cache: one per test run, emptied before each test.
    cache_dir = tempfile.mkdtemp(prefix="gongkai-test-cache-")
    _TEMPORARY.extend([settings.MEDIA_ROOT, cache_dir])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": cache_dir,
        },
        # The page cache as installed without Redis (core.pagecache), in this run's directory.
        "pages": pagecache.cache_settings(redis_url="", data_dir=Path(cache_dir)),
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test client and the live server speak plain http; HTTPS settings are checked by
    # `gongkai check --deploy` in test_deploy.py.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Tasks enqueued by code under test run inline; the worker process is tested on its own.
    HUEY.immediate = True


def pytest_unconfigure(config):
    for path in _TEMPORARY:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rate-limit counters and no kept pages (nothing cached): the
    database is rolled back after each test, and its content versions with it."""
    from django.core.cache import cache, caches

    from gongkai.publishing.queries import forget_public_columns

    for each in (cache, caches["pages"]):
        each.clear()
    forget_public_columns()
    yield
    for each in (cache, caches["pages"]):
        each.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every database test starts from the demo county, created through the real actions."""
    from gongkai.demo.county import is_loaded, load_demo_county

    with django_db_blocker.unblock():
        if not is_loaded():
            load_demo_county()


@pytest.fixture
def county(db):
    """The demo county's departments and users by name (made again when a transactional test
    before this one flushed the database)."""
    from gongkai.core.models import Department, User
    from gongkai.demo.county import is_loaded, load_demo_county

    if not is_loaded():
        load_demo_county()

    class County:
        dept = {d.short_code: d for d in Department.objects.all()}
        user = {u.username: u for u in User.objects.all()}

    return County


def totp_token(device) -> str:
    """The code an authenticator app would show now for `device`."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def staff_client(client, county):
    """Log a demo user in through the real login pages: password, then the TOTP second factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.demo.county import DEMO_PASSWORD

    def login(username: str):
        user = county.user[username]
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        response = client.post(
            "/workbench/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == "/workbench/login/otp/", (
            response
        )
        response = client.post("/workbench/login/otp/", {"token": totp_token(device)})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return login


@pytest.fixture
def other_officer(county):
    """A disclosure officer of 县农业农村局: must be refused the office's requests."""
    from gongkai.core import actions as core_actions
    from gongkai.disclosure import roles

    user = core_actions.create_user(
        actor=None, username="nyj_disclosure", password="Gongkai-Demo-2026", display_name="农公开"
    )
    core_actions.assign_role(
        actor=None, user=user, department=county.dept["NYJ"], role=roles.DISCLOSURE_OFFICER
    )
    county.user["nyj_disclosure"] = user
    return user
