from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = _("全文检索")

    def ready(self) -> None:
        from gongkai.core import hooks, pagecache
        from gongkai.search import tasks

        hooks.on_content_changed(tasks.object_changed)
        hooks.on_draft_changed(tasks.object_changed)
        # The worker indexes a publish after it is visible elsewhere: a search page kept
        # between the two would hold the old results, so the index has its own version,
        # moved by every write (indexer).
        pagecache.register_version("search", lambda request: pagecache.stored_version("search"))
        post_migrate.connect(_clear_orphans, sender=self)


def _clear_orphans(sender, using="default", **kwargs) -> None:
    # `flush` (and so every TransactionTestCase) empties the Django tables but not the FTS5
    # tables, which Django does not know: clear them when no document is left.
    from gongkai.search.backends import get_backend

    get_backend(using).clear_orphans()
