"""`gongkai disclosure ...`: 依申请公开 from the command line.

- `fee --pages N | --applications N [--json]`: the information processing fee
  (国办函〔2020〕109号) as the officer's screen computes it, by the same function;
- `office [list | set AGENCY OFFICE | clear AGENCY]`: which office's disclosure staff handle
  an agency's requests (政府信息公开工作机构, 条例 Art. 4).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "依申请公开：fee 计算信息处理费（国办函〔2020〕109号，超额累进）；"
        "office 政府信息公开工作机构（list / set 机关代码 工作机构代码 / clear 机关代码）"
    )

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
        office = sub.add_parser(
            "office", help="政府信息公开工作机构：由哪个机构的经办人办理机关的申请"
        )
        office_sub = office.add_subparsers(dest="office_what", required=True)
        office_sub.add_parser("list", help="列出已指定的政府信息公开工作机构")
        assign = office_sub.add_parser("set", help="指定由哪个机构的经办人办理该机关的申请")
        assign.add_argument("agency", metavar="AGENCY", help="机关的机构代码，如 SFX")
        assign.add_argument("office", metavar="OFFICE", help="工作机构的机构代码，如 BGS")
        clear = office_sub.add_parser("clear", help="取消指定，由该机关自行办理")
        clear.add_argument("agency", metavar="AGENCY", help="机关的机构代码")

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

    def _office(self, *, office_what, **options):
        from gongkai.core.errors import InvalidInput
        from gongkai.disclosure import actions
        from gongkai.disclosure.models import DisclosureOffice

        if office_what == "list":
            for row in DisclosureOffice.objects.select_related("department", "office").order_by(
                "department__path"
            ):
                self.stdout.write(
                    f"{row.department.short_code} {row.department.name} -> "
                    f"{row.office.short_code} {row.office.name}"
                )
            return
        agency = self._department(options["agency"])
        office = self._department(options["office"]) if office_what == "set" else None
        try:
            actions.set_disclosure_office(actor=None, department=agency, office=office)
        except InvalidInput as error:
            raise CommandError(error.message) from None
        if office is None:
            self.stdout.write(f"{agency.name}的申请由本机关的经办人办理")
        else:
            self.stdout.write(f"{agency.name}的申请由{office.name}的经办人办理")

    def _department(self, code: str):
        from gongkai.core.models import Department

        found = Department.objects.filter(short_code=code).first()
        if found is None:
            raise CommandError(f"没有机构代码为“{code}”的机构")
        return found


def _whole_number(text: str, what: str, option: str, *, minimum: int) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or int(value) < minimum:
        raise CommandError(f"{option} 的{what}应为不小于 {minimum} 的整数，收到的是“{text}”。")
    return int(value)
