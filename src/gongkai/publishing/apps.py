from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = _("政务公开")
    mount_urls = True  # core.urls.module_urls: its public and staff pages

    def ready(self) -> None:
        from gongkai.core import figures, hooks, pagecache, publications, references
        from gongkai.core.navigation import MenuEntry, register
        from gongkai.publishing import figures as publishing_figures
        from gongkai.publishing import inbox, roles, tasks  # noqa: F401  (they register on import)
        from gongkai.publishing.permissions import can_use_publishing
        from gongkai.publishing.publications import publish
        from gongkai.publishing.queries import PAGE_VERSION, page_version
        from gongkai.publishing.search_documents import KIND, ItemDocuments

        hooks.register_document_source(KIND, ItemDocuments())
        pagecache.register_version(PAGE_VERSION, page_version)
        figures.register_provider(
            [publishing_figures.NORMATIVE_DOCUMENTS], publishing_figures.normative_document_figures
        )
        references.register_lookup(publishing_figures.published_by_reference)
        publications.register_publisher(publish)
        register(MenuEntry("public", _("政府信息公开"), "publishing:catalogue", order=20))
        register(
            MenuEntry(
                "staff",
                _("政务公开"),
                "publishing:staff:list",
                order=20,
                match=("publishing:staff:",),
                visible=can_use_publishing,
            )
        )
