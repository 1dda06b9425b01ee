"""The demo county's portal: the 政府信息公开 section (条例 Art. 20), news columns, and
nine work reports from the seed text, created through the same actions staff and the import use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Department
from gongkai.core.pii import mask
from gongkai.publishing.actions import ItemData, create_column, import_published_item
from gongkai.publishing.catalogue import ART20, ART21, SENSITIVE_CATEGORIES, Category, Topic
from gongkai.publishing.html import from_plain_text
from gongkai.publishing.models import Column, Item

ROOT_SLUG = "xxgk"
REPORTS_SLUG = "zwgk-gzbg"
SEED_REPORTS = Path(__file__).with_name("seed_reports.txt")
REPORTS_PUBLISHER = "县人民政府办公室"

# Art. 20 categories kept by the department that holds the information; the rest by the office.
ART20_OWNERS = {
    Category.ART20_5: "SPJ",
    Category.ART20_10: "SWJ",
    Category.ART20_11: "MZJ",
    Category.ART20_13: "NYJ",
}
# Categories whose columns carry policies or notices: stale after six months, not two weeks.
POLICY_CATEGORIES = {
    Category.ART20_1,
    Category.ART20_3,
    Category.ART20_9,
    Category.ART20_14,
    Category.ART21_1,
}


@dataclass
class Spec:
    slug: str
    name: str
    department: str  # short code
    parent: str | None = None  # slug
    kind: str = Column.Kind.LIST
    category: str = ""
    in_catalogue: bool = False
    is_news: bool = False
    review_levels: int = 3


def column_specs() -> list[Spec]:
    """Every demo column, parents before children; slugs are ASCII and never change."""
    specs = [
        Spec(ROOT_SLUG, "政府信息公开", "BGS", kind=Column.Kind.SECTION, in_catalogue=True),
        Spec(
            "xxgk-zn", "政府信息公开指南", "BGS", ROOT_SLUG, Column.Kind.PAGE, Category.GUIDE, True
        ),
        Spec(
            "xxgk-zd", "政府信息公开制度", "BGS", ROOT_SLUG, Column.Kind.PAGE, Category.RULES, True
        ),
        Spec(
            "fdzdgk", "法定主动公开内容", "BGS", ROOT_SLUG, Column.Kind.SECTION, in_catalogue=True
        ),
    ]
    for category in ART20:
        number = category.value.removeprefix("art20_")
        owner = ART20_OWNERS.get(category, "BGS")
        specs.append(
            Spec(
                f"art20-{number}",
                category.label,
                owner,
                "fdzdgk",
                category=category,
                in_catalogue=True,
            )
        )
    specs.append(
        Spec(
            REPORTS_SLUG,
            "政务公开工作",
            "BGS",
            "art20-15",
            category=Category.ART20_15,
            in_catalogue=True,
        )
    )
    specs.append(
        Spec(
            "xxgk-nb",
            "政府信息公开年报",
            "BGS",
            ROOT_SLUG,
            category=Category.ANNUAL_REPORT,
            in_catalogue=True,
        )
    )
    specs.append(
        Spec(
            "gsx-xxgk",
            "高山乡政府信息公开",
            "GSX",
            ROOT_SLUG,
            Column.Kind.SECTION,
            in_catalogue=True,
        )
    )
    for category in ART21:
        number = category.value.removeprefix("art21_")
        specs.append(
            Spec(
                f"gsx-art21-{number}",
                category.label,
                "GSX",
                "gsx-xxgk",
                category=category,
                in_catalogue=True,
            )
        )
    specs += [
        Spec("gzdt", "工作动态", "BGS", is_news=True),
        Spec("bmdt", "部门动态", "BGS", kind=Column.Kind.SECTION),
        Spec("nyj-dt", "农业农村", "NYJ", "bmdt", is_news=True, review_levels=3),
        Spec("swj-dt", "水务移民", "SWJ", "bmdt", is_news=True),
        Spec("mzj-dt", "民政", "MZJ", "bmdt", is_news=True),
        Spec("xzdt", "乡镇动态", "GSX", is_news=True),
    ]
    return specs


def columns_loaded() -> bool:
    return Column.objects.filter(slug=ROOT_SLUG).exists()


@transaction.atomic
def load_demo_columns() -> None:
    """Create the demo columns (system actor, audited); does nothing when they exist."""
    if columns_loaded():
        return
    departments = {d.short_code: d for d in Department.objects.all()}
    created: dict[str, Column] = {}
    for order, spec in enumerate(column_specs()):
        if spec.is_news:
            interval = settings.NEWS_STALE_DAYS
        elif spec.category in POLICY_CATEGORIES:
            interval = settings.POLICY_STALE_DAYS
        else:
            interval = None
        created[spec.slug] = create_column(
            actor=None,
            name=spec.name,
            slug=spec.slug,
            department=departments[spec.department],
            parent=created[spec.parent] if spec.parent else None,
            kind=spec.kind,
            review_levels=spec.review_levels,
            in_catalogue=spec.in_catalogue,
            category=spec.category,
            sensitive=spec.category in SENSITIVE_CATEGORIES,
            is_news=spec.is_news,
            update_interval_days=interval,
            order=order,
        )


# ---------------------------------------------------------------- the nine reports

REPORT_HEADING = re.compile(r"^(?P<title>\S.*?)\s+篇(?P<number>\d+)\s*$", re.M)
# The page the seed text was taken from ends with links to its neighbours.
TRAILER = re.compile(r"^上一篇.*$", re.M)


@dataclass
class Report:
    number: int
    title: str
    text: str


def split_reports(text: str) -> list[Report]:
    """The reports of the seed text, at their "标题 篇N" lines, with titles that tell them apart."""
    text = TRAILER.sub("", text)
    headings = list(REPORT_HEADING.finditer(text))
    names = [h.group("title") for h in headings]
    reports = []
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        lines = [line.strip() for line in text[heading.end() : end].splitlines() if line.strip()]
        name, number = heading.group("title"), int(heading.group("number"))
        if lines and lines[0] == name:  # a report that repeats its own title
            lines = lines[1:]
        title = f"{name}（篇{number}）" if names.count(name) > 1 else name
        reports.append(Report(number, title, "\n".join(lines)))
    return reports


def reports_loaded() -> bool:
    return Item.objects.filter(column__slug=REPORTS_SLUG).exists()


@transaction.atomic
def load_demo_reports(text: str | None = None) -> list[Item]:
    """Publish the seed reports in 政务公开工作, masking any personal information first."""
    if reports_loaded():
        return []
    column = Column.objects.select_related("department").get(slug=REPORTS_SLUG)
    text = SEED_REPORTS.read_text(encoding="utf-8") if text is None else text
    # The newest report is dated as the seed text is; the older ones a week apart before it.
    newest = datetime(2024, 8, 12, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    items = []
    for report in split_reports(text):
        published_at = newest - timedelta(weeks=report.number - 1)
        data = ItemData(
            # Published text never carries personal information (条例 Art. 15 and 个人信息保护法: de-identified before publishing).
            title=mask(report.title),
            body=from_plain_text(mask(report.text)),
            publisher=REPORTS_PUBLISHER,
            created_on=timezone.localdate(published_at),
            topic=Topic.GENERAL,
            keywords="政务公开",
        )
        items.append(
            import_published_item(actor=None, column=column, data=data, published_at=published_at)
        )
    return items


def load_demo(say=print) -> None:
    """Everything `gongkai demo` shows: the county, its columns, the reports, the villages'
    村务公开, 依申请公开, 政务服务 and 政民互动, each once."""
    from gongkai.demo import county

    if not county.is_loaded():
        say("正在载入示范县……")
        county.load_demo_county()
    if not columns_loaded():
        say("正在载入示范栏目……")
        load_demo_columns()
    if not reports_loaded():
        say("正在载入示范信息……")
        load_demo_reports()
    from gongkai.demo import villages

    if not villages.loaded():
        say("正在载入示范村务公开……")
        villages.load_demo_villages()
    from gongkai.demo import disclosure

    if not disclosure.loaded():
        say("正在载入示范依申请公开……")
        disclosure.load_demo_requests()
    from gongkai.demo import services

    if not services.loaded():
        say("正在载入示范政务服务（事项清单、职权目录和办件）……")
        services.load_demo_services()
    from gongkai.demo import letters

    if not letters.loaded():
        say("正在载入示范政民互动（来信、留言板和意见征集）……")
        letters.load_demo_letters()
