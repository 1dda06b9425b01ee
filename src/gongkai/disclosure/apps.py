from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"
    verbose_name = _("依申请公开")

    def ready(self) -> None:
        from gongkai.core import hooks
        from gongkai.disclosure import inbox, tasks  # noqa: F401  (inbox sources, periodic jobs)
        from gongkai.disclosure.search_documents import KIND, RequestDocuments

        hooks.register_document_source(KIND, RequestDocuments())
