"""View decorators every staff page uses, whichever module it belongs to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.translation import gettext as _

from gongkai.core import drafts, permissions


def staff_required(view):
    """Logged in (with the second factor outside demo mode) and holding at least one role.

    Anyone else goes to `settings.LOGIN_URL`, the one staff login. A form posted there after
    the session ended keeps its text on the way (core.drafts) if its view shows it again.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return _to_login(request, view)
        if settings.REQUIRE_2FA and not user.is_verified():
            response = _to_login(request, view)
            logout(request)
            return response
        if not permissions.is_staff_member(user):
            raise PermissionDenied(_("您的账号没有任何岗位，不能使用工作台。请联系系统管理员。"))
        if request.method == "GET" and drafts.PARAM in request.GET:
            restored = _restore_for_action(request)
            if restored is not None:
                return restored
        return view(request, *args, **kwargs)

    return wrapper


def action_view(object_page: Callable[..., str], *, restore: Callable | None = None):
    """For a view that acts only on POST: `object_page(**url_kwargs)` is the address of the
    page its form is on.

    A GET or HEAD of the action's address has nothing to show and goes there (the query string
    kept: it names the object where the URL does not); so does a sign-in on its way to it
    (`object_page_for`). With `restore(request, data, **url_kwargs)`, which answers that page
    with the action's form bound to `data` and saves nothing, a post that arrives after the
    session ended keeps its text and the page shows it again after sign-in.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return redirect(_with_query(object_page(**kwargs), request.GET.urlencode()))
            if request.method != "POST":
                return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
            return view(request, *args, **kwargs)

        wrapper.object_page = object_page
        wrapper.restore_draft = restore
        wrapper.keeps_drafts = restore is not None
        return wrapper

    return decorate


def keeps_drafts(view):
    """For a page whose form posts to itself: a post that arrives after the session ended keeps
    its text, which the view binds on GET with `drafts.take(request)`."""
    view.keeps_drafts = True
    return view


def object_page_for(url: str) -> str:
    """Where a sign-in on its way to `url` (a path on this site) goes: for an action's address,
    the page its form is on; otherwise `url` itself."""
    parts = urlsplit(url)
    match = _resolve(parts.path)
    object_page = getattr(match.func, "object_page", None) if match else None
    if object_page is None:
        return url
    return _with_query(object_page(**match.kwargs), parts.query)


def _to_login(request, view):
    next_url = request.get_full_path()
    if request.method == "POST" and getattr(view, "keeps_drafts", False):
        token = drafts.stash(request)
        if token is not None:
            next_url = _with_query(next_url, urlencode({drafts.PARAM: token}))
    return redirect_to_login(next_url)


def _restore_for_action(request):
    """This page with the form of the action whose post was kept, when it was posted to an
    action whose page this is; None otherwise (a page that takes its own drafts does so)."""
    draft = drafts.peek(request)
    if draft is None or draft["path"] == request.path:
        return None
    match = _resolve(draft["path"])
    restore = getattr(match.func, "restore_draft", None) if match else None
    if restore is None or urlsplit(match.func.object_page(**match.kwargs)).path != request.path:
        return None
    data = drafts.take(request, draft["path"])
    return None if data is None else restore(request, data, **match.kwargs)


def _resolve(path: str):
    """The URL match of a path as links write it (with the script prefix), or None."""
    prefix = get_script_prefix()
    if not path.startswith(prefix):
        return None
    try:
        return resolve("/" + path[len(prefix) :])
    except Resolver404:
        return None


def _with_query(url: str, query: str) -> str:
    """`url` with the parameters of `query` added to its own."""
    if not query:
        return url
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True) + parse_qsl(
        query, keep_blank_values=True
    )
    return parts._replace(query=urlencode(params)).geturl()
