"""Request-wide security plumbing: the client address for the audit log, no caching of staff pages."""

from __future__ import annotations

from django.conf import settings

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
