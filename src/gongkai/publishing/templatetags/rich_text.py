"""Showing a stored rich-text body (already sanitised when it was saved)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gongkai.publishing.html import for_display

register = template.Library()


@register.filter
def rich_body(value: str) -> str:
    """`publishing.html.sanitise` cleaned the body when it was saved: it is shown as HTML, its
    tables each in a box that scrolls sideways."""
    return mark_safe(for_display(value, _("表格（可左右滚动）")))  # noqa: S308 - sanitised on save
