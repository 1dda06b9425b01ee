"""What 依申请公开 takes over from the public's other channels (core.transfers): a submission
that is really a request for government information becomes a request here.

It is addressed to the county's people's government (本级政府), as the public form suggests:
its disclosure office handles it, and forwards it or answers under Art. 36 (五) when another
agency holds the information.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai.core import transfers
from gongkai.disclosure import actions, permissions

NAME = "disclosure.request"


def receive(*, actor, submission: transfers.Submission) -> str:
    """The new request's number, for the handing channel to record and show its writer."""
    request = actions.receive_transfer(
        actor=actor,
        department=permissions.government(),
        name=submission.name,
        phone=submission.phone,
        text=submission.text,
        received_on=submission.received_on,
        origin=submission.origin,
        code_hash=submission.query_code_hash,
    )
    return request.number


def register() -> None:
    transfers.register_receiver(NAME, gettext_lazy("政府信息公开申请"), receive)
