"""The staff session's idle timeout, as the page's warning script needs it (gongkai/session.js)."""

from __future__ import annotations

from math import ceil

from django import template
from django.conf import settings

register = template.Library()

# How long before the idle timeout the page warns: time to finish a sentence and choose.
WARN_SECONDS = 5 * 60


@register.simple_tag
def session_timing() -> dict:
    """The session's idle seconds, when to warn (never earlier than half-way through a very
    short session) and that lead in whole minutes, for the warning's text."""
    seconds = int(settings.SESSION_COOKIE_AGE)
    warn = min(WARN_SECONDS, seconds // 2)
    return {"seconds": seconds, "warn_seconds": warn, "warn_minutes": max(1, ceil(warn / 60))}
