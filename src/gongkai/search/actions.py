"""Every write in search that a person makes: one function each, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit, permissions
from gongkai.core.errors import InvalidInput
from gongkai.search import segment
from gongkai.search.models import DictionaryWord

MIN_WORD_LENGTH = 2


def check_word(word: str) -> str:
    """The word as it will be stored, or InvalidInput saying what is wrong with it."""
    cleaned = segment.clean_word(word)
    if not cleaned:
        raise InvalidInput(_("请输入要添加的词语。"), "word")
    if len(cleaned) < MIN_WORD_LENGTH:
        raise InvalidInput(_("词语至少需要 2 个字。单个汉字本来就能检索到。"), "word")
    if len(cleaned) > segment.MAX_WORD_LENGTH:
        raise InvalidInput(_("词语不能超过 %(n)s 个字。") % {"n": segment.MAX_WORD_LENGTH}, "word")
    if any(c.isspace() for c in cleaned):
        raise InvalidInput(_("词语中不能有空格：请逐个添加。"), "word")
    if not segment.has_cjk(cleaned):
        raise InvalidInput(_("词典用于汉语分词，请输入含有汉字的词语。"), "word")
    if cleaned in {segment.normalise(t) for t in segment.GOVERNMENT_TERMS}:
        raise InvalidInput(_("“%(word)s”已是系统内置的政务词语。") % {"word": cleaned}, "word")
    if DictionaryWord.objects.filter(word=cleaned).exists():
        raise InvalidInput(_("“%(word)s”已在词典中。") % {"word": cleaned}, "word")
    return cleaned


@transaction.atomic
def add_dictionary_word(*, actor, word: str) -> DictionaryWord:
    """Add a word to the segmentation dictionary and cut again the documents that hold it.

    `actor` None is the system (the `gongkai search add-word` command run by an operator).
    """
    if actor is not None and not permissions.can_manage_organisation(actor):
        raise PermissionDenied(_("只有系统管理员可以维护检索词典。"))
    cleaned = check_word(word)
    old_tokens = segment.words(cleaned)  # how the text was cut until now
    entry = DictionaryWord.objects.create(word=cleaned, added_by=actor)
    audit.record(
        "search.add_word",
        actor=actor,
        obj=entry,
        data={"word": cleaned, "was_cut_as": old_tokens},
    )

    def after_commit() -> None:
        from gongkai.search import tasks

        segment.reload()
        tasks.reindex_containing(old_tokens)

    transaction.on_commit(after_commit)
    return entry
