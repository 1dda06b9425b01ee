"""bench/portal.py's county: the demo county with N more published items, bulk-created.

The demo county is loaded by the real `gongkai demo --no-serve` (departments, users, columns,
the seed reports, collectstatic). The N items are then written with the ORM's bulk_create,
as many thousands at a time: through `import_published_item` one by one (audit chain, index
counter, search hook) 10^5 items take most of an hour. They are nonetheless real published
items as the public pages read them: status published, a live revision with title, body and
metadata, a 索引号 from the department's counter (which is moved on past them), in the demo's
list columns, dated over ten years; the search index is then built by `gongkai search
reindex`. What they lack is an audit event each, which no public page reads.

Text: sentences of the seed reports (src/gongkai/demo/seed_reports.txt), drawn with a fixed
seed, so the same N gives the same county.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261207
BATCH = 5000
FIRST_DAY = datetime(2016, 1, 1, 8, 0, tzinfo=UTC)
DAYS = 3950  # to late 2026
SENTENCE = re.compile(r"[^。！？\n]{8,120}[。！？]")
DOC_PREFIXES = ["示政发", "示政办发", "示农发", "示财发", "示教发", "示民发"]
NEWS_WEIGHT = 3  # news columns get more items than the catalogue's, as on a real site


def seed_sentences() -> list[str]:
    text = (ROOT / "src" / "gongkai" / "demo" / "seed_reports.txt").read_text(encoding="utf-8")
    return sorted(set(SENTENCE.findall(text)))


def gongkai_env(data_dir: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from tests.cli import clean_env

    return clean_env(data_dir)


def load_demo(data_dir: Path) -> None:
    """The demo county, its columns and reports, and the collected static files."""
    subprocess.run(
        [sys.executable, "-m", "gongkai", "demo", "--no-serve"],
        env=gongkai_env(data_dir),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def reindex(data_dir: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "gongkai", "search", "reindex", "--quiet"],
        env=gongkai_env(data_dir),
        check=True,
    )


def list_columns():
    """The columns an editor can publish into (not sections, pages, links or 村务公开)."""
    from gongkai.publishing.models import Column

    columns = Column.objects.filter(kind=Column.Kind.LIST).select_related("department")
    # 村务公开's columns belong to the villages (财务公开 needs its table): left to the demo.
    return [c for c in columns.order_by("pk") if not getattr(c, "village_part", "")]


def _body(rng: random.Random, sentences: list[str]) -> str:
    from gongkai.publishing.html import from_plain_text

    paragraphs = [
        "".join(rng.choices(sentences, k=rng.randint(3, 6))) for _ in range(rng.randint(4, 8))
    ]
    return from_plain_text("\n".join(paragraphs))


def _title(rng: random.Random, sentences: list[str]) -> str:
    sentence = rng.choice(sentences).rstrip("。！？")
    start = rng.randrange(max(1, len(sentence) - 12))
    return f"关于{sentence[start : start + rng.randint(10, 28)]}的通知"[:200]


def build_items(n: int, say=print) -> dict:
    """Create `n` published items; returns what the benchmark needs to know about them."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.db.models import Max

    from gongkai.publishing.actions.common import touch_site
    from gongkai.publishing.catalogue import Topic
    from gongkai.publishing.models import IndexCounter, Item, Revision

    rng = random.Random(SEED)
    sentences = seed_sentences()
    columns = list_columns()
    weights = [NEWS_WEIGHT if c.is_news else 1 for c in columns]
    topics = [t.value for t in Topic]
    serials: dict[tuple[int, int], int] = {
        (c.department_id, c.year): c.last_serial for c in IndexCounter.objects.all()
    }
    first_pk = (Item.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    started = time.monotonic()
    made = 0
    while made < n:
        size = min(BATCH, n - made)
        items, revisions = [], []
        for _ in range(size):
            column = rng.choices(columns, weights)[0]
            dept = column.department
            published = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(600))
            year = published.year
            serial = serials.get((dept.pk, year), 0) + 1
            serials[(dept.pk, year)] = serial
            index_number = settings.PUBLISHING_INDEX_FORMAT.format(
                prefix=dept.credit_code or dept.short_code, year=year, serial=serial
            )
            items.append(
                Item(
                    column=column,
                    status=Item.Status.PUBLISHED,
                    index_number=index_number,
                    published_at=published,
                    last_published_at=published,
                )
            )
            number = f"{rng.choice(DOC_PREFIXES)}〔{year}〕{rng.randint(1, 200)}号"
            revisions.append(
                Revision(
                    number=1,
                    title=_title(rng, sentences),
                    body=_body(rng, sentences),
                    document_number=number if rng.random() < 0.4 else "",
                    publisher=dept.name,
                    created_on=date(year, published.month, published.day),
                    topic=rng.choice(topics),
                    keywords="政务公开",
                )
            )
        with transaction.atomic():
            Item.objects.bulk_create(items, batch_size=1000)
            for item, revision in zip(items, revisions, strict=True):
                revision.item = item
            Revision.objects.bulk_create(revisions, batch_size=1000)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE publishing_item SET live_revision_id = ("
                    " SELECT r.id FROM publishing_revision r"
                    " WHERE r.item_id = publishing_item.id),"
                    " latest_revision_id = ("
                    " SELECT r.id FROM publishing_revision r"
                    " WHERE r.item_id = publishing_item.id)"
                    " WHERE publishing_item.id >= %s AND live_revision_id IS NULL",
                    [first_pk],
                )
        made += size
        rate = made / (time.monotonic() - started)
        say(f"  {made:,} / {n:,} items ({rate:,.0f}/s)")
    with transaction.atomic():
        for (department_id, year), serial in serials.items():
            IndexCounter.objects.update_or_create(
                department_id=department_id, year=year, defaults={"last_serial": serial}
            )
        touch_site()
    return {"first_pk": first_pk, "columns": len(columns)}
