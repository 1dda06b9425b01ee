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
        from gongkai.letters import inbox_board, roles  # noqa: F401  (they register on import)

        pagecache.register_version(
            PAGE_VERSION, lambda request: pagecache.stored_version(PAGE_VERSION)
        )
        from gongkai.core.navigation import MenuEntry, register

        # The portal's 政民互动: every public page of the app (letters, board, consultations).
        register(MenuEntry("public", _("政民互动"), "letters:index", order=40, match=("letters:",)))
        from gongkai.letters import supervision

        supervision.register()  # late and nearly late replies on the supervision board
        self._register_staff_letters()

    def _register_staff_letters(self) -> None:
        """The workbench's 政民互动 entry (the letter queue, lit on every staff page of the
        app) and the letters waiting in a user's inbox."""
        from gongkai.core.navigation import MenuEntry, register
        from gongkai.letters import inbox  # noqa: F401  (it registers on import)
        from gongkai.letters.permissions import is_letters_staff

        register(
            MenuEntry(
                "staff",
                _("政民互动"),
                "letters:staff:queue",
                order=40,
                match=("letters:staff:",),
                visible=is_letters_staff,
            )
        )
