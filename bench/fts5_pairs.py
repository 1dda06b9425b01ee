"""What SQLite FTS5's writer spends on the `pairs` column, by how the pairs are written.

The SQLite build at 10^6 documents is bound by the writing process, nearly all of it inside
FTS5. This measures FTS5 alone: N documents of bench/search.py's corpus are prepared once
(not timed) as the indexer prepares them; then, for each variant, a fresh database with the
search app's two FTS5 tables (migration 0001, the bulk load's FTS5 settings) gets them in
transactions of 5,000 rows, and the CPU time of the inserts is printed per document.

Variants (`--variants`, rounds interleaved so that the machine's drift falls on all of them):
- `pairs`: each pair as itself (`电子文件_在`, what the index held until migration 0005);
- `buckets:N`: each pair as its bucket, its key (base.pair_key) modulo N (the index holds
  sqlite.PAIR_BUCKETS of them);
- `empty`: no pairs at all (what the column costs, as a floor);
- `chars:N`: the buckets in `search_chars` (no positions) instead of `search_fts`.

    .venv/bin/python bench/fts5_pairs.py --n 40000 --rounds 2
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search as corpus_bench  # noqa: E402  (bench/search.py: the same corpus)

TOKENIZE = "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\""
BATCH = 5000


def prepare(n: int) -> list[tuple]:
    """Each document as (title, body, sub-words, filters, characters, its pairs (a, b))."""
    from gongkai.search import indexer
    from gongkai.search.backends import sqlite
    from gongkai.search.backends.base import word_pairs

    rng = random.Random(corpus_bench.SEED)
    vocabulary = corpus_bench.build_vocabulary(rng)
    corpus = corpus_bench.Corpus(
        vocabulary, *corpus_bench.make_columns_and_departments(), corpus_bench.document_kinds()
    )
    backend = sqlite.SqliteBackend(None)
    rows = []
    for document in corpus_bench.generate_documents(corpus, n):
        doc = indexer.prepare(document, today=20000)
        title, body, sub, _buckets, facets, chars = backend.encode_index(doc)
        pairs = word_pairs(doc.title_words, doc.common) + word_pairs(doc.body_words, doc.common)
        rows.append((title, body, sub, facets, chars, pairs))
    return rows


def pair_texts(rows: list[tuple], variant: str) -> list[str]:
    from gongkai.search.backends.base import pair_key

    kind, _, count = variant.partition(":")
    if kind == "empty":
        return [""] * len(rows)
    if kind == "pairs":
        return [" ".join(f"{a}_{b}" for a, b in row[5]) for row in rows]
    buckets = int(count)
    return [" ".join(f"_p{pair_key(a, b) % buckets:x}" for a, b in row[5]) for row in rows]


def write(rows: list[tuple], pairs: list[str], in_chars: bool, path: Path) -> tuple[float, int]:
    """CPU seconds of inserting every row into fresh FTS5 tables at `path`, and their size."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        f"CREATE VIRTUAL TABLE search_fts USING fts5(title, body, sub, pairs, facets, {TOKENIZE})"
    )
    db.execute(f"CREATE VIRTUAL TABLE search_chars USING fts5(chars, {TOKENIZE}, detail=none)")
    for table in ("search_fts", "search_chars"):  # sqlite.FTS5_BULK
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', {256 * 1024 * 1024})")
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 16)")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -262144")
    started = time.process_time()
    for start in range(0, len(rows), BATCH):
        fts, chars = [], []
        for key in range(start, min(start + BATCH, len(rows))):
            title, body, sub, facets, characters, _ = rows[key]
            if in_chars:
                fts.append((key + 1, title, body, sub, "", facets))
                chars.append((key + 1, f"{characters} {pairs[key]}"))
            else:
                fts.append((key + 1, title, body, sub, pairs[key], facets))
                chars.append((key + 1, characters))
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO search_fts (rowid, title, body, sub, pairs, facets) VALUES (?, ?, ?, ?, ?, ?)",
            fts,
        )
        db.executemany("INSERT INTO search_chars (rowid, chars) VALUES (?, ?)", chars)
        db.execute("COMMIT")
    cpu = time.process_time() - started
    db.close()
    size = sum(f.stat().st_size for f in path.parent.glob(path.name + "*"))
    return cpu, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--variants", default="pairs,buckets:4096,buckets:16384,buckets:65536,empty,chars:4096"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gongkai-fts5-pairs-") as tmp:
        os.environ["GONGKAI_DATA_DIR"] = tmp
        os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
        os.environ.pop("GONGKAI_DATABASE_URL", None)
        sys.path.insert(0, str(corpus_bench.ROOT / "src"))
        import django

        from gongkai.core.keys import ensure_local_keys

        ensure_local_keys(Path(tmp))  # as `gongkai migrate` does: settings only read them
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(f"SQLite {sqlite3.sqlite_version}; preparing {args.n:,} documents", flush=True)
        rows = prepare(args.n)
        pairs_per_doc = sum(len(row[5]) for row in rows) / len(rows)
        print(f"{pairs_per_doc:.1f} pairs per document", flush=True)
        variants = args.variants.split(",")
        texts = {v: pair_texts(rows, v) for v in variants}
        for v in variants:
            print(f"  {v}: {len(set(' '.join(texts[v]).split())):,} distinct tokens", flush=True)
        results: dict[str, list[float]] = {v: [] for v in variants}
        sizes: dict[str, int] = {}
        for round_ in range(args.rounds):
            for v in variants:
                path = Path(tmp) / f"w{round_}-{v.replace(':', '-')}.db"
                cpu, sizes[v] = write(rows, texts[v], v.startswith("chars:"), path)
                for f in path.parent.glob(path.name + "*"):
                    f.unlink()
                results[v].append(cpu / len(rows) * 1000)
                print(
                    f"  round {round_ + 1} {v:>14}: {results[v][-1]:.3f} ms per document",
                    flush=True,
                )
        print(f"\nFTS5 writer CPU per document, {args.n:,} documents, {args.rounds} rounds")
        for v in variants:
            runs = " ".join(f"{x:.3f}" for x in results[v])
            print(f"{v:>14}: min {min(results[v]):.3f} ms  ({runs})  {sizes[v] / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
