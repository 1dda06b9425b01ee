"""Every state change of 政民互动: one function each, in a transaction, with its audit event.

The letter parts: `intake` (writing in, finding a letter by number and code), `routing`
(triage: accept, return, transfer, reassign, merge, close; the extension), `replies` (draft,
review at one or two levels, send), `writer` (rating, asking to handle again), `publication`
(the masked texts on the public pages) and `reveal` (the writer's data in full, audited).
Callers use this package: `from gongkai.letters import actions; actions.accept_letter(...)`.
"""

from gongkai.letters.actions.intake import LetterData, check_letter, find_letter, write_letter
from gongkai.letters.actions.publication import (
    publish_letter,
    suggested_public_texts,
    unpublish_letter,
)
from gongkai.letters.actions.replies import review_draft, save_draft, submit_draft
from gongkai.letters.actions.reveal import may_reveal, reveal_writer
from gongkai.letters.actions.routing import (
    accept_letter,
    close_letter,
    decide_extension,
    extension_pending,
    merge_letter,
    reassign_letter,
    request_extension,
    return_letter,
    transfer_letter,
)
from gongkai.letters.actions.writer import rate_reply, reopen_letter

__all__ = [
    "LetterData",
    "accept_letter",
    "check_letter",
    "close_letter",
    "decide_extension",
    "extension_pending",
    "find_letter",
    "may_reveal",
    "merge_letter",
    "publish_letter",
    "rate_reply",
    "reassign_letter",
    "reopen_letter",
    "request_extension",
    "return_letter",
    "review_draft",
    "reveal_writer",
    "save_draft",
    "submit_draft",
    "suggested_public_texts",
    "transfer_letter",
    "unpublish_letter",
    "write_letter",
]

# The message board's actions (board.py) and the consultations' (consultations.py) are
# re-exported below by their owners.
from gongkai.letters.actions.board import (  # noqa: E402  (the board's part, see above)
    add_blocked_word,
    moderate_post,
    remove_blocked_word,
    report_post,
    review_hidden,
    submit_post,
)

__all__ += [
    "add_blocked_word",
    "moderate_post",
    "remove_blocked_word",
    "report_post",
    "review_hidden",
    "submit_post",
]

from gongkai.letters.actions.consultations import (  # noqa: E402  (the consultations' part)
    create_consultation,
    link_final_policy,
    moderate_comment,
    publish_consultation,
    publish_feedback,
    respond_to_comment,
    submit_comment,
    update_consultation,
)

__all__ += [
    "create_consultation",
    "link_final_policy",
    "moderate_comment",
    "publish_consultation",
    "publish_feedback",
    "respond_to_comment",
    "submit_comment",
    "update_consultation",
]

from gongkai.letters.actions.mailboxes import (  # noqa: E402  (the mailboxes' part)
    create_mailbox,
    set_mailbox_active,
    update_mailbox,
)

__all__ += ["create_mailbox", "set_mailbox_active", "update_mailbox"]
