"""Request-wide plumbing: the client address for the audit log, no caching of staff pages,
anonymous public pages from the page cache."""

from __future__ import annotations

from django.conf import settings

from gongkai.core import pagecache
from gongkai.core.audit import current_ip
from gongkai.core.urls import is_staff_path


def client_ip(request) -> str | None:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The proxy appends the address it saw: the last entry is the one we can trust.
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class StaffSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            current_ip.reset(token)
        if is_staff_path(request.path_info):
            response["Cache-Control"] = "private, no-store"
        return response


class PageCacheMiddleware:
    """Answers an anonymous GET of a shared public page from the page cache (core.pagecache).

    It sits inside the middleware that adds the security headers (they apply to a kept page
    too) and outside the Content-Security-Policy's, whose header is kept with the page (a page
    whose policy carries a nonce is never kept); before sessions, language, CSRF, users and
    messages, which a kept anonymous page does not need. Every GET or HEAD answer says in
    X-Cache whether it came from the cache (hit), was looked for (miss) or could not be
    (bypass: signed in, a session or flash message, a staff page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = pagecache.key(request) if pagecache.may_look_up(request) else None
        if key is None:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                response[pagecache.HEADER] = "bypass"
            return response
        kept = pagecache.get(request, key)
        if kept is not None:
            response = pagecache.thaw(request, kept)
            response[pagecache.HEADER] = "hit"
            return response
        response = self.get_response(request)
        if pagecache.may_store(request, response):
            pagecache.put(request, key, response)
        response[pagecache.HEADER] = "miss"
        return response
