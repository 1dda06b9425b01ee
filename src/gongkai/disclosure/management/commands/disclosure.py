"""`gongkai disclosure fee --pages N | --applications N [--json]`: the information processing
fee (国办函〔2020〕109号) as the officer's screen computes it, by the same function."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "依申请公开：fee 计算信息处理费（国办函〔2020〕109号，超额累进）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        fee = sub.add_parser(
            "fee",
            help="信息处理费：--pages N 按量计收（一件申请 N 页）；"
            "--applications N 按件计收（同一申请人本月向同一机关提出的第 N 件申请）",
        )
        # Read as text and checked here, so that a bad number is refused in Chinese.
        fee.add_argument("--pages", metavar="N", help="一件申请提供的信息页数")
        fee.add_argument(
            "--applications", metavar="N", help="同一申请人一个自然月内向同一机关提出的第几件申请"
        )
        fee.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, what, **options):
        getattr(self, "_" + what)(**options)

    def _fee(self, *, pages, applications, **options):
        from gongkai.disclosure import fees

        if (pages is None) == (applications is None):
            raise CommandError("请给出 --pages N 或 --applications N 中的一个（二者只能选一种）。")
        if pages is not None:
            quote = fees.page_fee(_whole_number(pages, "页数", "--pages", minimum=0))
        else:
            nth = _whole_number(applications, "申请件次", "--applications", minimum=1)
            quote = fees.application_fee(nth)
        if options["json"]:
            self.stdout.write(json.dumps(quote.to_json(), ensure_ascii=False))
            return
        self.stdout.write(fees.describe(quote))


def _whole_number(text: str, what: str, option: str, *, minimum: int) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or int(value) < minimum:
        raise CommandError(f"{option} 的{what}应为不小于 {minimum} 的整数，收到的是“{text}”。")
    return int(value)
