"""Anonymous public pages answered from a shared cache, the `pages` cache alias.

A page is shared only if its view marks the response (`share`, or the `shared` decorator):
the view knows whether its HTML is the same for every anonymous visitor. The middleware
(core.middleware.PageCacheMiddleware) stores a marked 200 response of an anonymous GET and
answers the same request from it until the public content changes.

The key carries the versions of the public content: each module whose content the public
pages show registers a function in its AppConfig.ready (`register_version`) and the key joins
all of them, so a publish is seen on the next request, and entries of older versions are
never asked for again and expire. The visitor's reading mode (elderly mode) and language,
the scheme and host (feeds and sitemaps hold absolute addresses), the path and the query
string are in the key too.

Each process keeps two things in memory, so that a hit reads one small value from the shared
cache instead of four: the versions as last read, under the shared cache's *generation* (a
value every change_version moves, after the change's version), and the pages it answered
most recently under those versions. A request reads the generation; while it is the one the
process knows, the versions and pages in memory are current; when it moved, the process reads
the versions again and forgets its pages.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import itertools
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_request

from gongkai.core.context_processors import ELDERLY_COOKIE
from gongkai.core.urls import is_staff_path

CACHE_ALIAS = "pages"
HEADER = "X-Cache"  # hit, miss or bypass: for the benchmark, the front proxy and debugging
# An hour: what no registered version carries (a template after an upgrade without a new
# release number, a department renamed in the database) shows within it; a popular page
# rendered again once an hour costs nothing worth counting.
TIMEOUT = 3600
# The pages most read in an hour on a county site (a few kilobytes each once compressed); a
# full cache drops a third of its entries at random (Django's culling).
MAX_ENTRIES = 10000
# Django's file cache lists its directory before every write to decide whether to cull: with
# ten thousand entries that listing costs several times the rendering of a page. Each process
# does it before one write in CULL_EVERY, so the cache may pass MAX_ENTRIES by that many
# entries per process.
CULL_EVERY = 500
SHARED = "gongkai_shared"  # the attribute a view sets on a response it allows to be shared
VERSION_KEY = "pagecache:version:"
# A version read from the database is kept this long: if a change's update of the kept value
# were ever lost, pages would be behind for at most this long.
MIRROR_TIMEOUT = 60
GENERATION_KEY = "pagecache:generation"
# Each process's own pages: the most read of the current generation (a few megabytes), each
# kept for at most LOCAL_TIMEOUT so that what no version carries is never much older than in
# the shared cache; the versions in memory are read again after as long, whatever the
# generation says, should a change's move of it ever be lost.
LOCAL_ENTRIES = 500
LOCAL_TIMEOUT = 60
ORGANISATION = "organisation"  # the kernel's own version: the departments (core.actions)
# The request's attributes that say a view changed the Content-Security-Policy of its own
# response (django-csp's decorators) or made a nonce: such a response is not shared.
CSP_ATTRIBUTES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


# ---------------------------------------------------------------- versions


_versions: dict[str, Callable[[HttpRequest], object]] = {}


def register_version(name: str, version: Callable[[HttpRequest], object]) -> None:
    """Register `version(request)`: a value that changes whenever the content the public pages
    show from module `name` changes (called in the module's AppConfig.ready). It is called on
    every request the cache may answer, so it must be cheap; it may keep what it read on the
    request for the view to use again."""
    _versions[name] = version


class _Memory:
    """This process's versions and pages under one generation of the shared cache, replaced
    whole when the generation moves (threads read it without a lock; only the page map's
    changes take one)."""

    def __init__(self, generation: object, versions: list[str]):
        self.generation = generation
        self.versions = versions
        self.read_at = time.monotonic()
        self.pages: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            kept = self.pages.get(key)
            if kept is None or kept[0] < time.monotonic():
                return None
            self.pages.move_to_end(key)
            return kept[1]

    def put(self, key: str, frozen: tuple) -> None:
        with self.lock:
            self.pages[key] = (time.monotonic() + LOCAL_TIMEOUT, frozen)
            self.pages.move_to_end(key)
            while len(self.pages) > LOCAL_ENTRIES:
                self.pages.popitem(last=False)


_memory: _Memory | None = None


def generation() -> object:
    """The shared cache's generation, drawn anew when the cache does not hold it."""
    cache = caches[CACHE_ALIAS]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def memory(request: HttpRequest) -> _Memory:
    """The versions and pages in memory, current for this request (read once per request)."""
    global _memory
    known = getattr(request, "_gongkai_page_memory", None)
    if known is not None:
        return known
    now = generation()
    known = _memory
    if (
        known is None
        or now is None
        or known.generation != now
        or time.monotonic() - known.read_at > LOCAL_TIMEOUT
    ):
        # The generation is read before the versions: a change committed meanwhile moves it
        # again, so the next request reads them anew.
        read = [f"{name}={version(request)}" for name, version in sorted(_versions.items())]
        known = _memory = _Memory(now, read)
    request._gongkai_page_memory = known
    return known


def forget() -> None:
    """Drop this process's memory (tests that replace the shared cache)."""
    global _memory
    _memory = None


def versions(request: HttpRequest) -> list[str]:
    return memory(request).versions


def stored_version(name: str, read: Callable[[], object] | None = None) -> object:
    """The version `name` as kept in the page cache, so that a kept page is answered without
    the database. When the cache does not hold it (never set, culled, or expired), it is
    `read()`, the authoritative value (e.g. from the database), kept for MIRROR_TIMEOUT; or,
    without `read`, a new random value kept until `change_version`: pages are then rendered
    again, never answered from an older version."""
    cache = caches[CACHE_ALIAS]
    value = cache.get(VERSION_KEY + name)
    if value is None:
        if read is None:
            value, timeout = secrets.token_hex(8), None
        else:
            value, timeout = read(), MIRROR_TIMEOUT
        # add, not set: a writer's change_version that came first wins over this older read.
        if not cache.add(VERSION_KEY + name, value, timeout=timeout):
            value = cache.get(VERSION_KEY + name, value)
    return value


def change_version(name: str, value: object = None) -> None:
    """The content behind version `name` is changing in this transaction: its kept value is
    dropped now (requests meanwhile read the committed one again) and set to `value` (a new
    random one if None) once the transaction commits, so the next request sees the change.
    Should that last step fail (the cache unreachable), the failure is logged and the
    committed change stands; the version was dropped, so it is read or drawn anew and the
    change is seen all the same, at worst once what a request kept meanwhile expires."""
    cache = caches[CACHE_ALIAS]
    cache.delete(VERSION_KEY + name)
    # Moved now too: this transaction's own requests read the versions again and see it.
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    if value is None:
        value, timeout = secrets.token_hex(8), None
    else:
        timeout = MIRROR_TIMEOUT

    def publish():
        cache.set(VERSION_KEY + name, value, timeout=timeout)
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)  # after the version

    transaction.on_commit(publish, robust=True)


# ---------------------------------------------------------------- marking shared pages


def share(response: HttpResponse) -> HttpResponse:
    """Allow the cache to keep this response for every anonymous visitor."""
    setattr(response, SHARED, True)
    return response


def shared(view):
    """Decorator: the view's responses are the same for every anonymous visitor."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return share(view(request, *args, **kwargs))

    return wrapped


# ---------------------------------------------------------------- the cache


_release_key: str | None = None


def release_key() -> str:
    """The code and static files serving the pages: a new release or a new collectstatic (the
    pages name hashed static files) starts from an empty cache."""
    global _release_key
    if _release_key is None:
        from django.contrib.staticfiles.storage import staticfiles_storage

        manifest = getattr(staticfiles_storage, "manifest_hash", "")
        _release_key = f"{importlib.metadata.version('gongkai')}:{manifest}"
    return _release_key


def may_look_up(request: HttpRequest) -> bool:
    """Whether the cache may answer: an anonymous GET or HEAD of a public page.

    A session cookie (a signed-in member of staff, or anything kept for this visitor) or a
    messages cookie (a flash message waiting) means the page may be theirs alone. The check
    is on the cookie's presence, before any session is read."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and not is_staff_path(request.path_info)
    )


def key(request: HttpRequest) -> str | None:
    """The request's cache key, or None when its host is not allowed (the normal stack says so)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    mode = "e" if request.COOKIES.get(ELDERLY_COOKIE) == "1" else "n"
    parts = [
        release_key(),
        get_language_from_request(request),
        mode,
        *versions(request),
        request.scheme,
        host,
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    """A 200 the view marked shared, made without anything of this visitor's: no cookie set,
    no CSRF token used (a form with one is never shared), no flash message added, no CSP
    nonce or per-response policy, no Cache-Control forbidding it, no signed-in user."""
    if response.status_code != 200 or not getattr(response, SHARED, False):
        return False
    if response.streaming or response.cookies:
        return False
    meta = request.META
    if meta.get("CSRF_COOKIE_NEEDS_UPDATE") or meta.get("CSRF_COOKIE_USED"):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.added_new or len(messages)):
        return False
    if getattr(request, "_csp_nonce", None) is not None:
        return False
    if any(getattr(response, name, None) for name in CSP_ATTRIBUTES):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if "*" in response.get("Vary", ""):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def freeze(response: HttpResponse) -> tuple:
    """What is kept: status, headers (without the cache's own) and body."""
    headers = [(k, v) for k, v in response.headers.items() if k != HEADER]
    return (response.status_code, headers, response.content)


def thaw(request: HttpRequest, frozen: tuple) -> HttpResponse:
    """The kept response, or a 304 when the client's copy (ETag / Last-Modified) is current."""
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )


def get(request: HttpRequest, key: str):
    """The kept page: from this process's memory, else from the shared cache."""
    local = memory(request)
    kept = local.get(key)
    if kept is None:
        kept = caches[CACHE_ALIAS].get(key)
        if kept is not None:
            local.put(key, kept)
    return kept


def put(request: HttpRequest, key: str, response: HttpResponse) -> None:
    frozen = freeze(response)
    caches[CACHE_ALIAS].set(key, frozen, TIMEOUT)
    memory(request).put(key, frozen)


class PageFileCache(FileBasedCache):
    """Django's file cache, culling before one write in CULL_EVERY instead of before each."""

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()


def cache_settings(*, redis_url: str, data_dir) -> dict:
    """The `pages` alias: Redis when the installation has one, else files under the data
    directory (no extra service; a hit reads one small file)."""
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pages",
            "TIMEOUT": TIMEOUT,
        }
    return {
        "BACKEND": "gongkai.core.pagecache.PageFileCache",
        "LOCATION": str(data_dir / "pages"),
        "TIMEOUT": TIMEOUT,
        "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
    }
