"""Rate limits on the public forms that guessing or flooding could abuse (django-ratelimit),
counted per client address, so that every module counts the same way."""

from __future__ import annotations

import ipaddress

from django_ratelimit.core import get_usage, is_ratelimited

from gongkai.core.middleware import client_ip


def client_key(group, request) -> str:
    """The rate-limit key: the client address (behind the proxy, the one it saw); IPv6 by /64,
    since one subscriber usually holds a whole /64."""
    address = client_ip(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def limited(request, group: str, rate: str, *, increment: bool) -> bool:
    """Whether this address has gone over `rate` in `group` (counting this request if
    `increment`)."""
    return is_ratelimited(request, group=group, key=client_key, rate=rate, increment=increment)


def used_up(request, group: str, rate: str) -> bool:
    """Whether the next counted request in `group` would go over `rate`, without counting."""
    usage = get_usage(request, group=group, key=client_key, rate=rate)
    return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])
