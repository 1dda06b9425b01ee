"""首问负责: whoever is first asked records the question and owns it until it is answered or
handed to the window responsible for the item, the hand-over recorded (who, to whom, when);
"登记为办件" opens the window registration with the inquiry linked."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts
from gongkai.core.decorators import action_view, keeps_drafts, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.models import AuditEvent, User
from gongkai.services import actions
from gongkai.services.forms_staff import AnswerForm, HandOverForm, InquiryForm
from gongkai.services.models import Inquiry, ServiceItem
from gongkai.services.queries import all_window_staff, handlers_for, open_inquiries
from gongkai.services.views.staff._access import get_inquiry_for_user, require_window_staff

HAND_OVER = "services.inquiry_hand_over"


def inquiry_url(pk: int) -> str:
    return reverse("services:staff:inquiry", args=[pk])


def _items():
    return ServiceItem.objects.filter(current__isnull=False).select_related("current")


def _people(inquiry: Inquiry, user):
    """Who may take the question over: the item's window, or any window without an item."""
    people = handlers_for(inquiry.item.department) if inquiry.item_id else all_window_staff()
    return people.exclude(pk=user.pk)


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def inquiry_list(request):
    user = request.user
    require_window_staff(user)
    if request.method == "POST":
        form = InquiryForm(request.POST, items=_items())
        if form.is_valid():
            data = form.cleaned_data
            with errors_into(form):
                inquiry = actions.record_inquiry(
                    actor=user,
                    via=data["via"],
                    name=data["name"],
                    question=data["question"],
                    phone=data["phone"],
                    item=data["item"],
                )
            if not form.errors:
                messages.success(request, _("已登记首问。"))
                return redirect(inquiry_url(inquiry.pk))
    else:
        form = InquiryForm(drafts.take(request), items=_items())
    handed = (
        Inquiry.objects.filter(first_contact=user, closed_at__isnull=True)
        .exclude(owner=user)
        .select_related("owner", "item__current")
        .order_by("-handed_at", "-pk")[:20]
    )
    return render(
        request,
        "services/staff/inquiries.html",
        {"form": form, "inquiries": list(open_inquiries(user)), "handed": list(handed)},
    )


def hand_overs(inquiry: Inquiry) -> list[dict]:
    """Each hand-over of the question as the audit log keeps it: when, from whom, to whom."""
    events = list(
        AuditEvent.objects.filter(
            action=HAND_OVER,
            object_type=Inquiry._meta.label_lower,
            object_id=str(inquiry.pk),
            success=True,
        ).order_by("seq")
    )
    ids = {e.data.get(k) for e in events for k in ("from", "to")} | {e.actor_id for e in events}
    names = {u.pk: str(u.display_name or u.username) for u in User.objects.filter(pk__in=ids)}
    return [
        {
            "at": event.created_at,
            "by": names.get(event.actor_id, event.actor_label),
            "from": names.get(event.data.get("from"), ""),
            "to": names.get(event.data.get("to"), ""),
            "note": event.data.get("note", ""),
        }
        for event in events
    ]


def inquiry_page(request, inquiry: Inquiry, *, bound: dict | None = None):
    user = request.user
    owner = inquiry.owner_id == user.pk and inquiry.closed_at is None
    forms = {
        "hand_over": HandOverForm(auto_id="id_hand_over_%s", people=_people(inquiry, user)),
        "close": AnswerForm(auto_id="id_close_%s"),
    }
    forms.update(bound or {})
    return render(
        request,
        "services/staff/inquiry.html",
        {
            "inquiry": inquiry,
            "owner": owner,
            "forms": forms,
            "hand_overs": hand_overs(inquiry),
            "cases": list(inquiry.cases.select_related("version")),
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def inquiry_detail(request, pk: int):
    return inquiry_page(request, get_inquiry_for_user(request.user, pk))


def _run(request, pk: int, name: str, data=None):
    """Bind the form of `name` (hand_over or close) and call its action, or show the page
    with the refusal next to the field; with `data` (a kept draft) only show it."""
    inquiry = get_inquiry_for_user(request.user, pk)
    if name == "hand_over":
        form = HandOverForm(
            data if data is not None else request.POST,
            auto_id="id_hand_over_%s",
            people=_people(inquiry, request.user),
        )
    else:
        form = AnswerForm(data if data is not None else request.POST, auto_id="id_close_%s")
    if data is None and form.is_valid():
        d = form.cleaned_data
        try:
            with errors_into(form):
                if name == "hand_over":
                    actions.hand_over_inquiry(
                        actor=request.user, inquiry=inquiry, to=d["to"], note=d["note"]
                    )
                    done = _("已移交，接手人负责答复或登记办件。")
                else:
                    actions.close_inquiry(actor=request.user, inquiry=inquiry, answer=d["answer"])
                    done = _("首问已办结。")
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect(inquiry_url(pk))
        if not form.errors:
            messages.success(request, done)
            if name == "hand_over":
                return redirect("services:staff:inquiries")
            return redirect(inquiry_url(pk))
    return inquiry_page(request, inquiry, bound={name: form})


def _restore(name: str):
    def restore(request, data, pk: int):
        return _run(request, pk, name, data)

    return restore


@staff_required
@action_view(inquiry_url, restore=_restore("hand_over"))
def inquiry_hand_over(request, pk: int):
    return _run(request, pk, "hand_over")


@staff_required
@action_view(inquiry_url, restore=_restore("close"))
def inquiry_close(request, pk: int):
    return _run(request, pk, "close")
