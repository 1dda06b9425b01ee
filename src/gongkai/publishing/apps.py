from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = _("政务公开")

    def ready(self) -> None:
        from gongkai.core import hooks
        from gongkai.publishing import inbox, tasks  # noqa: F401  (inbox sources, periodic jobs)
        from gongkai.publishing.search_documents import KIND, ItemDocuments

        hooks.register_document_source(KIND, ItemDocuments())
