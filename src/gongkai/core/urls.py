"""How modules mount their pages: each app's `urls.py` holds its public and staff patterns.

The project's root URLconf includes the `urls` module of every app whose AppConfig sets
`mount_urls = True`; a module's staff pages go under `settings.STAFF_URL_PREFIX` (the staff
shell's prefix) in the nested namespace "<app>:staff", so the shell lists none of them.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.urls import include, path


def staff(route: str, patterns: list) -> object:
    """Mount a module's staff `patterns` at STAFF_URL_PREFIX + `route`, namespace "staff"."""
    return path(f"{settings.STAFF_URL_PREFIX}{route}", include((patterns, "staff")))


def module_urls() -> list:
    """The `urls` module of every app that mounts its own (in INSTALLED_APPS order)."""
    return [
        path("", include(f"{config.name}.urls"))
        for config in apps.get_app_configs()
        if getattr(config, "mount_urls", False)
    ]


def is_staff_path(path_info: str) -> bool:
    return path_info.startswith((f"/{settings.STAFF_URL_PREFIX}", "/admin/"))
