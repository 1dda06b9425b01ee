"""The supervision benchmark's county: 40 departments, N cases with their clocks and steps, and
about 0.3 N ratings with their rectifications and appeals, over three years.

A load test, not a story: the cases are written straight into their tables by bulk inserts
(large executemany batches in one transaction on SQLite, COPY on PostgreSQL), never through
services.actions, so they carry no audit events, documents or materials. Their shape follows a
county's service centre: about 3% refused at intake, 8% sent a one-time notice first, the rest
accepted and mostly finished within the promised days (about 7% late, and a few left unfinished
long after their due date), the last weeks' cases still running on their clocks; ratings on
about 30% of the finished cases, 8% of them bad (不满意, 非常不满意), each bad one with its
rectification on two clocks, the older ones answered, some late, a few appealed.

Due dates come from the same working calendar as the product's clocks (core.calendar), counted
once into a table of working days for the whole span.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

SEED = 20261207
DEPARTMENTS = 40
ITEMS_PER_DEPARTMENT = 5
YEARS = 3
RATING_SHARE = 0.31  # of the finished cases: about 3 x 10^5 ratings for 10^6 cases
BATCH = 20_000  # cases per generated chunk
# (grade, weight): about 8% bad.
GRADES = [(5, 70), (4, 16), (3, 6), (2, 5), (1, 3)]
# (promised, legal, visits) of the items, in turn.
ITEM_SHAPES = [(1, 5, 0), (3, 10, 1), (5, 20, 1), (10, 20, 1), (15, 20, 2)]
DEPARTMENT_NAMES = [
    "发展和改革局",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化广播电视和旅游局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "行政审批局",
    "档案馆",
    "税务局",
    "气象局",
    "消防救援大队",
    "残疾人联合会",
]
TOWNS = [
    "城关镇",
    "新桥镇",
    "高山乡",
    "河口镇",
    "石门乡",
    "龙潭镇",
    "白沙乡",
    "青山镇",
    "平坝乡",
    "柳溪镇",
]
ITEM_NAMES = ["许可", "备案", "登记", "证明", "补贴申领"]


class Calendar:
    """Working days of the span as ordinals: day i (days since `base`) -> working days <= it."""

    def __init__(self, base: date, last: date):
        from gongkai.core.calendar import WorkingCalendar

        calendar = WorkingCalendar(base, last)
        self.base = base
        self.days = (last - base).days + 1
        self.iso = [(base + timedelta(days=i)).isoformat() for i in range(self.days)]
        self.working = [calendar.is_working_day(base + timedelta(days=i)) for i in range(self.days)]
        self.ordinal, self.workdays, count = [], [], 0
        for i in range(self.days):
            if self.working[i]:
                count += 1
                self.workdays.append(i)
            self.ordinal.append(count)

    def add(self, day: int, n: int) -> int:
        """The n-th working day after `day` (the day itself not counted), as clocks count."""
        return self.workdays[self.ordinal[day] + n - 1]

    def index(self, value: date) -> int:
        return (value - self.base).days


def setup_county(cal_base: date) -> dict:
    """Departments, staff and items through the ORM (a few hundred rows; not timed)."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.core import actions as core_actions
    from gongkai.core.models import Department, User
    from gongkai.services.models import Case, Rectification, ServiceItem, ServiceItemVersion
    from gongkai.services.rules import Audience, ItemType

    root = Department.objects.filter(parent=None).order_by("path").first()
    if root is None:
        root = core_actions.create_department(
            actor=None, name="某县人民政府", short_code="BXF", kind=Department.Kind.GOVERNMENT
        )
    names = [f"县{n}" for n in DEPARTMENT_NAMES] + [f"{t}人民政府" for t in TOWNS]
    departments = []
    for i in range(DEPARTMENTS):
        kind = Department.Kind.TOWNSHIP if names[i].endswith("人民政府") else None
        extra = {"kind": kind} if kind else {}
        departments.append(
            core_actions.create_department(
                actor=None, name=names[i], short_code=f"B{i:02d}", parent=root, order=i, **extra
            )
        )
    users = User.objects.bulk_create(
        User(username=f"bench{d}_{k}", display_name=f"经办人{d}-{k}", is_active=True)
        for d in range(DEPARTMENTS)
        for k in range(3)
    )
    items = []
    for d, department in enumerate(departments):
        for k in range(ITEMS_PER_DEPARTMENT):
            promised, legal, visits = ITEM_SHAPES[k]
            item = ServiceItem.objects.create(code=f"BENCH-{d:02d}-{k}", department=department)
            version = ServiceItemVersion.objects.create(
                item=item,
                number=1,
                state=ServiceItemVersion.State.PUBLISHED,
                name=f"{department.name}{ITEM_NAMES[k]}事项",
                item_type=ItemType.LICENSING,
                implementing_body=department.name,
                legal_basis="（略）",
                conditions="（略）",
                process="申请\n受理\n审查\n决定\n送达",
                legal_days=legal,
                promised_days=promised,
                visits=visits,
                consult="0851-12345678",
                complaint="0851-12345679",
                place="县政务服务中心",
                hours="工作日 9:00-17:00",
                audience=Audience.PERSON,
            )
            ServiceItem.objects.filter(pk=item.pk).update(current=version)
            items.append((item.pk, version.pk, promised, legal, visits))
    return {
        "departments": [d.pk for d in departments],
        "users": [[u.pk for u in users[3 * d : 3 * d + 3]] for d in range(DEPARTMENTS)],
        "items": [items[5 * d : 5 * d + 5] for d in range(DEPARTMENTS)],
        "case_type": ContentType.objects.get_for_model(Case).pk,
        "rectification_type": ContentType.objects.get_for_model(Rectification).pk,
    }


class Writer:
    """Bulk rows into tables: COPY on PostgreSQL, executemany on SQLite (one transaction)."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0

    def columns(self, model, fields: list[str]) -> tuple[str, list[str]]:
        return model._meta.db_table, [model._meta.get_field(f).column for f in fields]

    def write(self, model, fields: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        table, columns = self.columns(model, fields)
        names = ", ".join(f'"{c}"' for c in columns)
        raw = self.connection.connection
        if self.postgres:
            sql = f'COPY "{table}" ({names}) FROM STDIN'
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        self.rows += len(rows)


WORKDAY_TABLE = "bench_workday"


def write_workdays(cal: Calendar, connection) -> None:
    """The raw SQL's calendar: each day and the working days up to it (the reference figures
    count working days with it as services.stats counts them with core.calendar)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {WORKDAY_TABLE}")
        cursor.execute(f"CREATE TABLE {WORKDAY_TABLE} (day date PRIMARY KEY, ordinal integer)")
    rows = [(cal.iso[i], cal.ordinal[i]) for i in range(cal.days)]
    raw = connection.connection
    if connection.vendor == "postgresql":
        sql = f"COPY {WORKDAY_TABLE} (day, ordinal) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        raw.executemany(f"INSERT INTO {WORKDAY_TABLE} VALUES (?, ?)", rows)


def reset_sequences(connection) -> None:
    """PostgreSQL: the ids were given explicitly, so move each table's sequence past them."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    from gongkai.core.models import Clock
    from gongkai.services.models import (
        Appeal,
        Case,
        CaseStep,
        Evaluation,
        OneTimeNotice,
        Rectification,
    )

    models = [Clock, Case, CaseStep, OneTimeNotice, Evaluation, Rectification, Appeal]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def now_text() -> str:
    return datetime.now().isoformat(timespec="seconds")
