"""村务公开 in tests: a quarter's table, and a 财务公开 item drafted or published by 和平村's
editor and 高山乡's chief editor through the actions."""

from __future__ import annotations

from decimal import Decimal

from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.finance import FinanceTable, Row
from gongkai.publishing.models import Column, Item, Step, VillagePart, Workflow


def table(*rows, year=2026, quarter=1) -> FinanceTable:
    return FinanceTable(year, quarter, tuple(Row(d, n, Decimal(a), note) for d, n, a, note in rows))


# Income 57,000.50, expenditure 32,450.40, balance 24,550.10.
QUARTER = table(
    ("income", "上级转移支付", "45000.00", ""),
    ("income", "鱼塘承包费", "12000.50", "第二期"),
    ("expenditure", "村干部报酬", "28800.00", "3人"),
    ("expenditure", "办公及水电费", "3650.40", ""),
)


def parts_of(section: Column) -> dict:
    """A village's section and its three columns by `village_part`."""
    return {c.village_part: c for c in Column.objects.filter(path__startswith=section.path)}


def pending(item) -> Step:
    return Step.objects.get(
        workflow__item=item, workflow__state=Workflow.State.IN_PROGRESS, state=Step.State.PENDING
    )


def finance_item(people, columns, data_table=QUARTER, editor="heping_editor") -> Item:
    return actions.create_item(
        actor=people[editor],
        column=columns[VillagePart.FINANCE],
        data=ItemData(title="和平村2026年第一季度财务收支公开", finance=data_table),
    )


def published_finance(people, columns) -> Item:
    item = finance_item(people, columns)
    actions.submit_item(actor=people["heping_editor"], item=item)
    actions.approve_step(actor=people["township_chief"], step=pending(item), secrecy_confirmed=True)
    item.refresh_from_db()
    return item
