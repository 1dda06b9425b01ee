"""Every write in 依申请公开: one function each, in a transaction, with its audit event.

The clock (条例 Art. 30-33) is the core `Clock`; nothing here adds days to dates itself:
- receipt: the reply clock starts, REPLY_DAYS working days after `received_on` (Art. 33), and
  the correction-notice clock, CORRECTION_NOTICE_DAYS (Art. 30);
- correction notice: the reply clock is paused while the applicant corrects; the corrected
  application restarts the whole period from the day it arrives (Art. 30); a deadline that
  passes uncorrected closes the request under 六.1 (`close_uncorrected`, run daily);
- consultation of a third party (Art. 32) or another agency (Art. 34): the reply clock
  pauses on the day the letter goes out and counts again from the day after the opinion (or
  the end of the opinion period) arrives; the opinion period is its own clock;
- extension: once, at most EXTENSION_MAX_DAYS, approved by the head of the disclosure office.

The actions live by job: `intake` (submitting, registering, finding, assigning, identity),
`handling` (correction, consultation, extension, reviews), `reply` (the reply, its delivery,
the notice templates) and `annual_report` (saving the report's text and figures). Callers use
this package: `actions.reply(...)`.
"""

from gongkai.disclosure.actions._shared import OPEN_STATES
from gongkai.disclosure.actions.annual_report import save_annual_report
from gongkai.disclosure.actions.handling import (
    add_review_case,
    close_all_uncorrected,
    close_uncorrected,
    conclude_review_case,
    end_consultation,
    extend,
    receive_correction,
    request_correction,
    start_consultation,
)
from gongkai.disclosure.actions.intake import (
    NUMBER_FORMAT,
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    ApplicationData,
    assign_handler,
    check_application,
    find_request,
    new_query_code,
    open_id_scan,
    record_refused_identity_view,
    reveal_identity,
    submit_application,
)
from gongkai.disclosure.actions.reply import (
    ReplyData,
    nth_application_this_month,
    record_delivery,
    reply,
    save_notice_template,
)

__all__ = [
    "NUMBER_FORMAT",
    "OPEN_STATES",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "ApplicationData",
    "ReplyData",
    "add_review_case",
    "assign_handler",
    "check_application",
    "close_all_uncorrected",
    "close_uncorrected",
    "conclude_review_case",
    "end_consultation",
    "extend",
    "find_request",
    "new_query_code",
    "nth_application_this_month",
    "open_id_scan",
    "receive_correction",
    "record_delivery",
    "record_refused_identity_view",
    "reply",
    "request_correction",
    "reveal_identity",
    "save_annual_report",
    "save_notice_template",
    "start_consultation",
    "submit_application",
]
