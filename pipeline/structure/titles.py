"""What a section title announces, from vocabulary: a requirement list, a planning, a change list.

One place for these tests, so that the obligation rules (a sentence in a requirement section)
and the derived tables (the items of a requirement list) agree on what a requirement section is.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import load

_WORD_RE = re.compile(r"\w+")


@cache
def _requirement_words() -> tuple[frozenset[str], tuple[str, ...]]:
    vocab = load("obligations")
    heads = frozenset(str(w).lower() for w in vocab["requirement_headings"])
    return heads, tuple(str(w).lower() for w in vocab["requirement_noun_suffixes"])


def is_requirement_title(title: str) -> bool:
    """A heading such as "Minimumeisen", "Voorwaarden voor een contract", "Inkoopcriteria"."""
    heads, suffixes = _requirement_words()
    return any(w in heads or w.endswith(suffixes) for w in _WORD_RE.findall(title.lower()))
