"""Every state change of 政务服务: one function each, in a transaction, with its audit event.

The parts: catalogue (items and their versions), catalogue_import (the XLSX catalogue),
powers (the 职权目录), inquiries (首问负责), intake and cases (a case from intake to delivery).
The case and 首问 actions are re-exported here: `from gongkai.services import actions`.
"""

from gongkai.services.actions.cases import (
    ApplicantData,
    MaterialSubmission,
    accept_case,
    assign_case,
    check_applicant,
    close_case,
    decide_case,
    deliver_case,
    end_special_procedure,
    extend_case,
    find_case,
    refuse_case,
    register_at_window,
    review_case,
    send_one_time_notice,
    start_special_procedure,
    submit_online,
    supply_materials,
)
from gongkai.services.actions.inquiries import close_inquiry, hand_over_inquiry, record_inquiry

__all__ = [
    "ApplicantData",
    "MaterialSubmission",
    "accept_case",
    "assign_case",
    "check_applicant",
    "close_case",
    "close_inquiry",
    "decide_case",
    "deliver_case",
    "end_special_procedure",
    "extend_case",
    "find_case",
    "hand_over_inquiry",
    "record_inquiry",
    "refuse_case",
    "register_at_window",
    "review_case",
    "send_one_time_notice",
    "start_special_procedure",
    "submit_online",
    "supply_materials",
]
