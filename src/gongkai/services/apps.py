from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The page cache's version of 政务服务's public pages (the catalogue, the 职权目录): moved by
# every action that changes what they show (pagecache.change_version(PAGE_VERSION)).
PAGE_VERSION = "services"


class ServicesConfig(AppConfig):
    name = "gongkai.services"
    label = "services"
    verbose_name = _("政务服务")
    mount_urls = True  # core.urls.module_urls: its public and staff pages

    def ready(self) -> None:
        from gongkai.core import pagecache
        from gongkai.services import roles  # noqa: F401  (they register on import)

        pagecache.register_version(
            PAGE_VERSION, lambda request: pagecache.stored_version(PAGE_VERSION)
        )
