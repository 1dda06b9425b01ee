"""The demo county's 村务公开: 高山乡's two villages with their three columns, each with a
published 财务公开 of the last complete quarter (by the demo's clock), a 党务公开 and a 村务公开
item, written by the village's editor and approved by the township's chief editor through the
same actions staff use."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from gongkai.core.clock import today
from gongkai.core.models import Department, User
from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.finance import FinanceTable, Row, last_complete_quarter, period_label
from gongkai.publishing.html import from_plain_text
from gongkai.publishing.models import Column, Item, Step, VillagePart, Workflow

REVIEWER = "township_chief"
# (village's short code, its editor, its quarter's rows: 收支, 项目, 金额（元）, 备注)
VILLAGES = [
    (
        "GSX-HPC",
        "heping_editor",
        [
            ("income", "上级转移支付（村级组织运转经费）", "45000.00", ""),
            ("income", "集体鱼塘承包费", "12000.00", "按合同分期收取"),
            ("expenditure", "村干部基本报酬", "28800.00", "3人，按季度发放"),
            ("expenditure", "村委会办公及水电费", "3650.40", ""),
            ("expenditure", "村道维修（二组至三组段）", "9800.00", "经村民代表会议决定"),
        ],
    ),
    (
        "GSX-XQC",
        "xinqiao_editor",
        [
            ("income", "上级转移支付（村级组织运转经费）", "42000.00", ""),
            ("income", "村集体茶园租金", "8600.00", ""),
            ("income", "一事一议财政奖补资金", "20000.00", "用于新桥加固"),
            ("expenditure", "村干部基本报酬", "27600.00", "3人，按季度发放"),
            ("expenditure", "新桥护栏加固工程", "26450.00", "工程已验收"),
            ("expenditure", "村委会办公费", "2180.50", ""),
        ],
    ),
]


def loaded() -> bool:
    return Column.objects.filter(village_part=VillagePart.VILLAGE).exists()


def _publish(*, editor: User, reviewer: User, column: Column, data: ItemData) -> Item:
    item = actions.create_item(actor=editor, column=column, data=data)
    actions.submit_item(actor=editor, item=item)
    step = Step.objects.get(
        workflow__item=item, workflow__state=Workflow.State.IN_PROGRESS, state=Step.State.PENDING
    )
    actions.approve_step(actor=reviewer, step=step, secrecy_confirmed=True)
    return item


@transaction.atomic
def load_demo_villages() -> None:
    """Open 村务公开 for 高山乡's villages and publish their quarter; does nothing when done."""
    if loaded():
        return
    from gongkai.demo.county import add_missing_users

    add_missing_users()
    reviewer = User.objects.get(username=REVIEWER)
    year, quarter = last_complete_quarter(today())
    period = period_label(year, quarter)
    for code, editor_name, rows in VILLAGES:
        village = Department.objects.get(short_code=code)
        editor = User.objects.get(username=editor_name)
        section = actions.set_up_village(actor=None, village=village)
        columns = {c.village_part: c for c in section.children.all()}
        table = FinanceTable(
            year,
            quarter,
            tuple(Row(d, name, Decimal(amount), note) for d, name, amount, note in rows),
        )
        publish = {"editor": editor, "reviewer": reviewer}
        _publish(
            **publish,
            column=columns[VillagePart.FINANCE],
            data=ItemData(
                title=f"{village.name}{period}财务收支公开",
                body=from_plain_text(
                    "经本村民主理财小组审核，现将本季度村集体财务收支情况公布如下，接受村民监督。"
                ),
                finance=table,
            ),
        )
        _publish(
            **publish,
            column=columns[VillagePart.PARTY],
            data=ItemData(
                title=f"{village.name}党支部{period}主题党日活动情况",
                body=from_plain_text(
                    "本季度村党支部按时开展主题党日活动，组织党员学习并参加志愿服务。"
                ),
            ),
        )
        _publish(
            **publish,
            column=columns[VillagePart.AFFAIRS],
            data=ItemData(
                title=f"{village.name}村民代表会议决议公开（{period}）",
                body=from_plain_text(
                    "村民代表会议讨论通过了本季度村级公益事业项目安排，现予公开。"
                ),
            ),
        )
