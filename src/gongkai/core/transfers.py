"""Hand-overs between the public's channels without imports between modules: a module that
can take over a submission made elsewhere (e.g. a letter that is really a request for
information) registers a receiver in its AppConfig's `ready()`; the module handing over asks
for it by name and records the reference it returns.

`receive(actor=..., submission=Submission)` makes the new item in the receiving module, in the
caller's transaction, and returns its reference (a number the writer can quote).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Submission:
    """What the public wrote, as the receiving channel needs it."""

    name: str
    phone: str
    text: str  # what is asked, in the writer's words
    received_on: date  # when the writer submitted it: the receiving clock may start there
    origin: str  # where it came from, for the record (e.g. "来信 X2025000123")
    # The stored hash of the query code the writer already holds (core.query_codes): the
    # receiving channel may let it open the new item too, so one code follows both.
    query_code_hash: str = ""


@dataclass(frozen=True)
class Receiver:
    name: str
    label: str
    receive: Callable[..., str]


_receivers: dict[str, Receiver] = {}


def register_receiver(name: str, label, receive: Callable[..., str]) -> None:
    """Register a channel that takes over submissions (idempotent for the same name)."""
    _receivers[name] = Receiver(name, label, receive)


def receiver(name: str) -> Receiver | None:
    return _receivers.get(name)
