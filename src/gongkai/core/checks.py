"""System checks: `gongkai check --deploy` refuses what would be unsafe in production."""

import hashlib

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_keys(app_configs, **kwargs):
    problems = []
    if settings.LOCAL_KEYS_IN_USE:
        problems.append(
            Warning(
                "GONGKAI_SECRET_KEY and GONGKAI_DATA_KEY are not both set: keys generated on this "
                "machine (DATA_DIR/local-keys.json) are in use.",
                hint="Set both from your secret store (see README, Configuration).",
                id="gongkai.W001",
            )
        )
    if settings.DEMO_MODE:
        problems.append(
            Warning(
                "Demo mode is on: second factor is off for staff.",
                hint="Unset GONGKAI_DEMO.",
                id="gongkai.W002",
            )
        )
    return problems


@register()
def check_sm3(app_configs, **kwargs):
    try:
        hashlib.new("sm3")
    except ValueError:
        return [
            Error(
                "This Python's OpenSSL has no SM3 (GB/T 32905).",
                hint="Use OpenSSL 3.",
                id="gongkai.E001",
            )
        ]
    return []
