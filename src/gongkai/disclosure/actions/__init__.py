"""Every write in 依申请公开: one function each, in a transaction, with its audit event.

The clock (条例 Art. 30-33) is the core `Clock`; nothing here adds days to dates itself:
- receipt: the reply clock starts, REPLY_DAYS working days after `received_on` (Art. 33), and
  the correction-notice clock, CORRECTION_NOTICE_DAYS (Art. 30);
- correction notice: the reply clock is paused while the applicant corrects; the corrected
  application restarts the whole period from the day it arrives (Art. 30); a deadline that
  passes uncorrected closes the request under 六.1 (`close_uncorrected`, run daily);
- consultation of a third party (Art. 32) or another agency (Art. 34): the reply clock
  pauses on the day the letter goes out and counts again from the day after the opinion (or
  the end of the opinion period) arrives; the opinion period is its own clock, 15 working
  days from the day the party receives the letter;
- extension: once, at most EXTENSION_MAX_DAYS, approved by the head of the disclosure office
  within the reply period;
- Art. 35: reasons found reasonable for requests beyond a reasonable range move the reply
  date to a later working day, told to the applicant within the period;
- the reply date is the day the reply is sent (after its 保密审查 where required);
- fee notice (国办函〔2020〕109号 Art. 6): the reply clock pauses on the day it is sent and
  counts again from the day after payment; unpaid 20 working days after the applicant
  received it, the request closes under 六.2 (`close_unpaid`, run daily).

The actions live by job: `intake` (submitting, registering, finding, assigning, identity),
`handling` (correction, extension), `reviews` (行政复议/行政诉讼, with or without a
request), `consultation` (letters, delivery, opinions, the notice to a third party
disclosed over), `fees` (counting, splitting, the fee notice,
payment, waiver, closing unpaid), `reply` (the reply drafted, then sent; its delivery; the
notice templates), `secrecy` (the 保密审查 of a reply that releases information, Art. 17),
`reasons` (Art. 35: asking for reasons, a later reply date), `offices` (who handles an
agency's requests, Art. 4) and `annual_report` (saving the report's text and figures, and
publishing it in the 年报 column). Callers use this package: `actions.send_reply(...)`.
"""

from gongkai.disclosure.actions._shared import OPEN_STATES
from gongkai.disclosure.actions.annual_report import publish_annual_report, save_annual_report
from gongkai.disclosure.actions.consultation import (
    deem_silent_agencies_consenting,
    end_consultation,
    notify_third_party,
    record_consultation_delivery,
    require_third_party_notice,
    save_letter_template,
    start_consultation,
)
from gongkai.disclosure.actions.fees import (
    close_all_unpaid,
    close_unpaid,
    fee_quote,
    nth_application_this_month,
    record_fee_notice_received,
    record_fee_payment,
    send_fee_notice,
    split_application,
    waive_fee,
)
from gongkai.disclosure.actions.handling import (
    awaits_correction,
    close_all_uncorrected,
    close_uncorrected,
    correction_notice_due,
    extend,
    receive_correction,
    reply_period_over,
    request_correction,
)
from gongkai.disclosure.actions.intake import (
    NUMBER_FORMAT,
    ApplicationData,
    assign_handler,
    check_application,
    find_request,
    new_query_code,
    open_id_scan,
    receive_transfer,
    record_refused_identity_view,
    reveal_identity,
    submit_application,
)
from gongkai.disclosure.actions.offices import set_disclosure_office
from gongkai.disclosure.actions.reasons import delay_reply, request_reasons
from gongkai.disclosure.actions.reply import (
    ReplyData,
    draft_reply,
    has_draft,
    record_delivery,
    save_notice_template,
    send_reply,
)
from gongkai.disclosure.actions.reviews import (
    add_review_case,
    conclude_review_case,
    record_review_case,
)
from gongkai.disclosure.actions.secrecy import (
    awaits_secrecy_review,
    needs_secrecy_review,
    review_secrecy,
)

__all__ = [
    "NUMBER_FORMAT",
    "OPEN_STATES",
    "ApplicationData",
    "ReplyData",
    "add_review_case",
    "assign_handler",
    "awaits_correction",
    "check_application",
    "close_all_uncorrected",
    "close_all_unpaid",
    "close_uncorrected",
    "close_unpaid",
    "conclude_review_case",
    "correction_notice_due",
    "deem_silent_agencies_consenting",
    "end_consultation",
    "extend",
    "fee_quote",
    "find_request",
    "new_query_code",
    "notify_third_party",
    "nth_application_this_month",
    "open_id_scan",
    "receive_correction",
    "record_consultation_delivery",
    "record_delivery",
    "record_fee_notice_received",
    "record_fee_payment",
    "receive_transfer",
    "record_refused_identity_view",
    "record_review_case",
    "delay_reply",
    "draft_reply",
    "has_draft",
    "request_reasons",
    "review_secrecy",
    "awaits_secrecy_review",
    "needs_secrecy_review",
    "send_reply",
    "reply_period_over",
    "request_correction",
    "require_third_party_notice",
    "reveal_identity",
    "publish_annual_report",
    "save_annual_report",
    "save_letter_template",
    "save_notice_template",
    "send_fee_notice",
    "set_disclosure_office",
    "split_application",
    "start_consultation",
    "submit_application",
    "waive_fee",
]
