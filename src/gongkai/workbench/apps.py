from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "gongkai.workbench"
    label = "workbench"
    verbose_name = "工作台"

    def ready(self) -> None:
        from gongkai.core import permissions, supervision
        from gongkai.core.navigation import MenuEntry, register
        from gongkai.workbench import inbox  # noqa: F401  (the calendar reminder)

        for entry in [
            MenuEntry("staff", _("待办"), "workbench:inbox", order=0),
            MenuEntry(
                "staff",
                _("督查"),
                "workbench:supervision",
                order=70,
                match=("workbench:supervision", "workbench:supervision_export"),
                visible=supervision.may_supervise,
            ),
            MenuEntry("staff", _("文件"), "workbench:files", order=80),
            MenuEntry(
                "staff",
                _("检索"),
                "workbench:search",
                order=85,
                match=("workbench:search", "workbench:search_dictionary"),
            ),
            MenuEntry(
                "staff",
                _("工作日历"),
                "workbench:calendar",
                order=90,
                match=("workbench:calendar", "workbench:calendar_year"),
                visible=permissions.can_manage_calendar,
            ),
            MenuEntry(
                "staff",
                _("审计日志"),
                "workbench:audit",
                order=95,
                visible=permissions.can_view_audit,
            ),
            MenuEntry("staff", _("门户网站"), "portal:home", order=99),
        ]:
            register(entry)
