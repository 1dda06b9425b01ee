"""Search: the documents indexed, their vocabulary, the administrators' dictionary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """检索文档: one indexed object (a published item, later other kinds), with its text.

    The engine's index lives beside this table: on SQLite the FTS5 tables `search_fts` and
    `search_chars` (rowid = `sort_key`), on PostgreSQL the columns `tsv`, `ptsv` and `ctsv` of
    this table with GIN indexes; made by migrations 0001-0004 for their database only. The
    day in `sort_key` is also what the recency boost reads, so ranking needs no join.
    `column_id` and `department_id` are plain numbers, not foreign keys: search imports no
    other module, and other kinds of documents will bring their own.
    """

    kind = models.CharField(_("类型"), max_length=40)
    object_id = models.BigIntegerField(_("对象编号"))
    # (published day << 32) + id: ordering by it is ordering by date, and the FTS5 rowid is
    # it, so "newest first" walks the full-text index backwards and stops early.
    sort_key = models.BigIntegerField(unique=True)
    title = models.TextField(_("标题"))
    body = models.TextField(_("正文"), blank=True)
    # Summary, keywords, document number, index number: searchable, shown when they matched.
    extra = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    column_id = models.BigIntegerField(_("栏目"), null=True, blank=True)
    department_id = models.BigIntegerField(_("部门"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True)
    published_day = models.IntegerField(null=True, blank=True)  # days since 1970-01-01, local
    year = models.SmallIntegerField(_("年份"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, blank=True)
    is_public = models.BooleanField(_("公开"), default=True)
    indexed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """检索词表: every token of the public documents, with the number of documents holding it.

    It serves the engine's choice of plan (a very common word is not ranked by BM25 over all
    its documents), did-you-mean suggestions and pinyin input (政务公开 <- zhengwugongkai, zwgk).
    """

    term = models.CharField(max_length=40, unique=True)
    df = models.IntegerField(default=0)
    length = models.SmallIntegerField(default=0)
    # A mistyped word nearly always keeps its first or its last character: suggestions look
    # among the terms sharing one of them (two indexed look-ups, never a scan of the table).
    first = models.CharField(max_length=1, default="")
    last = models.CharField(max_length=1, default="")
    pinyin = models.CharField(max_length=200, null=True, blank=True, db_index=True)
    initials = models.CharField(max_length=40, null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = _("检索词")
        indexes = [
            models.Index(fields=["first", "length"], name="search_term_first"),
            models.Index(fields=["last", "length"], name="search_term_last"),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class DictionaryWord(models.Model):
    """分词词典: a word an administrator added so that it is kept whole (e.g. 一件事一次办)."""

    word = models.CharField(_("词语"), max_length=20, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分词词语")
        verbose_name_plural = _("分词词语")
        ordering = ["-added_at", "-pk"]

    def __str__(self) -> str:
        return self.word


class ReindexState(models.Model):
    """Where `gongkai search reindex` got to for one kind, so that it resumes after a stop."""

    kind = models.CharField(max_length=40, unique=True)
    last_id = models.BigIntegerField(default=0)
    finished = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.kind}: {self.last_id}{' (done)' if self.finished else ''}"
