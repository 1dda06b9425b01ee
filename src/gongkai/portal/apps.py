from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self) -> None:
        from gongkai.core.navigation import MenuEntry, register

        register(MenuEntry("public", _("首页"), "portal:home", order=0))
        register(MenuEntry("public", _("机构设置"), "portal:departments", order=90))
