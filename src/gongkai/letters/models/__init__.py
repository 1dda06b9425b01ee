from gongkai.letters.models.board import BlockedWord, Post, PostReport
from gongkai.letters.models.consultations import Comment, Consultation
from gongkai.letters.models.letters import (
    Letter,
    LetterAttachment,
    LetterCounter,
    LetterStep,
    Mailbox,
    ReplyDraft,
    ReplyReview,
)

__all__ = [
    "BlockedWord",
    "Comment",
    "Consultation",
    "Letter",
    "LetterAttachment",
    "LetterCounter",
    "LetterStep",
    "Mailbox",
    "Post",
    "PostReport",
    "ReplyDraft",
    "ReplyReview",
]
