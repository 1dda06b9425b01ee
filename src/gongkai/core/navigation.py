"""Menus: each module registers its entries; the layouts render what is registered.

`area` is "staff" (the staff pages' menu), "public" (the public site's main navigation) or
OPEN_CATALOGUE (the catalogues a module keeps that the 政府信息公开 page lists among the
法定主动公开内容, e.g. a catalogue of powers under 条例 Art. 20 (二), (五)). An
entry is current when the page's view name starts with `match` (a namespace such as
"<app>:staff:") or equals it, so a module's pages light up its own entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse

OPEN_CATALOGUE = "open_catalogue"


@dataclass(frozen=True)
class MenuEntry:
    area: str
    label: str
    url_name: str
    order: int = 50
    match: tuple[str, ...] = ()
    visible: Callable[[object], bool] | None = None  # user -> bool; None: everyone


_entries: list[MenuEntry] = []


def register(entry: MenuEntry) -> MenuEntry:
    if any(e.area == entry.area and e.url_name == entry.url_name for e in _entries):
        return entry  # ready() may run twice in tests; one entry per page
    _entries.append(entry)
    _entries.sort(key=lambda e: (e.order, e.url_name))
    return entry


def menu(area: str, request) -> list[dict]:
    """The entries of `area` the request's user may see, each with its URL and whether current."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    items = []
    for entry in _entries:
        if entry.area != area or (entry.visible is not None and not entry.visible(user)):
            continue
        patterns = entry.match or (entry.url_name,)
        current = any(
            view_name == p or (p.endswith(":") and view_name.startswith(p)) for p in patterns
        )
        items.append({"label": entry.label, "url": _url(entry.url_name), "current": current})
    return items


@lru_cache(maxsize=256)
def _reversed(url_name: str, prefix: str) -> str:
    return reverse(url_name)


def _url(url_name: str) -> str:
    # Every page draws a menu: its addresses are worked out once per process, not per page.
    return _reversed(url_name, get_script_prefix())
