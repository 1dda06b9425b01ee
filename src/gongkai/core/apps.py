from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = _("公共内核")

    def ready(self) -> None:
        from gongkai.core import checks, pagecache, tasks  # noqa: F401  (checks, periodic jobs)

        # The departments, shown by the public pages: moved by create_department.
        organisation = pagecache.ORGANISATION
        pagecache.register_version(
            organisation, lambda request: pagecache.stored_version(organisation)
        )
