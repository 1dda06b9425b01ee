"""Documents one module makes and another publishes, without an import between them.

A module that publishes (政务公开) registers a publisher; a module that makes a document
to be published (the 政府信息公开工作年度报告, 条例 Art. 49) asks core to publish it. The
publisher puts the document where its kind belongs (the 政府信息公开年报 column for
"annual_report"), as a draft sent to the column's normal review: nothing goes public
without the reviewers of the module that publishes it.

The caller has checked that its actor may release the document; the publisher decides
where it goes and how it is reviewed. Sending again with `replaces` (the reference an
earlier call returned) makes a new version of the same item, whose earlier review stops. A
refusal (no column for the kind, personal information found) is `core.errors.InvalidInput`
with a message for the user; no publisher registered is `NoPublisher`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ANNUAL_REPORT = "annual_report"  # 政府信息公开工作年度报告 (条例 Art. 49, 50)


@dataclass(frozen=True)
class Document:
    """What a module hands over: one document of `kind` by `department`."""

    kind: str
    department: object  # core.models.Department: the agency the document is of
    title: str
    body: str  # plain text, paragraphs separated by blank lines or newlines
    attachment_name: str
    attachment: bytes  # the document itself (a PDF), stored by the publisher
    replaces: str = ""  # a reference returned earlier: a new version of that item


@dataclass(frozen=True)
class Publication:
    """Where the document went: the publisher's reference, and its staff page."""

    reference: str
    url: str
    place: str  # the column's name, for the user


class NoPublisher(Exception):
    """No module that publishes is installed."""


Publisher = Callable[..., Publication]
_publishers: list[Publisher] = []


def register_publisher(publisher: Publisher) -> None:
    """`publisher(document, *, actor) -> Publication`: one module publishes documents."""
    if publisher not in _publishers:
        _publishers.append(publisher)


def can_publish() -> bool:
    return bool(_publishers)


def publish_document(
    *,
    kind: str,
    department,
    title: str,
    body: str,
    attachment_name: str,
    attachment: bytes,
    actor,
    replaces: str = "",
) -> Publication:
    """Send a document to the registered publisher, which puts it into review."""
    if not _publishers:
        raise NoPublisher(kind)
    document = Document(
        kind=kind,
        department=department,
        title=title,
        body=body,
        attachment_name=attachment_name,
        attachment=attachment,
        replaces=replaces,
    )
    return _publishers[0](document, actor=actor)
