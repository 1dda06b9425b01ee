from django.conf import settings

ELDERLY_COOKIE = "gk_elderly"


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "demo_mode": settings.DEMO_MODE,
        "require_2fa": settings.REQUIRE_2FA,
        "elderly_mode": request.COOKIES.get(ELDERLY_COOKIE) == "1",
    }
