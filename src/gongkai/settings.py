"""Django settings for gongkai.

Every setting comes from an environment variable (all listed in README.md); nothing here
is edited per installation. Defaults are safe for production except where demo mode
(GONGKAI_DEMO=1, set by `gongkai demo`) relaxes them, and then every staff page says so.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from gongkai.core import pagecache
from gongkai.core.keys import data_dir, installation_keys
from gongkai.queue import huey_settings

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [part.strip() for part in value.split(",") if part.strip()] or default


DATA_DIR = data_dir()
# Created if absent (an empty directory): the task queue and the SQLite databases open files in
# it as Django starts. Nothing is written into it here.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEMO_MODE = env_bool("GONGKAI_DEMO")
DEBUG = env_bool("GONGKAI_DEBUG")
# HTTPS is on by default; the demo serves plain http on 127.0.0.1.
HTTPS = env_bool("GONGKAI_HTTPS", default=not DEMO_MODE)

# From GONGKAI_SECRET_KEY and GONGKAI_DATA_KEY, else read from DATA_DIR/local-keys.json (made by
# `gongkai migrate` or `gongkai demo`: core.keys); without either, MissingKeys stops here.
# `gongkai check --deploy` warns while the local keys are in use (core.checks).
# GONGKAI_DATA_KEY: the key for encrypting identity numbers at rest, their keyed look-up hash
# and the audit chain (core.crypto, core.audit).
SECRET_KEY, GONGKAI_DATA_KEY, LOCAL_KEYS_IN_USE = installation_keys(DATA_DIR)

ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "gongkai.core",
    "gongkai.publishing",
    "gongkai.search",
    "gongkai.disclosure",
    "gongkai.services",
    "gongkai.letters",
    "gongkai.portal",
    "gongkai.workbench",
    "gongkai.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the page cache: inside the security headers (a kept page
    # gets them on every answer), outside the CSP, whose header is kept with the page (the
    # policy is the same for every shared page; django-csp builds it again for each response,
    # which a kept page would otherwise pay on every answer), before what a kept page does not need.
    "gongkai.core.middleware.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.core.middleware.StaffSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
                "gongkai.core.context_processors.menus",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("GONGKAI_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGKAI_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept between requests (CONN_MAX_AGE above), as with PostgreSQL: opening
    # one runs the PRAGMAs below, which costs more than rendering an item page.
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a writing transaction takes the write lock at BEGIN, so the audit chain's
        # read-then-append never races and never fails with "database is locked" mid-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file, not shared-cache memory, so concurrency behaves as in production (WAL,
    # busy timeout) when the tests run two workers against one database.
    DATABASES["default"]["TEST"] = {
        # One per process, so two test runs on one machine never share a database.
        "NAME": os.environ.get("GONGKAI_TEST_SQLITE_NAME")
        or str(DATA_DIR / f"test-gongkai-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# The staff shell's prefix: modules mount their staff pages under it (core.urls.staff), and
# the middleware keeps every page under it out of shared caches.
STAFF_URL_PREFIX = "workbench/"
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:inbox"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "gongkai.core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.core.passwords.CharacterClassValidator"},
]

# 等保2.0 (GB/T 22239-2019) level 3 baseline: login failures, lockout and idle sessions. The
# figures are local practice, so they are settings with these defaults.
LOGIN_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT = timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", "30")))
IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("GONGKAI_IDLE_TIMEOUT_MINUTES", "30")))
# Two factors for staff, except in demo mode (which says so on every staff page).
REQUIRE_2FA = not DEMO_MODE

SESSION_COOKIE_AGE = int(IDLE_TIMEOUT.total_seconds())
SESSION_SAVE_EVERY_REQUEST = True  # the 30 minutes are idle time: every request renews them
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and not env_bool("GONGKAI_BEHIND_PROXY_NO_REDIRECT")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("GONGKAI_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

OTP_TOTP_ISSUER = os.environ.get("GONGKAI_SITE_NAME", "示范县人民政府")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["gongkai.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not env_bool("GONGKAI_PLAIN_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "files"
# Uploads (core.files): the largest file accepted, in bytes.
UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_MB", "50")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = os.environ.get("GONGKAI_REDIS_URL", "")
HUEY = huey_settings(redis_url=REDIS_URL, data_dir=DATA_DIR, immediate=False)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    # Rate limits (django-ratelimit) count in the default cache, so it must be shared by every
    # worker process: files under DATA_DIR, not per-process memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            # Culling drops a third of the entries at random: keep it rare, or counters reset.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
# Anonymous public pages (core.pagecache): Redis when configured, else files under DATA_DIR.
CACHES["pages"] = pagecache.cache_settings(redis_url=REDIS_URL, data_dir=DATA_DIR)
SILENCED_SYSTEM_CHECKS = [
    # Django's own RedisCache increments atomically (INCR) but is not on django-ratelimit's
    # list of backends it names.
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # The file cache increments by read-then-write: a burst of simultaneous requests may let
    # a few more through than the limit. Acceptable for throttling; Redis is exact.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# 依申请公开: the applicant's deadline to correct an application (Art. 30 "a reasonable
# deadline": local practice), in working days after the correction notice.
DISCLOSURE_CORRECTION_DEADLINE_DAYS = int(
    os.environ.get("GONGKAI_DISCLOSURE_CORRECTION_DAYS", "15")
)

# Read once, by disclosure migration 0007, when upgrading an install made before agencies'
# disclosure offices were recorded (disclosure.DisclosureOffice, 条例 Art. 4): the department
# whose staff answer the government's own requests (usually 政府办). Afterwards the recorded
# offices decide (`gongkai disclosure office`).
DISCLOSURE_OFFICE_CODE = os.environ.get("GONGKAI_DISCLOSURE_OFFICE", "BGS")

# 条例 Art. 17: each agency sets up its own review (保密审查) of information before it is
# released, with its procedure and who is responsible. The role whose holders review a reply
# that releases information (never its drafter), and where they must hold it: "tree" (the
# request's responsible department or one above it) or "department" (that department itself).
DISCLOSURE_SECRECY_REVIEW_ROLE = os.environ.get(
    "GONGKAI_DISCLOSURE_SECRECY_REVIEW_ROLE", "disclosure_head"
)
DISCLOSURE_SECRECY_REVIEW_SCOPE = os.environ.get("GONGKAI_DISCLOSURE_SECRECY_REVIEW_SCOPE", "tree")

# 差评整改 (国办发〔2019〕51号 sets no number; local practice): working days to contact the
# applicant after a bad rating, and to rectify or explain and answer.
SERVICES_RECTIFY_CONTACT_DAYS = int(os.environ.get("GONGKAI_SERVICES_RECTIFY_CONTACT_DAYS", "1"))
SERVICES_RECTIFY_ANSWER_DAYS = int(os.environ.get("GONGKAI_SERVICES_RECTIFY_ANSWER_DAYS", "5"))

# 政民互动: working days to reply to a letter, by kind (letters.rules.Kind; "default" for the
# rest): 纠错 within 3 (国办秘函〔2019〕19号 inspection indicators), others a county's promise.
LETTERS_REPLY_DAYS = {
    "default": int(os.environ.get("GONGKAI_LETTERS_REPLY_DAYS", "10")),
    "correction": int(os.environ.get("GONGKAI_LETTERS_CORRECTION_DAYS", "3")),
}
# Reports that hide a published message-board post until a moderator reviews it again.
LETTERS_REPORTS_TO_HIDE = int(os.environ.get("GONGKAI_LETTERS_REPORTS_TO_HIDE", "3"))
# The shortest comment period of a consultation, in days (《重大行政决策程序暂行条例》第十四条:
# 一般不少于30日).
LETTERS_CONSULTATION_MIN_DAYS = int(os.environ.get("GONGKAI_LETTERS_CONSULTATION_DAYS", "30"))

# A CJK TrueType font file for generated PDFs (e.g. a licensed 仿宋); empty: the first free
# one found on the system (core.typeset), embedded so every reader prints the same.
PDF_CJK_FONT = os.environ.get("GONGKAI_PDF_CJK_FONT", "")

SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "示范县人民政府")
# Days before a due date at which a clock shows "due soon" (working days).
CLOCK_DUE_SOON_DAYS = int(os.environ.get("GONGKAI_CLOCK_DUE_SOON_DAYS", "3"))

# 索引号: per-department rule; prefix is the department's unified social credit code.
PUBLISHING_INDEX_FORMAT = os.environ.get("GONGKAI_INDEX_FORMAT", "{prefix}/{year}-{serial:05d}")
# 国办秘函〔2019〕19号 inspection indicators (columns not updated in time): the periods are local
# practice, so settings.
HOME_STALE_DAYS = 14  # home page not updated for 2 weeks
NEWS_STALE_DAYS = 14  # news columns stale after 2 weeks
POLICY_STALE_DAYS = 183  # notice / policy columns stale after 6 months

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
