"""Search benchmark: index build rate and query latency, against the raw full-text engine.

    python bench/search.py [--n 100000] [--db sqlite|postgres] [--queries 200]
                           [--repeat 3] [--data-dir DIR] [--keep] [--json-out FILE]

One run, one data set: it generates N documents from real government vocabulary, indexes them
through `gongkai.search.indexer.index_documents` (timed: items/s), then sends a fixed set of
queries both through `gongkai.search.api.search` (the full interface call, first page) and
straight to the database's full-text engine (FTS5 MATCH ... ORDER BY bm25, or tsvector @@
tsquery ORDER BY ts_rank_cd, top 10) as the reference, and prints p50/p95/p99/max of each, per
query class and overall. It only measures and prints: a timed assertion is not a test.

Data. Sentences of the seed reports (src/gongkai/demo/seed_reports.txt), shuffled with a fixed
seed, mixed with words drawn from jieba's dictionary with their dictionary frequencies as
weights (a Zipf-like distribution). jieba itself is not installed; rjieba carries the same
dictionary built in without a way to list it, so the words are found by asking rjieba which
two-character strings over the seed reports' characters are dictionary words (about 41,000)
and what their frequency is (`suggest_freq`), plus every word rjieba cuts from the seed
reports. The same seed gives the same documents and the same queries on every machine with the
same rjieba.

Targets (issue: search), on the 2-core machine at 10^6 documents: p95 <= 50 ms, interface p95
<= 2x the raw engine's p95, build >= 2,000 items/s. Figures are kept in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import functools
import hashlib
import itertools
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SEED_REPORTS = ROOT / "src" / "gongkai" / "demo" / "seed_reports.txt"
SEED = 20261125
TZ = ZoneInfo("Asia/Shanghai")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
YEARS = list(range(2016, 2027))

# Real department and column names of a county's 政府信息公开 site.
DEPARTMENTS = [
    "县人民政府办公室",
    "县发展和改革局",
    "县教育局",
    "县科学技术局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县生态环境局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水务局",
    "县农业农村局",
    "县商务局",
    "县文化广播电视和旅游局",
    "县卫生健康局",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县林业局",
    "县行政审批局",
    "县档案馆",
    "县信息中心",
    "高山乡人民政府",
    "新桥镇人民政府",
]
COLUMNS = [
    "机构职能",
    "政策文件",
    "政策解读",
    "规划计划",
    "财政预决算",
    "重大项目",
    "公共资源配置",
    "政务服务",
    "行政执法公示",
    "行政许可",
    "行政处罚",
    "人事信息",
    "应急管理",
    "统计信息",
    "建议提案办理",
    "政府工作报告",
    "工作动态",
    "通知公告",
    "乡村振兴",
    "教育",
    "医疗卫生",
    "社会救助",
    "生态环境",
    "安全生产",
    "食品药品监管",
    "征地拆迁",
    "就业创业",
    "民生实事",
    "政府常务会议",
    "政府信息公开年度报告",
]
DOC_TYPES = [
    "通知",
    "通告",
    "公告",
    "公示",
    "意见",
    "实施方案",
    "工作方案",
    "工作报告",
    "工作要点",
    "工作总结",
    "批复",
    "决定",
    "管理办法",
    "实施细则",
    "情况说明",
]
VALIDITY = [("valid", 85), ("amended", 8), ("repealed", 5), ("expired", 2)]
# Candidate words for queries that must find nothing: none of their characters occurs in the
# generated text (checked below), so no segmentation can produce them.
ABSENT_WORDS = [
    "鳄鱼",
    "骆驼",
    "琵琶",
    "蝴蝶",
    "麒麟",
    "鹦鹉",
    "葡萄酒",
    "钢琴",
    "螃蟹",
    "橄榄",
    "蜻蜓",
    "袈裟",
    "瀑布",
    "獬豸",
    "蟋蟀",
    "鸳鸯",
    "翡翠",
    "珊瑚",
    "蚂蚁",
    "骷髅",
]
ABSENT_LATIN = ["xyzzyq", "qwfpgj", "zzkvbx", "plughz", "frobnicatex"]

# Share of the query set per class (the issue: one-word, two-word, phrase, filtered, rare,
# very common, and a few zero-result queries).
CLASS_SHARES = [
    ("very_common", 20),
    ("common", 25),
    ("medium", 25),
    ("rare", 25),
    ("two_word", 25),
    ("phrase", 25),
    ("filter_year", 15),
    ("filter_column", 15),
    ("filter_department", 15),
    ("zero", 10),
]


# --------------------------------------------------------------------------------------------
# Vocabulary and documents


@dataclass
class Vocabulary:
    words: list[str]  # dictionary words, drawn with their jieba frequency as weight
    cum_weights: list[float]
    sentences: list[str]  # seed-report sentences, shuffled
    headings: list[str]  # short seed-report lines usable as titles
    seed_words: set[str]  # every word rjieba cuts from the seed reports
    seed_token_runs: list[list[str]]  # each seed sentence as words, for phrase queries
    source: str


def build_vocabulary(rng: random.Random) -> Vocabulary:
    from importlib.metadata import version

    import rjieba

    text = SEED_REPORTS.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    noise = re.compile(r"^(\d{4}-\d{2}-\d{2}|页[眉脚]文字|参考文献.*)$")
    lines = [line for line in lines if not noise.match(line)]

    sentences: list[str] = []
    headings: list[str] = []
    for line in lines:
        if len(line) <= 30 and not line.endswith(("。", "；")):
            heading = re.sub(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*", "", line)
            heading = re.sub(r"\s*[篇第]\s*\d+$|\(共\d+篇\)$", "", heading).strip()
            if len(heading) >= 4:
                headings.append(heading)
            continue
        for part in re.split(r"(?<=[。！？；])", line):
            part = part.strip()
            # Long sentences are cut at commas so that no single draw dominates a document.
            while len(part) > 120:
                cut = part.rfind(",", 0, 120)
                cut = part.rfind("，", 0, 120) if cut < 20 else cut
                cut = 120 if cut < 20 else cut + 1
                sentences.append(part[:cut])
                part = part[cut:].strip()
            if len(part) >= 8:
                sentences.append(part)
    rng.shuffle(sentences)
    headings = sorted(set(headings))
    rng.shuffle(headings)

    seed_words = {w for w in rjieba.cut(text) if HAN.match(w)}
    seed_words |= {w for w in rjieba.cut_all(text) if HAN.match(w) and len(w) >= 2}
    seed_token_runs = [[w for w in rjieba.cut(s)] for s in sentences]

    chars = sorted({c for c in text if HAN.match(c)})
    candidates = {a + b for a in chars for b in chars}
    candidates |= {w for w in seed_words if len(w) >= 2}
    words = sorted(w for w in candidates if rjieba.has_word(w))
    weights = [max(1, rjieba.suggest_freq(w) - 1) for w in words]
    cum: list[float] = []
    total = 0.0
    for weight in weights:
        total += weight
        cum.append(total)
    return Vocabulary(
        words=words,
        cum_weights=cum,
        sentences=sentences,
        headings=headings,
        seed_words=seed_words,
        seed_token_runs=seed_token_runs,
        source=(
            f"{len(sentences)} seed-report sentences, {len(headings)} headings, "
            f"{len(words)} jieba dictionary words (rjieba {version('rjieba')})"
        ),
    )


@dataclass
class Corpus:
    vocabulary: Vocabulary
    column_ids: list[int]
    department_ids: list[int]
    kinds: list[str]


def zipf_cum(n: int, s: float = 1.0) -> list[float]:
    cum, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1 / rank**s
        cum.append(total)
    return cum


def generate_documents(corpus: Corpus, n: int, seed: int = SEED) -> Iterator[dict]:
    """N documents, the same for the same seed: ~400-character bodies, titles, metadata."""
    rng = random.Random(seed)
    voc = corpus.vocabulary
    words, cum = voc.words, voc.cum_weights
    top = cum[-1]
    choices = rng.choices
    sentences, headings = voc.sentences, voc.headings
    column_cum = zipf_cum(len(corpus.column_ids), 0.8)
    department_cum = zipf_cum(len(corpus.department_ids), 0.8)
    validity_values = [v for v, _ in VALIDITY]
    validity_cum = []
    acc = 0
    for _, weight in VALIDITY:
        acc += weight
        validity_cum.append(acc)
    kind_cum = zipf_cum(len(corpus.kinds), 2.0)
    department_names = [
        DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(len(corpus.department_ids))
    ]
    for i in range(n):
        target = rng.randint(360, 440)
        parts: list[str] = []
        length = 0
        while length < target:
            if rng.random() < 0.55:
                part = sentences[int(rng.random() * len(sentences))]
            else:
                drawn = [
                    words[bisect.bisect(cum, rng.random() * top)] for _ in range(rng.randint(6, 12))
                ]
                cut = rng.randint(2, len(drawn) - 2)
                part = "".join(drawn[:cut]) + "，" + "".join(drawn[cut:]) + "。"
            parts.append(part)
            length += len(part)
        body = "".join(parts)
        department = choices(range(len(corpus.department_ids)), cum_weights=department_cum)[0]
        if rng.random() < 0.3:
            title = headings[int(rng.random() * len(headings))]
        else:
            drawn = [
                words[bisect.bisect(cum, rng.random() * top)] for _ in range(rng.randint(2, 4))
            ]
            title = f"{department_names[department]}关于{''.join(drawn)}的{rng.choice(DOC_TYPES)}"
        year = YEARS[int(rng.random() * len(YEARS))]
        column = choices(corpus.column_ids, cum_weights=column_cum)[0]
        yield {
            "kind": choices(corpus.kinds, cum_weights=kind_cum)[0],
            "object_id": i + 1,
            "title": title,
            "body": body,
            "url": f"/xxgk/{column}/{i + 1}/",
            "column_id": column,
            "department_id": corpus.department_ids[department],
            "published_at": datetime(
                year,
                rng.randint(1, 12),
                rng.randint(1, 28),
                rng.randint(8, 18),
                rng.randint(0, 59),
                tzinfo=TZ,
            ),
            "validity": choices(validity_values, cum_weights=validity_cum)[0],
            "is_public": rng.random() < 0.97,
        }


# --------------------------------------------------------------------------------------------
# Queries


@dataclass
class Query:
    cls: str
    text: str  # what a citizen types into the search box
    terms: list[list[str]]  # AND of terms, each term a sequence of tokens (a phrase if > 1)
    filters: dict = field(default_factory=dict)  # api.search keyword arguments
    estimated_df: float | None = None


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def class_counts(total: int) -> dict[str, int]:
    weight = sum(share for _, share in CLASS_SHARES)
    counts = {cls: max(1, round(total * share / weight)) for cls, share in CLASS_SHARES}
    # Rounding: put the difference on the largest classes.
    diff = total - sum(counts.values())
    order = sorted(counts, key=lambda c: -counts[c])
    i = 0
    while diff:
        step = 1 if diff > 0 else -1
        if counts[order[i % len(order)]] + step >= 1:
            counts[order[i % len(order)]] += step
            diff -= step
        i += 1
    return counts


def build_queries(
    corpus: Corpus,
    n_docs: int,
    sample_df: Counter,
    sample_size: int,
    words,
    total: int,
    seed: int = SEED + 1,
) -> list[Query]:
    """The fixed query set: deterministic from the seed and the generated data.

    `sample_df` counts, on the first `sample_size` documents, the documents holding each
    indexed token; `words` is the index's word segmenter (the positional stream), used to
    make sure a one-word query is one word and to cut phrases as the index does.
    """
    rng = random.Random(seed)
    voc = corpus.vocabulary
    counts = class_counts(total)
    scale = n_docs / sample_size

    def single(word: str) -> bool:
        return HAN.match(word) is not None and len(word) >= 2 and words(word) == [word]

    ranked = [(df * scale, w) for w, df in sample_df.items() if single(w)]
    ranked.sort(key=lambda x: (-x[0], x[1]))
    by_ratio = {
        "very_common": [(d, w) for d, w in ranked if d / n_docs >= 0.10],
        "common": [(d, w) for d, w in ranked if 0.01 <= d / n_docs < 0.10],
        "medium": [(d, w) for d, w in ranked if 0.0005 <= d / n_docs < 0.01],
    }
    # Rare: in one or two documents of the sample (at most about 1 in 10,000 documents).
    rare = [(d, w) for d, w in ranked if sample_df[w] <= 2 and d / n_docs <= 0.0001]
    if not rare:
        rare = [(d, w) for d, w in ranked if sample_df[w] <= 2]

    def pick(pool: list, k: int) -> list:
        if not pool:
            return []
        if len(pool) >= k:
            return rng.sample(pool, k)
        return [rng.choice(pool) for _ in range(k)]

    queries: list[Query] = []
    for cls in ("very_common", "common", "medium"):
        pool = by_ratio[cls]
        if cls == "very_common":
            pool = pool[:40]
        for df, word in pick(pool, counts[cls]):
            queries.append(Query(cls, word, [[word]], estimated_df=df))
    for df, word in pick(rare, counts["rare"]):
        queries.append(Query("rare", word, [[word]], estimated_df=df))

    # Two words (AND): half from one seed sentence (they co-occur), half independent.
    medium_common = by_ratio["common"] + by_ratio["medium"]
    two: list[Query] = []
    runs = [
        [w for w in run if single(w) and sample_df.get(w, 0) * scale / n_docs < 0.10]
        for run in voc.seed_token_runs
    ]
    runs = [sorted(set(run)) for run in runs if len(set(run)) >= 2]
    while len(two) < counts["two_word"]:
        if len(two) % 2 == 0 and runs:
            a, b = rng.sample(rng.choice(runs), 2)
        else:
            (_, a), (_, b) = rng.sample(medium_common, 2)
        two.append(Query("two_word", f"{a} {b}", [[a], [b]]))
    queries.extend(two)

    # Phrases: 2-3 consecutive words of a seed sentence, quoted.
    phrases: list[Query] = []
    seen: set[str] = set()
    while len(phrases) < counts["phrase"]:
        run = rng.choice(voc.seed_token_runs)
        size = rng.choice((2, 2, 3))
        if len(run) < size:
            continue
        start = rng.randrange(len(run) - size + 1)
        window = run[start : start + size]
        text = "".join(window)
        if not all(HAN.match(w) for w in window) or not 4 <= len(text) <= 9 or text in seen:
            continue
        toks = words(text)
        if len(toks) < 2:
            continue
        seen.add(text)
        phrases.append(Query("phrase", f'"{text}"', [toks]))
    queries.extend(phrases)

    # Filtered: one word (any frequency band) with a year, a column or a department.
    pool = by_ratio["very_common"][:40] + by_ratio["common"] + by_ratio["medium"]
    for cls, key, values in (
        ("filter_year", "year", YEARS),
        ("filter_column", "column", corpus.column_ids),
        ("filter_department", "department", corpus.department_ids),
    ):
        for df, word in pick(pool, counts[cls]):
            value = rng.choice(values)
            queries.append(Query(cls, word, [[word]], {key: value}, estimated_df=df))

    # Zero results: words whose characters never occur in the data, and Latin nonsense.
    charset = {c for s in voc.sentences + voc.headings for c in s}
    charset |= {c for w in voc.words for c in w}
    charset |= {c for name in DEPARTMENTS + DOC_TYPES for c in name}
    absent = [w for w in ABSENT_WORDS if not set(w) & charset] + ABSENT_LATIN
    for i in range(counts["zero"]):
        word = absent[i % len(absent)]
        queries.append(Query("zero", word, [words(word) or [word]], estimated_df=0))
    return queries


# --------------------------------------------------------------------------------------------
# The throwaway PostgreSQL cluster (the approach of tests/run.py, with memory for 10^6 rows)


@contextlib.contextmanager
def postgres_cluster(options: str, keep: bool = False, existing: str | None = None):
    """A private cluster on a socket in its directory; `existing`: start a kept one again."""
    sys.path.insert(0, str(ROOT))
    from tests.run import find_pg_bin

    pg_bin = find_pg_bin()
    if pg_bin is None:
        raise SystemExit("PostgreSQL (initdb, pg_ctl) not found: install postgresql")
    base = Path(existing) if existing else Path(tempfile.mkdtemp(prefix="gongkai-bench-pg-"))
    data, sock = base / "data", base
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = str(56000 + os.getpid() % 1000)
    initdb = [str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    initdb += ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
    pg_ctl = [str(pg_bin / "pg_ctl"), "-D", str(data)]
    try:
        if not existing:
            subprocess.run([*prefix, *initdb], check=True, stdout=subprocess.DEVNULL)
        opts = f"-k {sock} -p {port} -c listen_addresses='' {options}"
        subprocess.run(
            [*prefix, *pg_ctl, "-l", str(base / "server.log"), "-o", opts, "-w", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        version = subprocess.run(
            [str(pg_bin / "postgres"), "--version"], capture_output=True, text=True
        ).stdout.strip()
        yield f"postgresql://postgres@/postgres?host={sock}&port={port}", version
    finally:
        subprocess.run(
            [*prefix, *pg_ctl, "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if keep:
            print(f"kept the PostgreSQL cluster (stopped) in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Sample:
    api_ms: list[float] = field(default_factory=list)
    raw_ms: list[float] = field(default_factory=list)
    api_total: int | None = None
    api_ids: list = field(default_factory=list)
    raw_ids: list = field(default_factory=list)


def median(values: list[float]) -> float:
    return percentile(values, 50)


def summarise(values: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else float("nan"),
        "mean": sum(values) / len(values) if values else float("nan"),
    }


def progress(iterable, total: int, every: int, label: str):
    start = time.perf_counter()
    for i, item in enumerate(iterable, 1):
        yield item
        if i % every == 0 or i == total:
            elapsed = time.perf_counter() - start
            print(
                f"  {label}: {i:,}/{total:,} in {elapsed:,.1f} s ({i / elapsed:,.0f}/s)", flush=True
            )


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    return info


def machine_speed() -> dict:
    """CPU seconds of two fixed pieces of pure Python: a loop in the processor's caches, and
    a dictionary of 2 million floats sorted (memory). The same code ran up to twice as slow
    on this machine kind at some hours (generating the 10^6 documents took 46-62 s in most
    runs, 83-116 s at 11-30 11:00-11:40), so a run's figures are read against these."""
    rng = random.Random(1)
    start = time.process_time()
    total = 0
    for _ in range(3_000_000):
        total += int(rng.random() * 100)
    loop = time.process_time() - start
    start = time.process_time()
    table = {rng.random(): i for i in range(2_000_000)}
    total += len(sorted(table))
    del table
    return {"loop": round(loop, 3), "memory": round(time.process_time() - start, 3)}


def fmt(value: float) -> str:
    if value != value:  # nan
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:,.0f}"


# --------------------------------------------------------------------------------------------
# The run


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents (default 10^5)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--queries", type=int, default=200, help="query set size (>= 200)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query (median)")
    parser.add_argument("--batch-size", type=int, default=None, help="index_documents batch")
    parser.add_argument("--data-dir", help="GONGKAI_DATA_DIR (default: a fresh temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the data (and PG cluster)")
    parser.add_argument("--json-out", help="also write the figures as JSON here")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the queries again on the index kept (--keep) in --data-dir, no build",
    )
    parser.add_argument("--pg-cluster", help="with --reuse: the kept PostgreSQL cluster directory")
    parser.add_argument(
        "--pg-options",
        default="-c shared_buffers=1GB -c max_wal_size=4GB -c work_mem=16MB",
        help="server options of the throwaway PostgreSQL cluster",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.reuse:
        if not args.data_dir or (args.db == "postgres" and not args.pg_cluster):
            raise SystemExit("--reuse needs --data-dir (and --pg-cluster for postgres)")
        args.keep = True
    if args.queries < 200:
        print(f"note: {args.queries} queries; the issue asks for at least 200", flush=True)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="gongkai-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    sys.path.insert(0, str(ROOT / "src"))
    try:
        if args.db == "postgres":
            cluster = postgres_cluster(args.pg_options, keep=args.keep, existing=args.pg_cluster)
            with cluster as (url, version):
                os.environ["GONGKAI_DATABASE_URL"] = url
                return run(args, data_dir, version)
        os.environ.pop("GONGKAI_DATABASE_URL", None)
        return run(args, data_dir, None)
    finally:
        if args.keep:
            print(f"kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: Path, pg_version: str | None) -> int:
    import django

    from gongkai.core.keys import ensure_local_keys

    ensure_local_keys(data_dir)  # as `gongkai migrate` does: settings only read them
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search import api, indexer, segment

    started = datetime.now(TZ)
    load_at_start = os.getloadavg()[0]
    speed = {"start": machine_speed()}
    if load_at_start > 0.5:
        print(
            f"!!! load average {load_at_start:.2f} before starting: the machine is busy", flush=True
        )
    print(f"gongkai search benchmark: n={args.n:,} db={args.db} queries={args.queries}", flush=True)
    print(f"data dir {data_dir}", flush=True)
    call_command("migrate", verbosity=0)
    engine = RawEngine.for_connection(connection)
    print(f"database: {engine.version()}", flush=True)

    t0 = time.perf_counter()
    vocabulary = build_vocabulary(random.Random(SEED))
    column_ids, department_ids = make_columns_and_departments()
    corpus = Corpus(vocabulary, column_ids, department_ids, document_kinds())
    print(f"vocabulary: {vocabulary.source} ({time.perf_counter() - t0:.1f} s)", flush=True)

    code = code_fingerprint()
    meta_path = data_dir / "bench-meta.json"
    sample_size = min(args.n, 20_000)
    t0 = time.perf_counter()
    if args.reuse:
        meta = json.loads(meta_path.read_text())
        if (meta["n"], meta["db"]) != (args.n, args.db):
            raise SystemExit(f"the kept index is n={meta['n']:,} db={meta['db']}: use those")
        if meta["code"] != code:
            print(
                f"!!! the index was built by search code {meta['code']}, this is {code}: "
                "if the index format changed since, these figures are wrong",
                flush=True,
            )
        # Document i depends only on the documents before it: the sample is the same.
        documents = list(itertools.islice(generate_documents(corpus, args.n), sample_size))
    else:
        documents = list(generate_documents(corpus, args.n))
    generate_s = time.perf_counter() - t0
    chars = sum(len(d["title"]) + len(d["body"]) for d in documents)
    print(
        f"generated {len(documents):,} documents, {chars / len(documents):.0f} characters each on"
        f" average, in {generate_s:.1f} s (not part of the build)",
        flush=True,
    )

    # Document frequencies on a sample, with the index's own tokenizer, to pick the queries.
    # A word query matches the word or the word inside a longer one (sub-words): df counts
    # both; candidates are only what occurs as a word of its own.
    sample_df: Counter = Counter()
    sample_words: set[str] = set()
    for document in documents[:sample_size]:
        words = segment.words(document["title"] + "\n" + document["body"])
        sample_words.update(words)
        sample_df.update(set(words) | set(segment.subwords(words)))
    for token in set(sample_df) - sample_words:
        del sample_df[token]
    queries = build_queries(corpus, args.n, sample_df, sample_size, segment.words, args.queries)

    del documents
    if args.reuse:
        build = meta["build"]
        print(f"reusing the index built {meta['started']} by search code {meta['code']}")
    else:
        build = build_index(args, corpus, indexer, engine, data_dir)
        meta = {"n": args.n, "db": args.db, "code": code, "started": started.isoformat()}
        meta_path.write_text(json.dumps({**meta, "build": build}, indent=2) + "\n")

    load = {"start": load_at_start, "after_build": os.getloadavg()[0]}
    speed["after_build"] = machine_speed()
    samples = measure(queries, api, engine, args.repeat)
    load["after_queries"] = os.getloadavg()[0]
    speed["after_queries"] = machine_speed()
    report = make_report(args, started, pg_version, engine, corpus, queries, samples)
    # The machine may be shared: a 1-minute load well above what this run makes (about 1,
    # 2 on PostgreSQL) means something else competed for the cores while it was measured.
    report["load_average_1min"] = {k: round(v, 2) for k, v in load.items()}
    report["machine_speed_cpu_s"] = speed
    report["code"] = code
    report["build"] = build
    report["build"]["index_code"] = meta["code"]
    report["targets"]["build_met"] = build["items_per_s"] >= TARGETS["build_items_per_s"]
    print_report(report)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"wrote {args.json_out}")
    return 0


def build_index(args, corpus: Corpus, indexer, engine: RawEngine, data_dir: Path) -> dict:
    """Generate the documents and index them; only index_documents is timed."""
    t0 = time.perf_counter()
    documents = list(generate_documents(corpus, args.n))
    generate_s = time.perf_counter() - t0
    batch = {"batch_size": args.batch_size} if args.batch_size else {}
    print(f"indexing {args.n:,} documents {batch or '(default batch size)'}", flush=True)
    every = max(10_000, args.n // 10)
    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    indexed = indexer.index_documents(progress(documents, args.n, every, "indexed"), **batch)
    build_s = time.perf_counter() - t0
    cpu = {k: round(v - cpu0[k], 2) for k, v in cpu_seconds().items()}
    build_rate = args.n / build_s
    print(
        f"build: {args.n:,} in {build_s:,.1f} s = {build_rate:,.0f} items/s ({indexed!r})",
        flush=True,
    )
    print(
        f"build CPU: {cpu['self'] / args.n * 1e3:.3f} ms per document in this process (the"
        f" writer), {cpu['children'] / args.n * 1e3:.3f} in the indexer's helper process",
        flush=True,
    )
    del documents
    size_bytes = engine.size_bytes(data_dir)
    print(f"index size: {size_bytes / 2**20:,.0f} MiB", flush=True)
    return {
        "items": args.n,
        "seconds": round(build_s, 2),
        "items_per_s": round(build_rate, 1),
        "generate_seconds": round(generate_s, 2),
        "size_bytes": size_bytes,
        "batch_size": args.batch_size,
        # CPU seconds of the build: on a shared machine they vary far less than the wall time.
        "cpu_seconds": cpu,
    }


def cpu_seconds() -> dict[str, float]:
    """User + system CPU seconds of this process and of its finished children (the indexer's
    helper process is joined at the end of index_documents)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "self": own.ru_utime + own.ru_stime,
        "children": children.ru_utime + children.ru_stime,
    }


def code_fingerprint() -> str:
    """sha256 (12 hex) of the search app's Python and Cython files (the .pyx since 12-02
    23:04), and their newest change time: the search code is moving, and a figure means
    little without the code it measured."""
    digest = hashlib.sha256()
    newest = 0.0
    search = ROOT / "src" / "gongkai" / "search"
    for path in sorted([*search.rglob("*.py"), *search.rglob("*.pyx")]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    changed = datetime.fromtimestamp(newest, TZ).isoformat(timespec="seconds")
    return f"{digest.hexdigest()[:12]} (files changed {changed})"


def measure(queries: list[Query], api, engine: RawEngine, repeat: int) -> list[Sample]:
    """Warm up once, then `repeat` timed runs of every query through one path, then through
    the other, the order of the two paths alternating between runs.

    The paths are timed in blocks, not query by query: the raw engine scores every document
    holding a very common word (hundreds of MB of postings read and freed per query), which
    leaves the process heap and SQLite's page cache cold for whatever runs next. A server
    never runs that query; timed right after it, the interface measured two to four times
    slower than between its own queries (docs/benchmarks.md, 11-30)."""

    def call_api(query: Query):
        result = api.search(query.text, **query.filters)
        return result.total, [hit_key(hit) for hit in result.hits]

    raw_params = [engine.prepare(query) for query in queries]  # outside the timing
    samples = [Sample() for _ in queries]
    print(f"warming up ({len(queries)} queries, both paths)", flush=True)
    for query, params in zip(queries, raw_params, strict=True):
        call_api(query)
        engine.search(params)
    perf = time.perf_counter
    for rep in range(repeat):
        start = perf()
        for path in ("api", "raw") if rep % 2 == 0 else ("raw", "api"):
            for query, params, sample in zip(queries, raw_params, samples, strict=True):
                if path == "api":
                    t0 = perf()
                    total, ids = call_api(query)
                    sample.api_ms.append((perf() - t0) * 1000)
                    sample.api_total, sample.api_ids = total, ids
                else:
                    t0 = perf()
                    keys = engine.search(params)
                    sample.raw_ms.append((perf() - t0) * 1000)
                    sample.raw_ids = keys
        print(f"  timed run {rep + 1}/{repeat}: {perf() - start:,.1f} s", flush=True)
    # The engine returns sort keys, the interface object ids: compare them as object ids.
    keys = sorted({k for sample in samples for k in sample.raw_ids})
    objects = engine.object_ids(keys)
    for sample in samples:
        sample.raw_ids = [objects.get(k, -k) for k in sample.raw_ids]
    return samples


TARGETS = {"p95_ms": 50.0, "ratio_p95": 2.0, "build_items_per_s": 2000.0, "at_n": 1_000_000}


def make_report(args, started, pg_version, engine, corpus, queries, samples) -> dict:
    per_query = []
    for query, sample in zip(queries, samples, strict=True):
        overlap = None
        if sample.raw_ids:
            overlap = len(set(sample.api_ids) & set(sample.raw_ids)) / len(sample.raw_ids)
        per_query.append(
            {
                "class": query.cls,
                "query": query.text,
                "filters": query.filters,
                "estimated_df": query.estimated_df,
                "total": sample.api_total,
                "api_hits": len(sample.api_ids),
                "raw_hits": len(sample.raw_ids),
                "top10_overlap": overlap,
                "api_ms": round(median(sample.api_ms), 3),
                "raw_ms": round(median(sample.raw_ms), 3),
            }
        )
    classes: dict[str, dict] = {}
    for cls in [c for c, _ in CLASS_SHARES] + ["all"]:
        rows = [r for r in per_query if cls in ("all", r["class"])]
        if not rows:
            continue
        api_stats = summarise([r["api_ms"] for r in rows])
        raw_stats = summarise([r["raw_ms"] for r in rows])
        totals = [r["total"] for r in rows if r["total"] is not None]
        classes[cls] = {
            "queries": len(rows),
            "median_total": percentile(totals, 50) if totals else None,
            "api": {k: round(v, 3) for k, v in api_stats.items()},
            "raw": {k: round(v, 3) for k, v in raw_stats.items()},
            "ratio_p95": round(api_stats["p95"] / raw_stats["p95"], 2)
            if raw_stats["p95"]
            else None,
        }
    overall = classes["all"]
    return {
        "started": started.isoformat(timespec="seconds"),
        "command": "python bench/search.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "database": engine.version(),
        "postgres_server": pg_version,
        "pg_options": args.pg_options if args.db == "postgres" else None,
        "n": args.n,
        "db": args.db,
        "repeat": args.repeat,
        "vocabulary": corpus.vocabulary.source,
        "raw_reference": engine.description,
        "classes": classes,
        "correctness": {
            # The interface found nothing where the engine found something (or the reverse):
            # with the same terms and filters both should agree on empty vs non-empty.
            "api_empty_raw_not": [
                r["query"] for r in per_query if r["api_hits"] == 0 and r["raw_hits"]
            ],
            "raw_empty_api_not": [
                r["query"] for r in per_query if r["raw_hits"] == 0 and r["api_hits"]
            ],
            "zero_class_with_hits": [
                r["query"]
                for r in per_query
                if r["class"] == "zero" and (r["total"] or r["raw_hits"])
            ],
        },
        "targets": {
            **TARGETS,
            "p95_met": overall["api"]["p95"] <= TARGETS["p95_ms"],
            "ratio_met": (overall["ratio_p95"] or 0) <= TARGETS["ratio_p95"],
        },
        "slowest": sorted(per_query, key=lambda r: -r["api_ms"])[:10],
        "queries": per_query,
    }


def print_report(report: dict) -> None:
    build = report["build"]
    line = "-" * 118
    print(f"\n{line}")
    print(
        f"{report['n']:,} documents on {report['database']}, {report['machine'].get('nproc')} cores, "
        f"{report['machine'].get('memory_gb')} GB; {report['repeat']} timed runs per query (median)"
    )
    print(f"search code: {report['code']}; index built by {build['index_code']}")
    load = report["load_average_1min"]
    print(
        f"load average (1 min): {load['start']} at start, {load['after_build']} after the build,"
        f" {load['after_queries']} after the queries"
    )
    speed = report.get("machine_speed_cpu_s")
    if speed:
        print(
            "machine speed (CPU s of fixed work, loop/memory, lower is faster):"
            + ", ".join(f" {k} {v['loop']}/{v['memory']}" for k, v in speed.items())
        )
    print(f"raw reference: {report['raw_reference']}")
    print(
        f"build: {build['items_per_s']:,.0f} items/s ({build['items']:,} in {build['seconds']:,.1f} s), "
        f"size {build['size_bytes'] / 2**20:,.0f} MiB"
    )
    if "cpu_seconds" in build:
        cpu, n = build["cpu_seconds"], build["items"]
        print(
            f"build CPU per document: {cpu['self'] / n * 1e3:.3f} ms writing (this process),"
            f" {cpu['children'] / n * 1e3:.3f} ms in the helper processes"
        )
    print(line)
    head = f"{'class':<18}{'n':>4}{'hits(med)':>10} | {'api p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
    head += f" | {'raw p50':>8}{'p95':>8}{'p99':>8}{'max':>8} | {'api/raw p95':>11}"
    print(head + "   (ms)")
    print(line)
    for cls, row in report["classes"].items():
        if cls == "all":
            print(line)
        a, r = row["api"], row["raw"]
        total = row["median_total"]
        print(
            f"{cls:<18}{row['queries']:>4}{fmt(total) if total is not None else '-':>10} | "
            f"{fmt(a['p50']):>8}{fmt(a['p95']):>8}{fmt(a['p99']):>8}{fmt(a['max']):>8} | "
            f"{fmt(r['p50']):>8}{fmt(r['p95']):>8}{fmt(r['p99']):>8}{fmt(r['max']):>8} | "
            f"{fmt(row['ratio_p95']) if row['ratio_p95'] is not None else '-':>11}"
        )
    print(line)
    print("slowest through the interface:")
    for r in report["slowest"]:
        filters = " ".join(f"{k}={v}" for k, v in r["filters"].items())
        print(
            f"  {r['api_ms']:>9,.1f} ms (raw {r['raw_ms']:>8,.1f})  {r['class']:<18} "
            f"{r['query']} {filters}  total={r['total']}"
        )
    c = report["correctness"]
    print(
        f"correctness: interface empty where engine not: {len(c['api_empty_raw_not'])} "
        f"{c['api_empty_raw_not'][:8]}; engine empty where interface not: "
        f"{len(c['raw_empty_api_not'])} {c['raw_empty_api_not'][:8]}; "
        f"zero-class queries with hits: {c['zero_class_with_hits']}"
    )
    t = report["targets"]
    overall = report["classes"]["all"]
    scope = (
        "" if report["n"] >= t["at_n"] else f" (the targets are set for {t['at_n']:,} documents)"
    )
    print(
        f"targets{scope}: p95 {fmt(overall['api']['p95'])} ms <= {t['p95_ms']:.0f}: "
        f"{'met' if t['p95_met'] else 'MISSED'}; api/raw p95 {overall['ratio_p95']} <= "
        f"{t['ratio_p95']}: {'met' if t['ratio_met'] else 'MISSED'}; build "
        f"{build['items_per_s']:,.0f} items/s >= {t['build_items_per_s']:,.0f}: "
        f"{'met' if build['items_per_s'] >= t['build_items_per_s'] else 'MISSED'}"
    )


# --------------------------------------------------------------------------------------------
# The raw engine: the same terms and filters sent straight to FTS5 or to tsvector/GIN


def make_columns_and_departments() -> tuple[list[int], list[int]]:
    """Column and department ids: plain numbers in the index (SearchDocument has no foreign
    keys), so no rows are needed; their names only colour the generated titles."""
    return list(range(1, len(COLUMNS) + 1)), list(range(1, len(DEPARTMENTS) + 1))


def document_kinds() -> list[str]:
    """Mostly published items, as on a real site; the other kinds are the ones to come."""
    return ["publishing.item", "foi.disclosure", "letters.reply"]


def hit_key(hit) -> int:
    return hit.object_id


class RawEngine:
    """The reference: the interface's own terms (query.parse) and filter tokens
    (indexer.facets), sent as one statement to the engine, ranked by the engine alone.

    The statement is the backend's `raw_query_sql` (FTS5: MATCH ... ORDER BY bm25 with the
    index's column weights; PostgreSQL: tsv @@ tsquery ORDER BY ts_rank_cd), top 10, with
    its match expression extended to phrases and filter tokens as the backend writes them.
    Not in it: the vocabulary look-up and plan, the recency boost, the count, reading the
    rows and building snippets.
    """

    def __init__(self, connection):
        from gongkai.search.backends import get_backend

        self.connection = connection
        self.backend = get_backend()
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            from gongkai.search.backends import sqlite as module

            self.joiner = " AND "
            self.term = module.term_expr
            self.token = module.quote
        else:
            from gongkai.search.backends import postgres as module

            self.joiner = " & "
            # The positional phrase on `tsv`: what the engine alone offers for a phrase.
            self.term = functools.partial(module.term_query, whole=True)
            self.token = module.lexeme
        probe = "benchprobe"
        self.sql, params = self.backend.raw_query_sql([probe], 10)
        expr = self.token(probe)
        self.slots = [i for i, p in enumerate(params) if p == expr]
        if not self.slots:
            raise RuntimeError(f"cannot find the match expression in raw_query_sql: {params}")
        self.params = params
        self.description = f"{self.sql}  (top 10)"

    @staticmethod
    def for_connection(connection) -> RawEngine:
        return RawEngine(connection)

    def expression(self, query: Query) -> str:
        """The terms, the filter tokens and "not a staff-only document" (as the portal asks)."""
        from gongkai.search import indexer
        from gongkai.search.backends.base import NON_PUBLIC
        from gongkai.search.query import parse

        parsed = parse(query.text)
        parts = [self.term(t) for t in parsed.words]
        if not parts:
            return ""
        parts += [self.token(f) for f in indexer.facets(**query.filters)]
        if self.vendor == "sqlite":
            return f"({self.joiner.join(parts)}) NOT {self.token(NON_PUBLIC)}"
        return f"{self.joiner.join(parts)} & !{self.token(NON_PUBLIC)}"

    def prepare(self, query: Query) -> list:
        params = list(self.params)
        expr = self.expression(query)
        for i in self.slots:
            params[i] = expr
        return params

    def search(self, params: list) -> list[int]:
        if not params[self.slots[0]]:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return [row[0] for row in cursor.fetchall()]

    def version(self) -> str:
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                return f"SQLite {cursor.fetchone()[0]} (FTS5)"
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"

    def size_bytes(self, data_dir: Path) -> int:
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.execute("PRAGMA page_count")
                pages = cursor.fetchone()[0]
                cursor.execute("PRAGMA page_size")
                return pages * cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]

    def object_ids(self, sort_keys: list[int]) -> dict[int, int]:
        from gongkai.search.models import SearchDocument

        rows = SearchDocument.objects.filter(sort_key__in=sort_keys)
        return dict(rows.values_list("sort_key", "object_id"))


if __name__ == "__main__":
    sys.exit(main())
