"""Text quality: the share of tokens that are numbers or known Dutch words, and a garbled-text check.

A garbled text layer (wrong font encodings, `(cid:NN)` soup, the chars of two columns or of a
watermark interleaved into one line) scores low. `assess_text` gives every document, PDF or
text export, its `text_quality` and one warning when the text reads as garbled: too many
unknown words over the document, or pages that are mostly unreadable (named by number). The
vocabulary is the Dutch lemma table of spacy-lookups-data (inflected forms and lemmas) plus our
Dutch function words.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import spacy_lookups_data
import spellchecker
from spellchecker import SpellChecker

from pipeline.errors import OutputError
from pipeline.files import replace_durably
from pipeline.model import Document, Line
from pipeline.settings import cache_dir
from pipeline.vocab import load

log = logging.getLogger(__name__)

LOW_QUALITY = 0.7  # below this share of known words a document reads as garbled
UNREADABLE_PAGE = 0.5  # below this share of known words (or interleaved lines) a page is unreadable
MIN_PAGE_TOKENS = 40  # a page with fewer word tokens is too short to judge
INTERLEAVED_LINES = 0.3  # a page whose share of lines with interleaved letters exceeds this is unreadable
MIN_INTERLEAVED_RUN = 4  # consecutive tokens of stray letters that make an interleaved run
MAX_TOKENS = 50_000
TEXT_KINDS = ("body", "heading", "list_item")
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
# Words and numbers; a dotted abbreviation (`n.v.t.`), an e-mail address or a web address is one token.
_WORD_RE = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|(?:[^\W\d_]\.){2,}|[^\W\d_]+|\d+", re.UNICODE)
_VOWEL_RE = re.compile(r"[aeiouyéëèïöüáóú]")
_CONSONANT_RUN_RE = re.compile(r"[^aeiouyéëèïöüáóú]{6,}")
_CASE_FLIP_RE = re.compile(r"[a-zà-öø-ÿ][A-ZÀ-ÖØ-Þ]")


@cache
def _dutch_vocabulary() -> frozenset[str]:
    """Dutch word forms: pyspellchecker's Dutch word list (inflected forms, from a large corpus),
    the spacy-lookups-data Dutch lemma table (forms and lemmas) and our Dutch function words.

    Built once per set of sources and kept in the cache folder (`settings.cache_dir`): parsing the
    two JSON lists costs about 1.3 CPU s of every run's start, reading the cached list 0.1 s."""
    function_words = sorted(load("language")["dutch"])
    folder = cache_dir()
    path = folder / f"{VOCABULARY_CACHE}-{_vocabulary_key(function_words)}.txt" if folder else None
    if path is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            cached = frozenset(path.read_text(encoding="utf-8").split("\n"))
            if len(cached) > len(function_words):  # an emptied file is rebuilt
                return cached
    words = _build_vocabulary(function_words)
    if path is not None:
        _store(path, "\n".join(sorted(words)))
    return words


_SPELLCHECKER_WORDS = Path(spellchecker.__file__).parent / "resources" / "nl.json.gz"
_LEMMA_TABLE = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
VOCABULARY_SOURCES = (_SPELLCHECKER_WORDS, _LEMMA_TABLE)
VOCABULARY_CACHE = "dutch-words"
# Raise when `_build_vocabulary` changes what it makes of the same sources: the key then changes.
VOCABULARY_BUILD = 1


def _build_vocabulary(function_words: Iterable[str]) -> frozenset[str]:
    words = set(function_words)
    with contextlib.suppress(OSError, ValueError):  # a damaged data package: the other lists still rank
        words.update(_spellchecker_words())
    try:
        table = _gzipped_json(_LEMMA_TABLE)
        words.update(table)
        words.update(table.values())
    except (OSError, ValueError):  # a damaged data package: function words alone still rank the text
        pass
    return frozenset(w.lower() for w in words if w and "\n" not in w)


def _vocabulary_key(function_words: list[str], sources: tuple[Path, ...] = VOCABULARY_SOURCES) -> str:
    """Changes when a source file, our function words or the way the list is built change."""
    digest = hashlib.sha256(f"{VOCABULARY_BUILD}\n".encode() + "\n".join(function_words).encode())
    for source in sources:
        with contextlib.suppress(OSError):
            stat = source.stat()
            digest.update(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _store(path: Path, text: str) -> None:
    """Keep the list (written durably, readable by all: public data) and remove the lists of older
    keys. A cache folder that cannot be written only costs the next run the build."""

    def write(f: BinaryIO) -> None:
        os.fchmod(f.fileno(), 0o644)
        f.write(text.encode("utf-8"))

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_durably(write, path)
        for old in path.parent.glob(f"{VOCABULARY_CACHE}-*.txt"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, OutputError) as e:
        log.debug("vocabulary not cached in %s: %s", path.parent, e)


def _gzipped_json(path: Path) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _spellchecker_words() -> Iterable[str]:
    """pyspellchecker's Dutch words. Its word list read directly where the package keeps it:
    `SpellChecker()` also builds a lower-cased frequency table we do not read (0.9 of 2 CPU s
    of every run's start)."""
    if _SPELLCHECKER_WORDS.is_file():
        return _gzipped_json(_SPELLCHECKER_WORDS).keys()
    return SpellChecker(language="nl", distance=1).word_frequency.dictionary


def _plausible(word: str) -> bool:
    """A long unknown word that could be a Dutch compound: vowels present, no long consonant runs."""
    return len(word) >= 8 and bool(_VOWEL_RE.search(word)) and not _CONSONANT_RUN_RE.search(word)


def _known(token: str, vocab: frozenset[str]) -> bool:
    return token.isdigit() or token in vocab or _plausible(token)


def _tokens(lines: Iterable[Line]) -> list[str]:
    """The first MAX_TOKENS word tokens, lower-cased; lazily, so a 5 MB line costs no more."""
    found = (m.group().lower() for ln in lines if ln.kind in TEXT_KINDS for m in _TOKEN_RE.finditer(ln.text))
    return list(islice(found, MAX_TOKENS))


def text_quality(lines: list[Line]) -> float | None:
    """Share of tokens that are numbers, known Dutch words or plausible compounds."""
    vocab = _dutch_vocabulary()
    tokens = _tokens(lines)
    if not tokens:
        return None
    return round(sum(_known(t, vocab) for t in tokens) / len(tokens), 3)


def _stray(word: str, vocab: frozenset[str]) -> bool:
    """A token that reads as letters of interleaved words: a lone letter, a word whose case flips
    inside (`eHnt`), or an unknown word in lower case that cannot be a Dutch compound. Numbers,
    abbreviations and capitalised names are not stray."""
    if not word.isalpha():  # a number, an abbreviation with dots, an address
        return False
    if len(word) == 1:
        return True
    if _CASE_FLIP_RE.search(word):
        return True
    if word.isupper() or word.istitle():  # an abbreviation or a name
        return False
    return not _known(word.lower(), vocab)


def interleaved_run(text: str) -> str | None:
    """The first run of MIN_INTERLEAVED_RUN or more consecutive stray tokens in `text` (the chars
    of two lines or columns read as one), else None. Running text has lone letters and unknown
    words, but seldom four in a row."""
    vocab = _dutch_vocabulary()
    words = list(_WORD_RE.finditer(text))
    start = 0
    for i, m in enumerate(words):
        if not _stray(m.group(), vocab):
            start = i + 1
        elif i - start + 1 >= MIN_INTERLEAVED_RUN:
            end = i
            while end + 1 < len(words) and _stray(words[end + 1].group(), vocab):
                end += 1
            return text[words[start].start() : words[end].end()]
    return None


def unreadable_pages(lines: list[Line]) -> list[int]:
    """Pages with enough words that are mostly unknown words or lines of interleaved letters."""
    vocab = _dutch_vocabulary()
    by_page: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        if ln.page is not None and ln.kind in TEXT_KINDS:
            by_page[ln.page].append(ln)
    out = []
    for page, page_lines in sorted(by_page.items()):
        tokens = _tokens(page_lines)
        if len(tokens) < MIN_PAGE_TOKENS:
            continue
        known = sum(_known(t, vocab) for t in tokens) / len(tokens)
        interleaved = sum(interleaved_run(ln.text) is not None for ln in page_lines) / len(page_lines)
        if known < UNREADABLE_PAGE or interleaved > INTERLEAVED_LINES:
            out.append(page)
    return out


def _page_list(pages: list[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, pages[:limit]))
    return shown + (f" and {len(pages) - limit} more" if len(pages) > limit else "")


def garbled_warning(source_file: str, lines: list[Line], quality: float | None) -> str | None:
    """One warning naming the file, its share of known words and its unreadable pages, or None."""
    pages = unreadable_pages(lines)
    low = quality is not None and quality < LOW_QUALITY
    if not low and not pages:
        return None
    known = f"{quality:.0%} known words" if quality is not None else "no words"
    where = f"; mostly unreadable: page {_page_list(pages)}" if pages else ""
    return f"{source_file}: garbled text ({known}{where}); the text layer may be damaged"


def assess_text(doc: Document) -> None:
    """Set the document's text quality and add a warning when its text reads as garbled."""
    if doc.text_quality is None:
        doc.text_quality = text_quality(doc.lines)
    warning = garbled_warning(doc.source_file, doc.lines, doc.text_quality)
    if warning:
        doc.warnings.append(warning)
