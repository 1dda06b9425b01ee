import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.core import calendar, hooks


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


class Command(BaseCommand):
    help = "工作日历：due START N 计算第 N 个工作日；years 列出已录入的年度；seed 从数据包补充年度"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        due = sub.add_parser("due", help="START 之后的第 N 个工作日（START 当天不计）")
        due.add_argument("start")
        due.add_argument("n", type=int)
        due.add_argument("--json", action="store_true")
        sub.add_parser("years", help="已录入节假日安排的年度")
        sub.add_parser("seed", help="从 chinesecalendar 数据包补充缺少的年度")

    def handle(self, *args, what, **options):
        if what == "due":
            start, n = _date(options["start"]), options["n"]
            if n < 0:
                raise CommandError("N 不能为负数")
            result = calendar.add_working_days(start, n)
            out = {
                "start": start.isoformat(),
                "working_days": n,
                "due": result.day.isoformat(),
                "provisional": result.provisional,
            }
            if options["json"]:
                self.stdout.write(json.dumps(out, ensure_ascii=False))
            else:
                note = "（暂定：所涉年度尚未录入放假安排）" if result.provisional else ""
                self.stdout.write(f"{start} 起第 {n} 个工作日：{result.day}{note}")
        elif what == "years":
            from gongkai.core.models import CalendarYear

            for year in CalendarYear.objects.all():
                self.stdout.write(f"{year.year}\t{year.get_source_display()}\t{year.notice}")
        else:
            with transaction.atomic():
                added = calendar.seed_from_package()
                if added:  # days counted before as plain weekdays may have changed (a
                    # notice also sets the December before: its 元旦 days off)
                    hooks.calendar_changed(date(min(added) - 1, 12, 1))
            self.stdout.write(f"补充了 {len(added)} 个年度")
