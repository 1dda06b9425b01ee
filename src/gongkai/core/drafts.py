"""What a form held when it was posted after the staff session had ended (会话过期后保留的填写内容).

Such a post reaches the sign-in page instead of its view. Its text fields (never files,
passwords or codes) are kept in the cache under a random token that travels in `next`
through sign-in; the page the form lives on then shows them again, for the person to check
and send themselves. A kept post is never executed.

Whose text it is: the session is gone, so the browser's CSRF cookie says. Django gives the
browser a new CSRF secret at every sign-in; `remember_owner` records whose sign-in made the
one it holds, a post is kept only for that user, and only that user gets it back, once.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.http import QueryDict
from django.utils.translation import gettext as _

PARAM = "draft"
# A clerk may sign in again after lunch; by the next day the text is not waited for.
DRAFT_SECONDS = 8 * 3600
# A tab left open over a long weekend still finds whose it is.
OWNER_SECONDS = 4 * 24 * 3600
# Field names never kept: the CSRF token, passwords, one-time codes, secrets.
_NEVER_KEPT = re.compile(r"csrf|passw|token|otp|secret", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _owner_key(request) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    # The secret itself is never stored, only its digest.
    return "gk-draft-owner:" + hashlib.sha256(secret.encode()).hexdigest()


def _draft_key(token: str) -> str:
    return f"gk-draft:{token}"


def remember_owner(request, user) -> None:
    """At sign-in, after Django has given the browser its new CSRF secret: posts that carry
    it are `user`'s."""
    key = _owner_key(request)
    if key is not None:
        cache.set(key, user.pk, OWNER_SECONDS)


def forget_owner(request) -> None:
    """At sign-out: a post from this browser is nobody's any more."""
    key = _owner_key(request)
    if key is not None:
        cache.delete(key)


def stash(request) -> str | None:
    """Keep the text of a post that arrived without a session; its token, or None when
    nothing was typed or no sign-in of this browser is known."""
    key = _owner_key(request)
    owner = cache.get(key) if key is not None else None
    if owner is None:
        return None
    fields = [
        (name, values) for name, values in request.POST.lists() if not _NEVER_KEPT.search(name)
    ]
    if not any(value.strip() for _name, values in fields for value in values):
        return None
    token = secrets.token_urlsafe(24)
    draft = {"user": owner, "path": request.path, "fields": fields, "files": bool(request.FILES)}
    cache.set(_draft_key(token), draft, DRAFT_SECONDS)
    return token


def peek(request) -> dict | None:
    """The kept post the query string names, if it is the signed-in user's: its `path` (where
    it was posted) and its fields."""
    token = request.GET.get(PARAM, "")
    if not _TOKEN.fullmatch(token) or not request.user.is_authenticated:
        return None
    draft = cache.get(_draft_key(token))
    if draft is None or draft["user"] != request.user.pk:
        return None
    return draft


def take(request, path: str | None = None) -> QueryDict | None:
    """The fields kept from a post to `path` (this page by default), for this user, once;
    the page says they are back. Only ever on GET: a kept post is shown, never acted on."""
    if request.method != "GET":
        return None
    draft = peek(request)
    if draft is None or draft["path"] != (path or request.path):
        return None
    cache.delete(_draft_key(request.GET[PARAM]))
    if draft["files"]:
        notice = _("会话已过期，您填写的内容已保留，请核对后重新提交。所附文件需重新选择。")
    else:
        notice = _("会话已过期，您填写的内容已保留，请核对后重新提交。")
    messages.warning(request, notice)
    data = QueryDict(mutable=True)
    for name, values in draft["fields"]:
        data.setlist(name, values)
    data._mutable = False
    return data
