# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""What the index stores of a document beyond its words, compiled, from the words alone:

- `fields`: PostgreSQL's three index fields (`tsv`, `ctsv`, `ptsv`) in COPY's binary format,
  the same bytes as postgres_rows.tsvector_field and the same elements as chars_field and
  pairs_field (the arrays' order aside);
- `texts`: what SQLite's FTS5 columns hold beyond the words (sub-words, the pairs' buckets,
  characters).

A bulk load runs this for every document in the indexer's helper processes, where the same
work in Python was about half the helper's time on PostgreSQL; compiled it takes a fraction
of that (figures: docs/benchmarks.md). Each word is looked up once per document in a
dictionary of `Word`s, which remember everything the fields need of it (its lexeme's bytes,
the two hashes of its pairs' keys, whether it is common, its sub-words and characters);
`learn` (set by backends.base) tells it about a word seen for the first time. The caller clears the words when the
segmentation dictionary changes (`clear`).

Python's own modules are not imported here, and nothing calls back into Python once a
document's words are found: another thread cannot enter while a document's scratch buffers
are in use.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.ref cimport PyObject
from libc.stdint cimport int64_t, uint16_t, uint32_t
from libc.stdlib cimport free, malloc, qsort, realloc
from libc.string cimport memcpy, memset

DEF MAX_POSITION = 16383
DEF MAX_POSITIONS_PER_WORD = 256
DEF CHAR_LIMIT = 0x40000  # above every CJK code point (extension H ends at 0x323AF)
DEF INT4_OID = 23
DEF INT8_OID = 20
DEF WEIGHT_A = 0xC000
DEF WEIGHT_B = 0x8000
DEF WEIGHT_C = 0x4000


cdef class Word:
    """What the fields need of one word (or sub-word)."""

    cdef readonly str token
    cdef bytes lexeme  # UTF-8, then NUL
    cdef int64_t first, second  # its pairs' key is first(a) XOR second(b)
    cdef bint common
    cdef tuple subs  # of Word
    cdef uint32_t *chars
    cdef int nchars
    cdef tuple char_strings  # the same characters, as strings (SQLite's `texts`)
    cdef long long stamp  # the document it was last seen in
    cdef int slot  # its place among that document's lexemes

    def __dealloc__(self):
        free(self.chars)


cdef dict _words = {}
learn = None  # token -> (first hash, second hash, is common, sub-words, characters)

# Scratch, per document: each occurrence as (slot, position with weight), in order.
cdef long long _stamp = 0
cdef int *_occ_slot = NULL
cdef uint16_t *_occ_label = NULL
cdef Py_ssize_t _occ_cap = 0
cdef int64_t *_pairs = NULL
cdef Py_ssize_t _pairs_cap = 0
cdef long long *_char_stamp = <long long *>malloc(CHAR_LIMIT * sizeof(long long))
memset(_char_stamp, 0, CHAR_LIMIT * sizeof(long long))


def clear():
    """Forget every word (the segmentation dictionary changed, or too many remembered)."""
    _words.clear()


def size():
    return len(_words)


cdef Word _word(object token):
    cdef PyObject *found = PyDict_GetItem(_words, token)
    if found != NULL:
        return <Word>found
    first, second, common, subs, chars = learn(token)
    cdef Word word = Word.__new__(Word)
    word.token = token
    word.lexeme = token.encode() + b"\x00"
    word.first, word.second, word.common = first, second, common
    word.subs = tuple([_word(sub) for sub in subs])
    word.char_strings = tuple(chars)
    word.nchars = len(chars)
    word.chars = <uint32_t *>malloc(max(1, word.nchars) * sizeof(uint32_t))
    for i, char in enumerate(chars):
        word.chars[i] = ord(char)
    word.stamp = 0
    PyDict_SetItem(_words, token, word)
    return word


cdef struct Buffer:
    char *data
    Py_ssize_t size, capacity


cdef inline void _reserve(Buffer *out, Py_ssize_t extra) noexcept:
    if out.size + extra > out.capacity:
        out.capacity = (out.size + extra) * 2
        out.data = <char *>realloc(out.data, out.capacity)


cdef inline void _u16(Buffer *out, uint16_t value) noexcept:
    _reserve(out, 2)
    out.data[out.size] = (value >> 8) & 0xFF
    out.data[out.size + 1] = value & 0xFF
    out.size += 2


cdef inline void _u32(Buffer *out, uint32_t value) noexcept:
    _reserve(out, 4)
    out.data[out.size] = (value >> 24) & 0xFF
    out.data[out.size + 1] = (value >> 16) & 0xFF
    out.data[out.size + 2] = (value >> 8) & 0xFF
    out.data[out.size + 3] = value & 0xFF
    out.size += 4


cdef inline void _u64(Buffer *out, int64_t value) noexcept:
    cdef int k
    _reserve(out, 8)
    for k in range(8):
        out.data[out.size + k] = (value >> (56 - 8 * k)) & 0xFF
    out.size += 8


cdef inline void _bytes(Buffer *out, bytes value) noexcept:
    cdef Py_ssize_t n = PyBytes_GET_SIZE(value)
    _reserve(out, n)
    memcpy(out.data + out.size, PyBytes_AS_STRING(value), n)
    out.size += n


cdef int _compare(const void *a, const void *b) noexcept nogil:
    cdef int64_t x = (<int64_t *>a)[0], y = (<int64_t *>b)[0]
    return (x > y) - (x < y)


cdef bytes _array(Buffer *out, int count, uint32_t element_type):
    """The array whose elements were written after 24 bytes kept for its header (length,
    dimensions, no nulls, element type, length, lower bound); an empty array when none."""
    cdef Py_ssize_t total = out.size
    out.size = 0
    if count == 0:
        _u32(out, 12)
        _u32(out, 0)
        _u32(out, 0)
        _u32(out, element_type)
        return PyBytes_FromStringAndSize(out.data, 16)
    _u32(out, total - 4)
    _u32(out, 1)
    _u32(out, 0)
    _u32(out, element_type)
    _u32(out, count)
    _u32(out, 1)
    return PyBytes_FromStringAndSize(out.data, total)


cdef inline int _occur(Word word, uint16_t label, list slots, int n_slots, Py_ssize_t at) except -1:
    """`word` at `label` as the document's occurrence `at`, the word given the next slot
    (its place among the lexemes) if it has none in this document; the number of slots."""
    if word.stamp != _stamp:
        word.stamp, word.slot = _stamp, n_slots
        n_slots += 1
        slots.append(word)
    _occ_slot[at], _occ_label[at] = word.slot, label
    return n_slots


def fields(list title, list body, list tokens):
    """(tsv, ctsv, ptsv, the distinct words and sub-words) of a document of these title and
    body words (each a token of `segment.words`) and positionless `tokens` (the filters and
    the month, distinct)."""
    global _stamp, _occ_slot, _occ_label, _occ_cap, _pairs, _pairs_cap
    # Every word found first: `learn` may run Python (and let another thread in).
    cdef list stream = [_word(token) for token in title]
    stream.extend([_word(token) for token in body])
    cdef list extra = [token.encode() + b"\x00" for token in tokens]
    cdef Py_ssize_t n_title = PyList_GET_SIZE(title), n = PyList_GET_SIZE(stream)
    cdef Py_ssize_t i, j, k, bound = n, n_occ = 0, n_pairs = 0
    cdef Word word, previous = None
    cdef int slot, n_slots = 0, position, count, n_chars = 0, n_keys = 0
    cdef uint16_t label, sub_label, prior
    cdef uint32_t char
    cdef list slots = []
    _stamp += 1
    for i in range(n):
        bound += len((<Word>PyList_GET_ITEM(stream, i)).subs)
    if bound + 1 > _occ_cap:
        _occ_cap = (bound + 1) * 2
        _occ_slot = <int *>realloc(_occ_slot, _occ_cap * sizeof(int))
        _occ_label = <uint16_t *>realloc(_occ_label, _occ_cap * sizeof(uint16_t))
    if n + 1 > _pairs_cap:
        _pairs_cap = (n + 1) * 2
        _pairs = <int64_t *>realloc(_pairs, _pairs_cap * sizeof(int64_t))

    # Positions: the title's words at 1, 2, ... (A), the body's after a gap of one (B), each
    # word's sub-words at the word's own position (C); above MAX_POSITION, at it. The pairs:
    # adjacent words of which one is common, within the title or within the body.
    for i in range(n):
        word = <Word>PyList_GET_ITEM(stream, i)
        if i < n_title:
            position, label = i + 1, WEIGHT_A
        else:
            position, label = i + 2, WEIGHT_B  # n_title + 1 + (i - n_title) + 1
            if i == n_title:
                previous = None
        if position > MAX_POSITION:
            position = MAX_POSITION
        label |= position
        sub_label = WEIGHT_C | position
        n_slots = _occur(word, label, slots, n_slots, n_occ)
        n_occ += 1
        for j in range(len(word.subs)):
            n_slots = _occur(<Word>word.subs[j], sub_label, slots, n_slots, n_occ)
            n_occ += 1
        if previous is not None and (previous.common or word.common):
            _pairs[n_pairs] = previous.first ^ word.second
            n_pairs += 1
        previous = word

    # Each lexeme's positions together, in order (a counting sort by slot); a position a
    # lexeme already has (a sub-word twice in one word, or MAX_POSITION again) once, with
    # the highest weight, as PostgreSQL's parsing of a literal keeps it.
    cdef int *start = <int *>malloc((n_slots + 1) * sizeof(int))
    cdef int *filled = <int *>malloc((n_slots + 1) * sizeof(int))
    cdef uint16_t *grouped = <uint16_t *>malloc((n_occ + 1) * sizeof(uint16_t))
    memset(filled, 0, (n_slots + 1) * sizeof(int))
    for k in range(n_occ):
        filled[_occ_slot[k]] += 1
    start[0] = 0
    for k in range(1, n_slots + 1):
        start[k] = start[k - 1] + filled[k - 1]
    memset(filled, 0, (n_slots + 1) * sizeof(int))
    for k in range(n_occ):
        slot, label = _occ_slot[k], _occ_label[k]
        if filled[slot]:
            prior = grouped[start[slot] + filled[slot] - 1]
            if (prior & 0x3FFF) == (label & 0x3FFF):
                if label > prior:
                    grouped[start[slot] + filled[slot] - 1] = label
                continue
        grouped[start[slot] + filled[slot]] = label
        filled[slot] += 1

    cdef Buffer out
    out.data, out.size, out.capacity = NULL, 0, 0
    _reserve(&out, 8 + 2 * n_occ + 16 * n_slots)
    out.size = 8  # the field's length and the number of lexemes: written last
    for k in range(n_slots):
        _bytes(&out, (<Word>PyList_GET_ITEM(slots, k)).lexeme)
        count = min(filled[k], MAX_POSITIONS_PER_WORD)
        _u16(&out, count)
        for j in range(count):
            _u16(&out, grouped[start[k] + j])
    for lexeme in extra:
        _bytes(&out, lexeme)
        _u16(&out, 0)
    cdef Py_ssize_t total = out.size
    out.size = 0
    _u32(&out, total - 4)
    _u32(&out, n_slots + len(extra))
    tsv = PyBytes_FromStringAndSize(out.data, total)
    free(start)
    free(filled)
    free(grouped)

    # The characters of every word, once each (a character's stamp says it was written).
    out.size = 24
    for k in range(n_slots):
        word = <Word>PyList_GET_ITEM(slots, k)
        for j in range(word.nchars):
            char = word.chars[j]
            if char < CHAR_LIMIT and _char_stamp[char] != _stamp:
                _char_stamp[char] = _stamp
                _u32(&out, 4)
                _u32(&out, char)
                n_chars += 1
    ctsv = _array(&out, n_chars, INT4_OID)

    # The pairs' keys, once each (sorted).
    qsort(_pairs, n_pairs, sizeof(int64_t), _compare)
    out.size = 24
    for k in range(n_pairs):
        if k and _pairs[k] == _pairs[k - 1]:
            continue
        _u32(&out, 8)
        _u64(&out, _pairs[k])
        n_keys += 1
    ptsv = _array(&out, n_keys, INT8_OID)
    free(out.data)
    return tsv, ctsv, ptsv, [(<Word>w).token for w in slots]


cdef list _bucket_tokens = []  # `_p0`, `_p1`, ...: made once each


cdef str _bucket(int64_t key, Py_ssize_t buckets):
    """The token of the bucket of a pair's key (sqlite.pair_bucket)."""
    global _bucket_tokens
    cdef Py_ssize_t b = key % buckets
    if PyList_GET_SIZE(_bucket_tokens) != buckets:
        _bucket_tokens = [None] * buckets
    token = <object>PyList_GET_ITEM(_bucket_tokens, b)
    if token is None:
        token = "_p%x" % b
        _bucket_tokens[b] = token
    return token


def texts(list title, list body, Py_ssize_t buckets):
    """What SQLite's FTS5 columns need beyond the words, for a document of these title and
    body words: (each distinct word's sub-words, with repeats across words; the pairs'
    buckets' tokens, title then body, in order; the distinct characters; the distinct
    words and sub-words), as sqlite.python_texts and the Prepared document's `terms()` give
    them (the lists but the terms' in another order)."""
    global _stamp
    cdef list stream = [_word(token) for token in title]
    stream.extend([_word(token) for token in body])
    cdef Py_ssize_t n_title = PyList_GET_SIZE(title), n = PyList_GET_SIZE(stream), i, j
    cdef list subs = [], sub_words = [], pairs = [], chars = [], terms = []
    cdef Word word, sub, previous = None
    cdef uint32_t char
    _stamp += 1
    for i in range(n):
        word = <Word>PyList_GET_ITEM(stream, i)
        if i == n_title:
            previous = None
        if previous is not None and (previous.common or word.common):
            pairs.append(_bucket(previous.first ^ word.second, buckets))
        previous = word
        if word.stamp == _stamp:
            continue
        word.stamp = _stamp
        terms.append(word.token)
        for j in range(word.nchars):
            char = word.chars[j]
            if char < CHAR_LIMIT and _char_stamp[char] != _stamp:
                _char_stamp[char] = _stamp
                chars.append(word.char_strings[j])
        for j in range(len(word.subs)):
            sub = <Word>word.subs[j]
            subs.append(sub.token)
            sub_words.append(sub)
    # the sub-words among the terms, once each (a sub-word may be a word of the text too)
    for i in range(PyList_GET_SIZE(sub_words)):
        sub = <Word>PyList_GET_ITEM(sub_words, i)
        if sub.stamp != _stamp:
            sub.stamp = _stamp
            terms.append(sub.token)
    return subs, pairs, chars, terms
