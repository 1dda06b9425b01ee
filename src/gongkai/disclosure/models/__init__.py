"""依申请公开: disclosure requests, their clock events and documents, reviews, annual reports.

Counting for the annual report (report.py) reads only these fields:
- `received_on`: the Art. 31 receipt date of the original application (a correction does
  not move it); a request is "new" in the year of this date;
- `finished_on` with `outcome`: the day the request was answered or closed; a request is
  "carried into next year" when it was received by 31 December and not finished by then.
"""

from gongkai.disclosure.models.agency import AnnualReport, DisclosureOffice, NoticeTemplate
from gongkai.disclosure.models.handling import Consultation, ProcessingFee, ReviewCase
from gongkai.disclosure.models.requests import (
    DisclosureRequest,
    RequestCounter,
    RequestDocument,
    RequestEvent,
)

__all__ = [
    "AnnualReport",
    "Consultation",
    "DisclosureOffice",
    "DisclosureRequest",
    "NoticeTemplate",
    "ProcessingFee",
    "RequestCounter",
    "RequestDocument",
    "RequestEvent",
    "ReviewCase",
]
