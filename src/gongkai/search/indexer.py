"""Writing the index: documents in, rows of SearchDocument plus the engine's index out.

`index_documents` is the one way in (the worker's per-object job, `gongkai search reindex`
and the benchmarks all use it). Each batch is one transaction: existing documents of the same
(kind, object_id) are removed, the new ones inserted with fresh sort keys, and the
vocabulary's document frequencies moved by the difference.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core import hooks, pagecache
from gongkai.search import segment, vocabulary
from gongkai.search.backends import get_backend
from gongkai.search.backends.base import NON_PUBLIC, Backend, Encoded, Prepared
from gongkai.search.models import ReindexState, SearchDocument

MAX_BODY_CHARS = 50_000  # longer texts are indexed (and shown in snippets) up to here
# One transaction each. FTS5 writes a segment (at least) per transaction, and each holds the
# write lock for its whole batch (seconds, for this many documents into a large index):
# larger transactions write fewer, larger segments and merge less (backends.sqlite: FTS5's
# `hashsize` during a bulk load).
DEFAULT_BATCH_SIZE = 5000
EPOCH = date(1970, 1, 1)
SORT_KEY_SHIFT = 32  # sort_key = (day << 32) + id
# Vocabulary changes are gathered over batches and written when this many terms are pending
# (and at the end of every call): each batch of Chinese text repeats most of its terms.
VOCABULARY_FLUSH_TERMS = 200_000


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


@lru_cache(maxsize=1024)  # a handful of kinds and validity values, on every document
def _facet(value) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in str(value).lower())


def facets(*, kind=None, column=None, department=None, year=None, validity=None) -> list[str]:
    """The filter tokens for these values, as documents carry them and queries ask for them."""
    out = []
    if kind:
        out.append(f"_k{_facet(kind)}")
    if column is not None:
        out.append(f"_c{int(column)}")
    if department is not None:
        out.append(f"_d{int(department)}")
    if year is not None:
        out.append(f"_y{int(year)}")
    if validity:
        out.append(f"_v{_facet(validity)}")
    return out


@lru_cache(maxsize=1)
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_number(day: date) -> int:
    return (day - EPOCH).days


def prepare(doc: dict, today: int | None = None) -> Prepared:
    """Cut one document dict (see core.hooks.DocumentSource) into what the index stores."""
    title = str(doc.get("title") or "").strip()
    body = str(doc.get("body") or "")[:MAX_BODY_CHARS]
    extra = doc.get("extra")
    if extra is None:
        extra = "\n".join(
            str(doc[key]).strip()
            for key in ("summary", "keywords", "document_number", "index_number")
            if doc.get(key)
        )
    published_at = doc.get("published_at")
    if published_at is not None and published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=_zone())
    published_day = year = None
    if published_at is not None:
        local = published_at.astimezone(_zone()).date()  # the site's day, as readers see it
        published_day, year = day_number(local), local.year
    if today is None:
        today = day_number(timezone.localdate())
    is_public = bool(doc.get("is_public", True))
    title_text = segment.normalise(title)
    body_text = segment.normalise(f"{body}\n{extra}" if extra else body)
    tokens = facets(
        kind=doc["kind"],
        column=doc.get("column_id"),
        department=doc.get("department_id"),
        year=year,
        validity=doc.get("validity"),
    )
    if not is_public:
        tokens.append(NON_PUBLIC)
    return Prepared(
        kind=doc["kind"],
        object_id=int(doc["object_id"]),
        title=title,
        body=body,
        extra=extra,
        url=str(doc.get("url") or ""),
        column_id=doc.get("column_id"),
        department_id=doc.get("department_id"),
        published_at=published_at,
        published_day=published_day,
        year=year,
        validity=str(doc.get("validity") or ""),
        is_public=is_public,
        title_words=segment.words(title_text, normalised=True),
        body_words=segment.words(body_text, normalised=True),
        facets=tokens,
        day=max(0, published_day if published_day is not None else today),
    )


class _Vocabulary:
    """Document-frequency changes, gathered over batches and written in one statement."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self.changes: Counter = Counter()

    def flush(self, *, unless_below: int = 0) -> None:
        if len(self.changes) <= unless_below:
            return
        limit = vocabulary.MAX_TERM_LENGTH
        changes = {t: n for t, n in self.changes.items() if n and len(t) <= limit}
        with transaction.atomic():
            self.backend.add_terms(changes)
        self.changes.clear()


def _remove(backend: Backend, kind: str, object_ids: list[int], vocab: _Vocabulary) -> int:
    rows = backend.existing(kind, object_ids)
    public_keys = [key for _id, key, _oid, public in rows if public]
    for terms in backend.old_terms(public_keys):
        vocab.changes.subtract(terms)
    backend.delete([r[0] for r in rows], [r[1] for r in rows])
    pagecache.change_version("search")  # kept search pages are older than the index now
    return len(rows)


class Batch(NamedTuple):
    """A prepared batch: the rows to write, and how often each term occurs among the public
    ones (counted where the batch was cut, so the writer only adds the counts up)."""

    rows: list[Encoded]
    terms: Counter


def _write(backend: Backend, batch: Batch, vocab: _Vocabulary) -> None:
    rows = batch.rows
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row.object_id)
    for kind, object_ids in by_kind.items():
        _remove(backend, kind, object_ids, vocab)
    ids = backend.next_ids(len(rows))
    keys = [(row.day << SORT_KEY_SHIFT) + pk for row, pk in zip(rows, ids, strict=True)]
    backend.insert(rows, ids, keys, timezone.now())
    vocab.changes.update(batch.terms)
    pagecache.change_version("search")


def _prepare_batch(batch: list[dict], today: int) -> Batch:
    """Cut and encode a batch for the engine, and count its terms (no database: it may run
    in a helper, which in a bulk load has time to spare while the writer has none)."""
    encode = get_backend().encode
    last = {(doc["kind"], int(doc["object_id"])): doc for doc in batch}  # of duplicates
    rows: list[Encoded] = []
    terms: Counter = Counter()
    for doc in last.values():
        prepared = prepare(doc, today)  # (not kept: the batch's words would stay in memory)
        rows.append(encode(prepared))
        if prepared.is_public:
            # Counted: the terms are not sent back with the rows (a kilobyte each).
            terms.update(prepared.terms())
    return Batch(rows, terms)


def _worker_start() -> None:
    # The helper process inherited this process's database connections: it must not use them.
    segment.freeze()


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _helpers(backend: Backend) -> int:
    """How many processes cut batches during a bulk load: none on one core; else as many
    as the engine leaves cores free (Backend.bulk_helpers)."""
    cores = _cores()
    if cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(backend.bulk_helpers, cores)


def _prepared(jobs: Iterable[tuple], today: int, *, helpers: int) -> Iterator[tuple]:
    """(tag, encoded rows) for each (tag, documents) job, in order.

    With `helpers` (a bulk load on two cores or more), that many other processes cut the
    next batches while this one writes: cutting Chinese text costs as much as writing it or
    more, and rjieba holds the GIL, so only processes run alongside. They run whatever the
    load: on a busy machine the writer still gains from not cutting. The tags (and any
    reading of the documents, which needs this process's database connection) stay here.
    """
    if not helpers:
        for tag, documents in jobs:
            yield tag, _prepare_batch(documents, today)
        return
    segment.segmenter()  # loaded (and its dictionary read) before the fork
    jobs = iter(jobs)
    context = multiprocessing.get_context("fork")
    with context.Pool(helpers, initializer=_worker_start) as pool:
        pending: deque = deque()
        while True:
            try:
                tag, documents = next(jobs)
            except StopIteration:
                break
            except Exception:
                # Reading failed: what was read before is still written (a reindex then
                # resumes after it), as it would have been without the read-ahead.
                while pending:
                    done_tag, result = pending.popleft()
                    yield done_tag, result.get()
                raise
            pending.append((tag, pool.apply_async(_prepare_batch, (documents, today))))
            if len(pending) > helpers:  # each helper has a batch while the oldest is written
                done_tag, result = pending.popleft()
                yield done_tag, result.get()
        while pending:
            done_tag, result = pending.popleft()
            yield done_tag, result.get()


def index_documents(
    documents: Iterable[dict], *, batch_size: int = DEFAULT_BATCH_SIZE, pinyin: bool = True
) -> int:
    """Index (or re-index) documents given as dicts; returns how many were written.

    Keys: kind, object_id, title, body (plain text), url, column_id, department_id,
    published_at (aware datetime or None), validity, is_public; optional summary, keywords,
    document_number, index_number (searched, shown in snippets when they matched). A
    document with the (kind, object_id) of one already indexed replaces it. Each batch of
    `batch_size` is one transaction. An input of more than one batch is a bulk load: it is
    cut in other processes meanwhile, and written with the engine's bulk settings
    (Backend.bulk_writing).
    `pinyin=False` leaves the new terms' pinyin for later (`vocabulary.fill_pinyin`).
    """
    backend = get_backend()
    vocab = _Vocabulary(backend)
    today = day_number(timezone.localdate())
    batches = _chunks(documents, batch_size)
    head = list(islice(batches, 2))
    bulk = len(head) > 1
    jobs = ((None, batch) for batch in itertools.chain(head, batches))
    written = 0
    # After a bulk load the new terms' pinyin is filled in while the engine finishes.
    fill = vocabulary.fill_pinyin if pinyin else None
    with backend.bulk_writing(meanwhile=fill) if bulk else nullcontext():
        for _tag, batch in _prepared(jobs, today, helpers=_helpers(backend) if bulk else 0):
            with transaction.atomic():
                _write(backend, batch, vocab)
            vocab.flush(unless_below=VOCABULARY_FLUSH_TERMS)
            written += len(batch.rows)
        vocab.flush()
    if pinyin and not bulk:
        vocabulary.fill_pinyin()
    return written


def delete_documents(kind: str, object_ids: Iterable[int]) -> int:
    """Remove these objects' documents from the index; returns how many there were."""
    backend = get_backend()
    vocab = _Vocabulary(backend)
    removed = 0
    for batch in _chunks(object_ids, DEFAULT_BATCH_SIZE):
        with transaction.atomic():
            removed += _remove(backend, kind, [int(pk) for pk in batch], vocab)
        vocab.flush(unless_below=VOCABULARY_FLUSH_TERMS)
    vocab.flush()
    return removed


def index_object(kind: str, pk: int) -> bool:
    """Bring one object's document up to date from its source; False when it left the index."""
    source = hooks.document_source(kind)
    if source is None:
        return False
    doc = source.document(pk)
    if doc is None:
        delete_documents(kind, [pk])
        return False
    index_documents([doc])
    return True


def _read(source, pks: list[int]) -> list[dict | None]:
    if hasattr(source, "documents"):
        return list(source.documents(pks))
    return [source.document(pk) for pk in pks]


def _read_chunks(source, chunks: list[list[int]]) -> Iterator[tuple]:
    """((ids, ids of objects gone), documents of those present) for each chunk of ids."""
    for chunk in chunks:
        docs = _read(source, chunk)
        gone = [pk for pk, d in zip(chunk, docs, strict=True) if d is None]
        yield (chunk, gone), [d for d in docs if d is not None]


def reindex(
    *,
    restart: bool = False,
    kinds: Iterable[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress=sys.stderr,
) -> dict[str, int]:
    """Index every object of every registered source, resuming where a stopped run got to.

    The last object id done is saved with each batch (ReindexState); a run that finished, or
    `restart=True`, starts from the beginning. Documents of objects that no longer exist are
    removed at the end. `progress`: a file for tqdm's bar, or None for none.
    """
    from tqdm import tqdm

    wanted = set(kinds) if kinds else None
    done: dict[str, int] = {}
    backend = get_backend()
    for kind, source in hooks.document_sources().items():
        if wanted is not None and kind not in wanted:
            continue
        state, _created = ReindexState.objects.get_or_create(kind=kind)
        if restart or state.finished:
            state.last_id, state.finished = 0, False
            state.save(update_fields=["last_id", "finished", "updated_at"])
        all_ids = sorted({int(pk) for pk in source.ids()})
        todo = [pk for pk in all_ids if pk > state.last_id]
        bar = tqdm(
            total=len(all_ids),
            initial=len(all_ids) - len(todo),
            desc=kind,
            unit="doc",
            file=progress,
            disable=progress is None,
        )
        today = day_number(timezone.localdate())
        vocab = _Vocabulary(backend)
        chunks = list(_chunks(todo, batch_size))
        bulk = len(chunks) > 1
        with backend.bulk_writing() if bulk else nullcontext():
            for (chunk, gone), present in _prepared(
                _read_chunks(source, chunks), today, helpers=_helpers(backend) if bulk else 0
            ):
                with transaction.atomic():
                    if present.rows:
                        _write(backend, present, vocab)
                    if gone:
                        _remove(backend, kind, gone, vocab)
                    ReindexState.objects.filter(pk=state.pk).update(
                        last_id=chunk[-1], updated_at=timezone.now()
                    )
                vocab.flush(unless_below=VOCABULARY_FLUSH_TERMS)
                bar.update(len(chunk))
            vocab.flush()
        bar.close()
        indexed = set(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
        delete_documents(kind, sorted(indexed - set(all_ids)))
        ReindexState.objects.filter(pk=state.pk).update(
            last_id=all_ids[-1] if all_ids else 0, finished=True, updated_at=timezone.now()
        )
        done[kind] = len(all_ids)
    vocabulary.fill_pinyin()
    return done


def stored_documents(ids: Iterable[int]) -> Iterator[dict]:
    """Documents rebuilt from what SearchDocument stores (to cut them again with a new word)."""
    for batch in _chunks(ids, DEFAULT_BATCH_SIZE):
        for row in SearchDocument.objects.filter(pk__in=batch):
            yield {
                "kind": row.kind,
                "object_id": row.object_id,
                "title": row.title,
                "body": row.body,
                "extra": row.extra,
                "url": row.url,
                "column_id": row.column_id,
                "department_id": row.department_id,
                "published_at": row.published_at,
                "validity": row.validity,
                "is_public": row.is_public,
            }


def retokenize_containing(old_tokens: list[str]) -> int:
    """Cut again every document whose title or body holds these tokens in this order (the
    text of a word just added to the dictionary, as it used to be cut)."""
    from gongkai.search.backends.base import Plan, Term

    if not old_tokens:
        return 0
    term = Term("phrase" if len(old_tokens) > 1 else "word", tuple(old_tokens))
    keys = get_backend().keys(Plan(words=[term], rank=[term], public=False))
    ids = list(SearchDocument.objects.filter(sort_key__in=keys).values_list("pk", flat=True))
    return index_documents(stored_documents(ids))
