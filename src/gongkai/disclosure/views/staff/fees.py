"""The information processing fee on the request page (国办函〔2020〕109号): how the request is
counted, the fee decided and where its notice stands, and the forms of the fee's next steps
(declared in `steps.STEPS` like every other step)."""

from __future__ import annotations

from datetime import date

from gongkai.core.models import Clock
from gongkai.disclosure import actions, fees, permissions
from gongkai.disclosure.fee_forms import (
    FeeNoticeForm,
    FeePaidForm,
    FeeReceivedForm,
    FeeWaiverForm,
    SplitForm,
)
from gongkai.disclosure.models import DisclosureRequest, ProcessingFee

FEE_STEPS = ("split", "fee_notice", "fee_received", "fee_paid", "fee_waive")


def processing_fee(r: DisclosureRequest) -> ProcessingFee | None:
    return (
        ProcessingFee.objects.select_related("payment_clock", "notice__upload", "waived_by")
        .filter(request=r)
        .first()
    )


def fee_steps(user, r: DisclosureRequest, fee: ProcessingFee | None) -> dict:
    """Which fee steps the request's state allows (the actions check again)."""
    if not permissions.can_handle(user, r):
        return dict.fromkeys(FEE_STEPS, False)
    processing = r.status == DisclosureRequest.Status.PROCESSING
    awaiting = fee is not None and fee.awaiting_payment
    return {
        "split": r.status in actions.OPEN_STATES and fee is None,
        "fee_notice": processing and fee is None,
        "fee_received": awaiting and fee.received_on is None,
        "fee_paid": awaiting and r.status == DisclosureRequest.Status.FEE,
        "fee_waive": ((processing and fee is None) or awaiting)
        and permissions.can_waive_fee(user, r),
    }


def fee_preview(r: DisclosureRequest, form) -> dict | None:
    """The calculator: what the fee would be, by the same function the notice uses."""
    fee_input = form.fee_input()
    if fee_input is None:
        return None
    quote = actions.fee_quote(r, *fee_input)
    return {
        "amount": quote.yuan,
        "basis": fees.basis_text(quote),
        "bands": fees.band_lines(quote),
    }


def fee_context(user, r: DisclosureRequest, *, on: date, bound: dict) -> dict:
    """What the request page shows of the fee, with the forms of its next steps."""
    fee = processing_fee(r)
    can = fee_steps(user, r, fee)
    forms = {
        "split": SplitForm(
            auto_id="id_split_%s", initial={"on": on, "count": max(r.application_count, 2)}
        ),
        "fee_notice": FeeNoticeForm(auto_id="id_fee_notice_%s", initial={"on": on}),
        "fee_received": FeeReceivedForm(auto_id="id_fee_received_%s", initial={"on": on}),
        "fee_paid": FeePaidForm(auto_id="id_fee_paid_%s", initial={"on": on}),
        "fee_waive": FeeWaiverForm(
            auto_id="id_fee_waive_%s", initial={"on": on}, notified=fee is not None
        ),
    }
    forms.update({key: form for key, form in bound.items() if key in forms})
    payment_running = (
        fee is not None and fee.payment_clock_id and fee.payment_clock.state == Clock.State.RUNNING
    )
    return {
        "fee": fee,
        "fee_can": can,
        "fee_forms": forms,
        "fee_nth": actions.nth_application_this_month(r),
        "fee_bands": _band_lines(fee),
        "fee_overdue": bool(payment_running and fee.payment_due < on),
        "fee_section": fee is not None or any(can.values()),
    }


def _band_lines(fee: ProcessingFee | None) -> list[str]:
    if fee is None:
        return []
    quote = fees.Quote.stored(fee.method, fee.quantity, fee.amount, fee.bands, fee.applications)
    return [fees.basis_text(quote), *fees.band_lines(quote)]
