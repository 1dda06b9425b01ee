"""A reply as the workbench makes it: drafted by the officer, reviewed by the head of the
disclosure office where it releases information (保密审查, 条例 Art. 17), then sent.

For tests about something else than the reply's own steps (test_disclosure_replies.py and
test_secrecy_review.py test those): one call stands for the three steps."""

from __future__ import annotations

from datetime import date

from gongkai.core.models import User
from gongkai.disclosure import actions

REVIEWER = "disclosure_head"  # holds the default 保密审查 role (DISCLOSURE_SECRECY_REVIEW_ROLE)
OPINION = "经审查，拟公开的信息不涉及国家秘密、商业秘密、个人隐私，同意公开。"


def review(request, on: date, reviewer: str = REVIEWER):
    """The head agrees to the draft, if it releases information."""
    if actions.needs_secrecy_review(request):
        actions.review_secrecy(
            actor=User.objects.get(username=reviewer),
            request=request,
            agreed=True,
            opinion=OPINION,
            on=on,
        )


def reply(*, actor, request, data, on: date, attachments=()):
    """Draft, review where required, and send on `on`: the reply notice."""
    drafted = actions.draft_reply(actor=actor, request=request, data=data, attachments=attachments)
    review(drafted, on)
    return actions.send_reply(actor=actor, request=drafted, on=on)


def post_reply(client, request_url: str, data: dict):
    """Through the workbench: the draft posted (its response returned if refused), the head's
    review where required, then the reply sent on `data["on"]`; the last response."""
    from gongkai.disclosure.models import DisclosureRequest

    drafted = client.post(request_url + "reply/", data)
    if drafted.status_code != 302:
        return drafted
    pk = int(request_url.rstrip("/").rsplit("/", 1)[1])
    on = date.fromisoformat(data["on"])
    review(DisclosureRequest.objects.get(pk=pk), on)
    return client.post(request_url + "reply/send/", {"on": data["on"]})


def applicant_view(request, code: str) -> tuple[str, dict[str, str]]:
    """What the applicant sees with their query code: the status page, and the text of every
    document it offers for download (by file name)."""
    import io
    import re

    from django.test import Client
    from pypdf import PdfReader

    client = Client()
    client.post("/ysqgk/track/", {"number": request.number, "code": code})
    status = client.get(f"/ysqgk/track/{request.number}/")
    assert status.status_code == 200
    html = status.content.decode()
    texts = {}
    for href, name in re.findall(
        r'<a href="(/ysqgk/track/[^"]+/documents/\d+/)">([^<]+)</a>', html
    ):
        response = client.get(href)
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        if content.startswith(b"%PDF"):
            reader = PdfReader(io.BytesIO(content))
            texts[name] = "".join("".join(p.extract_text().split()) for p in reader.pages)
        else:
            texts[name] = ""
    return html, texts
