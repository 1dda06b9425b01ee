"""Information processing fees (Art. 42, 国办函〔2020〕109号): one method per application."""

from __future__ import annotations

from gongkai.disclosure.rules import (
    APPLICATION_FEE_BAND_SIZE,
    APPLICATION_FEE_STEP,
    FIRST_FEE_BAND_END,
    FREE_APPLICATIONS_PER_MONTH,
    PAGE_FEE_BANDS,
    FeeMethod,
)


def per_application_fee(nth_this_month: int) -> int:
    """Yuan for an applicant's `nth_this_month` application (1-based) in a calendar month."""
    if nth_this_month < 1:
        raise ValueError("nth_this_month starts at 1")
    if nth_this_month <= FREE_APPLICATIONS_PER_MONTH:
        return 0
    if nth_this_month <= FIRST_FEE_BAND_END:
        return APPLICATION_FEE_STEP
    bands_beyond = -(-(nth_this_month - FIRST_FEE_BAND_END) // APPLICATION_FEE_BAND_SIZE)
    return APPLICATION_FEE_STEP * (1 + bands_beyond)


def per_page_fee(pages: int) -> int:
    """Yuan for one application's information of `pages` pages."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    for upper, fee in PAGE_FEE_BANDS:
        if upper is None or pages <= upper:
            return fee
    raise AssertionError("PAGE_FEE_BANDS ends with an open band")


def fee(method: str, *, nth_this_month: int = 1, pages: int = 0) -> int:
    """The fee by the one method chosen; never both (109号)."""
    if method == FeeMethod.PER_APPLICATION:
        return per_application_fee(nth_this_month)
    if method == FeeMethod.PER_PAGE:
        return per_page_fee(pages)
    return 0
