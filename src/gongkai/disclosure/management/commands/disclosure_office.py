"""`gongkai disclosure_office [list | set AGENCY OFFICE | clear AGENCY]`: which office's
disclosure staff handle an agency's requests (政府信息公开工作机构, 条例 Art. 4)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "政府信息公开工作机构：list 列出；set 机关代码 工作机构代码；clear 机关代码（由本机关自行办理）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("list", help="列出已指定的政府信息公开工作机构")
        assign = sub.add_parser("set", help="指定由哪个机构的经办人办理该机关的申请")
        assign.add_argument("agency", metavar="AGENCY", help="机关的机构代码，如 SFX")
        assign.add_argument("office", metavar="OFFICE", help="工作机构的机构代码，如 BGS")
        clear = sub.add_parser("clear", help="取消指定，由该机关自行办理")
        clear.add_argument("agency", metavar="AGENCY", help="机关的机构代码")

    def handle(self, *args, what, **options):
        from gongkai.core.errors import InvalidInput
        from gongkai.disclosure import actions
        from gongkai.disclosure.models import DisclosureOffice

        if what == "list":
            for row in DisclosureOffice.objects.select_related("department", "office").order_by(
                "department__path"
            ):
                self.stdout.write(
                    f"{row.department.short_code} {row.department.name} -> "
                    f"{row.office.short_code} {row.office.name}"
                )
            return
        agency = self._department(options["agency"])
        office = self._department(options["office"]) if what == "set" else None
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
