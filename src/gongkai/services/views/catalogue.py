"""政务服务 on the portal: the catalogue by department and by life event, its own search, each
item's guide (办事指南) and the blank forms and examples of its materials.

Only versions in force are shown (`ServiceItem.current`). Every page is the same for every
anonymous visitor and kept by the page cache under the services version, which each publish
moves; each costs a fixed number of queries however long the catalogue grows.
"""

from __future__ import annotations

from collections import Counter

from django import forms
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from gongkai.core import pagecache
from gongkai.core.downloads import serve_upload
from gongkai.core.models import Department
from gongkai.services.models import FeeItem, Material, ServiceItem, ServiceItemVersion
from gongkai.services.rules import ORGANISATION_EVENTS, PERSON_EVENTS, LifeEvent

SEARCH_LIMIT = 50  # the catalogue's own search lists this many; more words find fewer
FILES = {"blank": "blank_form", "example": "example"}


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("搜索办事事项"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": gettext_lazy("搜索内容不能超过 %(limit_value)d 个字。")},
    )


def published_items():
    return ServiceItem.objects.filter(current__isnull=False).select_related("current")


def _crumbs(*trail) -> list[dict]:
    crumbs = [{"name": _("政务服务"), "url": reverse("services:index")}, *trail]
    crumbs[-1]["current"] = True
    return crumbs


def _event_links(events, counts: Counter) -> list[dict]:
    return [
        {
            "code": event.value,
            "label": event.label,
            "count": counts[event.value],
            "url": reverse("services:event", args=[event.value]),
        }
        for event in events
    ]


@require_safe
@pagecache.shared
def index(request):
    """政务服务: the catalogue by department, by life event (个人 / 法人), and its search."""
    form = CatalogueSearchForm(request.GET)
    found, status = None, 200
    if not form.is_valid():
        status = 400
    elif words := form.cleaned_data["q"].split():
        query = published_items().select_related("department")
        for word in words:
            query = query.filter(
                Q(current__name__icontains=word)
                | Q(code=word)
                | Q(department__name__icontains=word)
            )
        found = list(query.order_by("current__name", "code")[:SEARCH_LIMIT])
    departments = list(
        ServiceItem.objects.filter(current__isnull=False)
        .values("department_id", "department__name")
        .annotate(count=Count("pk"))
        .order_by("department__path")
    )
    counts = Counter(
        code
        for value in ServiceItemVersion.objects.filter(
            state=ServiceItemVersion.State.PUBLISHED
        ).values_list("life_events", flat=True)
        for code in value.split(",")
        if code
    )
    context = {
        "form": form,
        "found": found,
        "departments": [
            {
                "name": d["department__name"],
                "count": d["count"],
                "url": reverse("services:department", args=[d["department_id"]]),
            }
            for d in departments
        ],
        "person_events": _event_links(PERSON_EVENTS, counts),
        "organisation_events": _event_links(ORGANISATION_EVENTS, counts),
        "crumbs": _crumbs(),
    }
    return render(request, "services/index.html", context, status=status)


@require_safe
@pagecache.shared
def department(request, pk: int):
    """A department's items in force."""
    dept = get_object_or_404(Department, pk=pk)
    items = list(published_items().filter(department=dept).order_by("current__name", "code"))
    context = {
        "department": dept,
        "items": items,
        "crumbs": _crumbs({"name": dept.name, "url": request.path}),
    }
    return render(request, "services/department.html", context)


def _with_event(code: str) -> Q:
    """Versions whose comma-separated 主题分类 hold `code` as a whole value."""
    return (
        Q(current__life_events=code)
        | Q(current__life_events__startswith=f"{code},")
        | Q(current__life_events__endswith=f",{code}")
        | Q(current__life_events__contains=f",{code},")
    )


@require_safe
@pagecache.shared
def event(request, code: str):
    """The items in force for one life event (主题分类)."""
    if code not in LifeEvent.values:
        raise Http404(_("没有这个主题分类。"))
    label = LifeEvent(code).label
    items = list(
        published_items()
        .select_related("department")
        .filter(_with_event(code))
        .order_by("department__path", "current__name", "code")
    )
    context = {
        "event_label": label,
        "items": items,
        "crumbs": _crumbs({"name": label, "url": request.path}),
    }
    return render(request, "services/event.html", context)


def _reverse_or_empty(name: str, code: str) -> str:
    """The address of a page another part of 政务服务 provides, or "" while it has none."""
    try:
        return reverse(name, args=[code])
    except NoReverseMatch:
        return ""


@require_safe
@pagecache.shared
def guide(request, code: str):
    """办事指南: every field of the item's version in force, and where to apply."""
    item = get_object_or_404(published_items().select_related("department"), code=code)
    version = item.current
    materials = list(
        Material.objects.filter(version=version).select_related("blank_form", "example")
    )
    fees = list(FeeItem.objects.filter(version=version))
    events = [LifeEvent(c).label for c in version.life_event_list() if c in LifeEvent.values]
    context = {
        "item": item,
        "version": version,
        "materials": materials,
        "fees": fees,
        "events": events,
        "apply_url": _reverse_or_empty("services:apply", code) if version.online else "",
        "card_url": _reverse_or_empty("services:card", code),
        "crumbs": _crumbs(
            {
                "name": item.department.name,
                "url": reverse("services:department", args=[item.department_id]),
            },
            {"name": version.name, "url": request.path},
        ),
    }
    return render(request, "services/guide.html", context)


@require_safe
def material_file(request, code: str, pk: int, which: str):
    """The blank form or the example of a material of an item's version in force."""
    if which not in FILES:
        raise Http404(_("没有这种文件。"))
    material = get_object_or_404(
        Material.objects.select_related(f"{FILES[which]}__file"),
        pk=pk,
        version__item__code=code,
        version__state=ServiceItemVersion.State.PUBLISHED,
    )
    upload = getattr(material, FILES[which])
    if upload is None:
        raise Http404(_("该材料没有此文件。"))
    # A blank form or an example: public, not personal data.
    return serve_upload(upload, f"material-{pk}-{which}", personal=False)
