from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The page cache's version of 政务服务's public pages (the catalogue, the 职权目录): moved by
# every action that changes what they show (pagecache.change_version(PAGE_VERSION)).
PAGE_VERSION = "services"
# The staff pages of the catalogue, which light up its menu entry.
CATALOGUE_PAGES = ("catalogue", "item_new", "item", "item_edit")


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
        self._register_catalogue()
        self._register_powers()
        self._register_cases()
        self._register_figures()
        from gongkai.services import supervision

        supervision.register()  # its late cases and rectifications on the supervision board
        self._register_summary()

    def _register_summary(self) -> None:
        """The kept per-day figures (services.summary): counted again when the working calendar
        changes, and filled after `migrate` when a database holds cases but no kept figures
        (one made before the summary existed)."""
        from django.db.models.signals import post_migrate

        from gongkai.core import hooks
        from gongkai.services import summary

        hooks.on_calendar_changed(summary.rebuild)
        post_migrate.connect(summary.fill_if_missing, sender=self)

    def _register_catalogue(self) -> None:
        """The catalogue's search documents and menu entries (the public 政务服务 page, and the
        editors' and reviewers' 事项清单)."""
        from gongkai.core import hooks
        from gongkai.core.navigation import MenuEntry, register
        from gongkai.services.catalogue_access import is_catalogue_staff
        from gongkai.services.search_documents import KIND, ItemDocuments

        hooks.register_document_source(KIND, ItemDocuments())
        register(MenuEntry("public", _("政务服务"), "services:index", order=25))
        register(
            MenuEntry(
                "staff",
                _("事项清单"),
                "services:staff:catalogue",
                order=36,
                match=tuple(f"services:staff:{name}" for name in CATALOGUE_PAGES),
                visible=is_catalogue_staff,
            )
        )

    def _register_powers(self) -> None:
        """The 职权目录 on the 政府信息公开 page (条例 Art. 20 (二), (五)), in the search, and its
        editors' menu."""
        from gongkai.core import hooks
        from gongkai.core.navigation import OPEN_CATALOGUE, MenuEntry, register
        from gongkai.services.power_documents import KIND, PowerDocuments
        from gongkai.services.views.staff_powers import POWER_PAGES, may_keep_powers

        hooks.register_document_source(KIND, PowerDocuments())
        register(
            MenuEntry(
                OPEN_CATALOGUE,
                _("行政职权目录（条例第二十条第（二）、（五）项）"),
                "services:powers",
            )
        )
        register(
            MenuEntry(
                "staff",
                _("职权目录"),
                "services:staff:powers",
                order=37,
                match=tuple(f"services:staff:{name}" for name in POWER_PAGES),
                visible=may_keep_powers,
            )
        )

    def _register_cases(self) -> None:
        """The window's menu entry (queues, cases, 首问) and its inbox source."""
        from gongkai.core.navigation import MenuEntry, register
        from gongkai.services import inbox, inbox_rectifications  # noqa: F401  (they register)
        from gongkai.services.permissions import is_services_staff
        from gongkai.services.url_parts import rectifications
        from gongkai.services.url_parts.staff_cases import PAGES

        register(
            MenuEntry(
                "staff",
                _("政务服务"),
                "services:staff:queue",
                order=35,
                match=tuple(f"services:staff:{name}" for name in PAGES + rectifications.PAGES),
                visible=is_services_staff,
            )
        )

    def _register_figures(self) -> None:
        """The annual report's 行政许可 decisions and the finished cases for the archive."""
        from gongkai.core import archive, figures
        from gongkai.services import figures as services_figures

        figures.register_provider(
            [services_figures.LICENSING_DECISIONS], services_figures.licensing_figures
        )
        archive.register_archive_source(
            services_figures.ARCHIVE_KIND, services_figures.finished_cases
        )
