"""Text quality: the share of tokens that are numbers or known Dutch words.

A garbled PDF text layer (wrong font encodings, `(cid:NN)` soup) scores low; the
reader warns below LOW_QUALITY. The vocabulary is the Dutch lemma table of
spacy-lookups-data (inflected forms and lemmas) plus our Dutch function words.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import spacy_lookups_data

from pipeline.model import Line
from pipeline.vocab import load

LOW_QUALITY = 0.5
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _dutch_vocabulary() -> frozenset[str]:
    """Keys of the spacy-lookups-data Dutch lemma table plus the pipeline's Dutch function words."""
    words = set(load("language")["dutch"])
    path = Path(spacy_lookups_data.__file__).parent / "data" / "nl_lemma_lookup.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            table = json.load(f)
        words.update(table)
        words.update(table.values())
    except (OSError, ValueError):  # a damaged data package: function words alone still rank the text
        pass
    return frozenset(w.lower() for w in words)


def _plausible(word: str) -> bool:
    """A long unknown word that could be a Dutch compound: vowels present, no long consonant runs."""
    return (
        len(word) >= 8
        and bool(re.search(r"[aeiouyéëèïöü]", word))
        and not re.search(r"[^aeiouyéëèïöü]{6,}", word)
    )


def text_quality(lines: list[Line]) -> float | None:
    """Share of tokens that are numbers, known Dutch words or plausible compounds."""
    vocab = _dutch_vocabulary()
    tokens = [
        t.lower()
        for ln in lines
        if ln.kind in ("body", "heading", "list_item")
        for t in _TOKEN_RE.findall(ln.text)
    ][:50_000]
    if not tokens:
        return None
    good = sum(t.isdigit() or t in vocab or _plausible(t) for t in tokens)
    return round(good / len(tokens), 3)
