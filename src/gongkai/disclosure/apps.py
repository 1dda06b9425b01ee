from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    label = "disclosure"
    verbose_name = _("依申请公开")
    mount_urls = True  # core.urls.module_urls: its public and staff pages

    def ready(self) -> None:
        from gongkai.core import hooks
        from gongkai.core.navigation import MenuEntry, register
        from gongkai.disclosure import inbox, roles, tasks  # noqa: F401  (they register on import)
        from gongkai.disclosure.permissions import is_disclosure_staff
        from gongkai.disclosure.search_documents import KIND, RequestDocuments

        hooks.register_document_source(KIND, RequestDocuments())
        from gongkai.disclosure import supervision

        supervision.register()  # its late replies on the supervision board
        from gongkai.disclosure import transfers

        transfers.register()  # letters that are really requests become requests here
        register(MenuEntry("public", _("依申请公开"), "disclosure:guide", order=30))
        register(
            MenuEntry(
                "staff",
                _("依申请公开"),
                "disclosure:staff:list",
                order=30,
                match=("disclosure:staff:",),
                visible=is_disclosure_staff,
            )
        )
