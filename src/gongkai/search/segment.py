"""Chinese segmentation for the index and for queries: the same functions on both sides.

Text is NFKC-normalised and lower-cased, then cut by rjieba with its default dictionary plus
the government terms below and the words administrators add (`DictionaryWord`). Three
streams come out of one text:

- `words(text)`: the words, in order. Their positions (one per word) are what phrase queries
  match: the title and body columns of the index hold this stream.
- sub-words: every shorter dictionary word inside a longer word (政务公开 -> 政务, 公开), so
  that a search for 公开 also finds 政务公开. They go to a column of their own, never into
  the positional stream, so they cannot break phrase positions.
- `characters(text)`: the distinct CJK characters, so that a one-character query matches
  any text containing that character.

Adjacent words of which one is common (`is_common`) are also indexed as pairs, for phrases.

A token is a run of letters and digits (Unicode categories L* and N*): punctuation and
symbols split tokens and are dropped, exactly as SQLite's unicode61 tokenizer would, so the
token strings we give FTS5 and PostgreSQL are indexed unchanged by both.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from itertools import filterfalse

import rjieba

# 政务 vocabulary jieba does not know as whole words; administrators add more in the workbench.
GOVERNMENT_TERMS = (
    "政务公开",
    "依申请公开",
    "主动公开",
    "政府信息公开",
    "政府信息",
    "信息公开",
    "一网通办",
    "好差评",
    "行政许可",
    "行政审批",
    "行政处罚",
    "行政复议",
    "放管服",
    "最多跑一次",
    "互联网+政务服务",
    "政务服务",
    "政务服务中心",
    "政务服务网",
    "便民服务",
    "便民服务中心",
    "规范化服务型政府",
    "服务型政府",
    "首问负责制",
    "首问责任制",
    "限时办结",
    "限时办结制",
    "一次性告知",
    "一次性告知制",
    "电子政务",
    "政务诚信",
    "政务新媒体",
    "政民互动",
    "营商环境",
    "双随机一公开",
    "一件事一次办",
    "跨省通办",
    "告知承诺制",
    "不见面审批",
    "一窗受理",
    "容缺受理",
    "帮办代办",
    "权责清单",
    "责任清单",
    "负面清单",
    "政府工作报告",
    "财政预决算",
    "三公经费",
    "重大行政决策",
    "规范性文件",
    "政策解读",
    "回应关切",
    "公开指南",
    "公开目录",
    "索引号",
    "政府网站",
)
TERM_FREQUENCY = 100_000  # high enough that jieba keeps each added term whole
DICTIONARY_REFRESH_SECONDS = 60  # other processes see a word added in the workbench this soon
MAX_WORD_LENGTH = 20
# Words at least this frequent in jieba's dictionary (在 727,915, 的 318,826, 工作 66,367,
# 建设 26,382; not 文件 4,288) are "common": every adjacent pair holding one is indexed, about
# half of all pairs in government text. FTS5 and GIN find a phrase holding a common word by
# that pair instead of reading the common word's positions in every document.
PAIR_WORD_FREQUENCY = 20_000
# Longer tokens (a run of letters or digits, never a word: an identifier or an encoded blob
# pasted into a text) are not indexed, on either engine. PostgreSQL refuses a lexeme over
# 2,046 bytes (a character is 1 to 4), which failed the whole batch holding such a document;
# its own parser drops such words too.
MAX_TOKEN_CHARS = 100

_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: what unicode61 keeps as one token
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_CJK_BMP = frozenset(
    chr(c)
    for low, high in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
    for c in range(low, high)
)

_lock = threading.Lock()
_jieba: rjieba.Jieba | None = None
_signature: tuple | None = None
_checked_at = 0.0
generation = 0  # moves on each time the dictionary is rebuilt (caches of cut words follow it)


# The full-width punctuation of nearly every Chinese text, replaced as NFKC would replace it,
# so that the common case needs only NFKC's quick check, not the normalisation itself.
_COMMON_FULL_WIDTH = (("，", ","), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")"), ("！", "!"))


def normalise(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and lower case: what both index and query see."""
    text = text or ""
    for full, ascii_form in _COMMON_FULL_WIDTH:
        if full in text:
            text = text.replace(full, ascii_form)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def is_cjk(char: str) -> bool:
    return bool(_CJK.fullmatch(char))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _stored_words() -> tuple[tuple, list[str]]:
    """The administrators' words and a signature that changes when they change."""
    from django.db import DatabaseError

    from gongkai.search.models import DictionaryWord

    try:
        rows = list(DictionaryWord.objects.order_by("pk").values_list("pk", "word"))
    except DatabaseError:  # before `migrate`, or outside a database
        return (), []
    # The rows themselves: a count and the last key could come back the same after a
    # rolled-back addition (SQLite gives its key again) with another word.
    return tuple(rows), [word for _pk, word in rows]


def _build(extra: list[str]) -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for word in (*GOVERNMENT_TERMS, *extra):
        jieba.add_word(normalise(word), TERM_FREQUENCY, "n")
    return jieba


def segmenter(*, refresh: bool = False) -> rjieba.Jieba:
    """The process's segmenter, rebuilt when the dictionary changed (checked once a minute).

    A new instance replaces the old one rather than adding words to it in place, so a thread
    in the middle of cutting never sees the dictionary change under it.
    """
    global _jieba, _signature, _checked_at, generation
    now = time.monotonic()
    if _jieba is not None and not refresh and now - _checked_at < DICTIONARY_REFRESH_SECONDS:
        return _jieba
    with _lock:
        if _jieba is not None and not refresh and now - _checked_at < DICTIONARY_REFRESH_SECONDS:
            return _jieba
        signature, extra = _stored_words()
        if _jieba is None or signature != _signature:
            _jieba = _build(extra)
            _signature = signature
            generation += 1
        _checked_at = time.monotonic()
        return _jieba


def reload() -> None:
    """Read the dictionary again now (after a word was added in this process)."""
    segmenter(refresh=True)


def freeze() -> None:
    """Never read the dictionary again in this process (a helper process that must not use
    the database connection it inherited)."""
    global _checked_at
    segmenter()
    _checked_at = float("inf")


def words(text: str, *, normalised: bool = False) -> list[str]:
    """The word stream of `text`: one token per word, in order (phrase positions count these).

    Each piece jieba cuts is split further at anything that is not a letter or digit (and
    such pieces vanish), in one regular-expression pass over the pieces joined by spaces.
    """
    pieces = segmenter().cut(text if normalised else normalise(text))
    # Nearly every piece is a word of letters or digits, or punctuation to drop; only a piece
    # mixing both (3.5, 互联网+政务服务) needs the regular expression.
    if _TOKEN.search("".join(filterfalse(str.isalnum, pieces))):
        found = _TOKEN.findall(" ".join(pieces))
    else:
        found = list(filter(str.isalnum, pieces))
    if found and max(map(len, found)) > MAX_TOKEN_CHARS:
        return [token for token in found if len(token) <= MAX_TOKEN_CHARS]
    return found


def is_common(word: str) -> bool:
    """A word frequent enough in Chinese that a phrase holding it is costly to find by
    positions alone: adjacent pairs holding it are indexed (jieba's dictionary frequency,
    fixed for the pinned rjieba; the government terms and added words count as common).
    Changing the rule, rjieba or the dictionary needs `gongkai search reindex --restart`, as
    any change of segmentation does."""
    return segmenter().suggest_freq(word) >= PAIR_WORD_FREQUENCY


def subwords(word_list: list[str]) -> list[str]:
    """The shorter dictionary words inside each longer CJK word (政务服务中心 -> 政务, 服务, 中心, ...)."""
    has_word = segmenter().has_word
    out: list[str] = []
    for word in word_list:
        n = len(word)
        if n < 3 or not _CJK.match(word):
            continue
        for size in range(2, n):
            for start in range(n - size + 1):
                gram = word[start : start + size]
                if has_word(gram):
                    out.append(gram)
    return out


# What each word seen brings (`analyse`), remembered: a corpus repeats its words.
WORD_CACHE_SIZE = 200_000
_word_chars: dict[str, list[str]] = {}  # every word seen: its CJK characters
_word_subs: dict[str, list[str]] = {}  # those that have sub-words: them
_common_words: set[str] = set()  # those that are common (is_common)
_word_generation = -1


def word_info(word: str) -> tuple[list[str], bool, list[str]]:
    """What a word brings to the index: its sub-words, whether it is common, its CJK
    characters (looked into once per word and remembered: `analyse`, and the compiled
    fields of backends/_fields.pyx)."""
    subs = subwords([word]) if len(word) > 2 else []
    return subs, is_common(word), characters(word, normalised=True)


def analyse(distinct: set[str]) -> tuple[dict[str, list[str]], set[str], set[str]]:
    """For the distinct words of a document: the sub-words of those that have any, the CJK
    characters of all, and which are common (their adjacent pairs are indexed).

    Each word is looked into once and remembered (until the dictionary changes); a
    document's ~200 words are then looked up with set operations, not one by one in Python.
    """
    global _word_generation
    if _word_generation != generation or len(_word_chars) > WORD_CACHE_SIZE:
        _word_chars.clear()  # a word was added to the dictionary, or too many remembered
        _word_subs.clear()
        _common_words.clear()
        _word_generation = generation
    try:
        chars = set().union(*map(_word_chars.__getitem__, distinct))
    except KeyError:  # a word seen for the first time
        for word in distinct.difference(_word_chars):
            subs, common, _word_chars[word] = word_info(word)
            if subs:
                _word_subs[word] = subs
            if common:
                _common_words.add(word)
        chars = set().union(*map(_word_chars.__getitem__, distinct))
    subs = {word: _word_subs[word] for word in _word_subs.keys() & distinct}
    return subs, chars, distinct & _common_words


def tokens(text: str) -> list[str]:
    """Every token indexed for `text`: each word preceded by its sub-words (cut_for_search order).

    The words alone are the positional stream (title and body columns); the sub-words are
    indexed in a column of their own. Queries are cut with the same `words()`.
    """
    out: list[str] = []
    for word in words(text):
        out.extend(subwords([word]))
        out.append(word)
    return out


def characters(text: str, *, normalised: bool = False) -> list[str]:
    """The distinct CJK characters of `text` (in no particular order)."""
    text = text if normalised else normalise(text)
    found = _CJK_BMP.intersection(text)
    if text and max(text) > "\uffff":  # CJK extensions B and later, outside the BMP
        found.update(_CJK.findall(text))
    return list(found)


def clean_word(word: str) -> str:
    """A dictionary word as stored: normalised, without spaces; '' when it is not one token."""
    return normalise(word).strip()
