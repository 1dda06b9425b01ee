from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("公共内核")

    def ready(self) -> None:
        from gongkai.core import checks, tasks  # noqa: F401  (registers checks and periodic jobs)
