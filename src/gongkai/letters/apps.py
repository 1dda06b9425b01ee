from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The page cache's version of 政民互动's public pages (published letters, the board, the
# consultations, the statistics): moved by every action that changes what they show.
PAGE_VERSION = "letters"


class LettersConfig(AppConfig):
    name = "gongkai.letters"
    label = "letters"
    verbose_name = _("政民互动")
    mount_urls = True  # core.urls.module_urls: its public and staff pages

    def ready(self) -> None:
        from gongkai.core import pagecache
        from gongkai.letters import roles  # noqa: F401  (they register on import)

        pagecache.register_version(
            PAGE_VERSION, lambda request: pagecache.stored_version(PAGE_VERSION)
        )
