from django.conf import settings
from django.urls import get_script_prefix

from gongkai.core import navigation

ELDERLY_COOKIE = "gk_elderly"


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "require_2fa": settings.REQUIRE_2FA,
        "elderly_mode": request.COOKIES.get(ELDERLY_COOKIE) == "1",
        # The site's root, which every breadcrumb starts from, whichever module draws it.
        "home_url": get_script_prefix(),
    }


def menus(request):
    """The registered menus, computed only if a template reads them (callables are lazy)."""
    return {
        "public_menu": lambda: navigation.menu("public", request),
        "staff_menu": lambda: navigation.menu("staff", request),
    }
