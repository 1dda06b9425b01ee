"""`gongkai search reindex | query TEXT | add-word WORD | stats`."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "全文检索：reindex 重建索引（可中断后续做，--restart 从头开始）；"
        "query 检索（--json 输出 JSON）；add-word 向分词词典添加词语；stats 索引概况"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        reindex = sub.add_parser("reindex", help="索引全部可检索内容，中断后再运行即从中断处继续")
        reindex.add_argument("--restart", action="store_true", help="从头开始，不接续上次")
        reindex.add_argument("--kind", action="append", help="只索引这一类（可重复）")
        # Default: indexer.DEFAULT_BATCH_SIZE (large batches write the full-text index fastest).
        reindex.add_argument("--batch-size", type=int, default=None)
        reindex.add_argument("--quiet", action="store_true", help="不显示进度条")
        query = sub.add_parser("query", help="检索公开内容")
        query.add_argument("text")
        query.add_argument("--json", action="store_true")
        query.add_argument("--page", type=int, default=1)
        query.add_argument("--per-page", type=int, default=10)
        query.add_argument("--sort", choices=["relevance", "date"], default="relevance")
        query.add_argument("--column", type=int)
        query.add_argument("--department", type=int)
        query.add_argument("--year", type=int)
        query.add_argument("--type", dest="kind")
        query.add_argument("--validity")
        add = sub.add_parser("add-word", help="向分词词典添加词语，并重新切分含有它的内容")
        add.add_argument("word")
        sub.add_parser("stats", help="已索引的文档数和词表大小")

    def handle(self, *args, what, **options):
        getattr(self, "_" + what.replace("-", "_"))(**options)

    def _reindex(self, *, restart, kind, batch_size, quiet, **options):
        from gongkai.search.indexer import DEFAULT_BATCH_SIZE, reindex

        if batch_size is None:
            batch_size = DEFAULT_BATCH_SIZE
        if batch_size < 1:
            raise CommandError("--batch-size 须为正整数")
        # tqdm redraws its line with \r: give it the stream under Django's OutputWrapper,
        # which would add a newline to every write.
        stream = getattr(self.stderr, "_out", sys.stderr)
        done = reindex(
            restart=restart, kinds=kind, batch_size=batch_size, progress=None if quiet else stream
        )
        for name, n in done.items():
            self.stdout.write(f"{name}: {n}")

    def _query(self, *, text, page, per_page, sort, **options):
        from gongkai.search.api import search

        if page < 1 or per_page < 1:
            raise CommandError("--page 和 --per-page 须为正整数")
        result = search(
            text,
            column=options["column"],
            department=options["department"],
            year=options["year"],
            kind=options["kind"],
            validity=options["validity"],
            sort=sort,
            page=page,
            per_page=per_page,
        )
        if options["json"]:
            out = {
                "total": result.total,
                "results": [
                    {"id": h.object_id, "title": h.title, "url": h.url, "score": h.score}
                    for h in result.hits
                ],
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        more = "+" if result.total_capped else ""
        searched = f"（按“{result.rewritten_query}”检索）" if result.rewritten_query else ""
        self.stdout.write(f"共 {result.total}{more} 条{searched}")
        for hit in result.hits:
            self.stdout.write(f"{hit.score:10.4f}  {hit.object_id:>8}  {hit.title}  {hit.url}")
        if result.suggestion:
            self.stdout.write(f"您是不是要找：{result.suggestion}")

    def _add_word(self, *, word, **options):
        from gongkai.search.actions import add_dictionary_word

        try:
            entry = add_dictionary_word(actor=None, word=word)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已添加：{entry.word}")

    def _stats(self, **options):
        from gongkai.search.models import DictionaryWord, SearchDocument, SearchTerm

        self.stdout.write(f"文档：{SearchDocument.objects.count()}")
        self.stdout.write(f"公开文档：{SearchDocument.objects.filter(is_public=True).count()}")
        self.stdout.write(f"词表：{SearchTerm.objects.filter(df__gt=0).count()}")
        self.stdout.write(f"词典新增词语：{DictionaryWord.objects.count()}")
