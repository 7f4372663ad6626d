"""How much two step texts say the same thing: shared content words by stem.

The planning derivation pairs a table row with the sentences that repeat it, and the series
comparison pairs the steps of two years; both ask this one question. It needs no spaCy: the
comparison runs in the command's own process, which never loads the NLP pipeline.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz

from pipeline.derive import actor_words, lemma, vocab
from pipeline.text.clean import normalise

WORD_RE = re.compile(r"[^\W\d_][\w'’/-]*")
MIN_STEM = 5  # two words share a stem when they share this many leading letters
MIN_TYPO_WORD = 8  # words this long with one letter off (TYPO_RATIO) are the same word misprinted
TYPO_RATIO = 90


def word_overlap(a: str, b: str) -> float:
    """Share of the smaller set of content words that has a word of the same stem in the other
    (`publiceren` ~ `publicatie`, `zorgaanbod` ~ `aanbod`)."""
    return stem_overlap(content_words(a), content_words(b))


def action_overlap(a: str, b: str) -> float:
    """`word_overlap` on the words that say what a step is (`Aanmelding nieuwe ZBC's` and
    `Invullen vragenlijst nieuwe ZBC's` share no step word)."""
    return stem_overlap(step_words(a), step_words(b))


def step_words(text: str) -> frozenset[str]:
    """The words that say what a step is, without the words for whom (`nieuwe`, `bestaande`)."""
    return content_words(text) - frozenset(vocab()["planning"]["group_adjectives"])


def stem_overlap(wa: frozenset[str], wb: frozenset[str]) -> float:
    if not wa or not wb:
        return 0.0
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return sum(any(same_stem(w, v) for v in large) for w in small) / len(small)


def content_words(text: str) -> frozenset[str]:
    """The words of a text that tell steps apart (not function words, dates or party names)."""
    stop = comparison_stop_words()
    return frozenset(
        w for w in (normalise(x) for x in WORD_RE.findall(text or "")) if w not in stop and len(w) > 2
    )


@cache
def comparison_stop_words() -> frozenset[str]:
    planning = vocab()["planning"]
    parties = frozenset().union(*actor_words().values())
    return frozenset(planning["comparison_stop_words"]) | frozenset(planning["step_label_words"]) | parties


def same_stem(a: str, b: str) -> bool:
    """The same word, inflected (`vastgelegd` ~ `vastleggen`, by lemma), derived (`publiceren` ~
    `publicatie`: a stem of MIN_STEM letters), as a compound's tail (`zorgaanbod` ~ `aanbod`), or
    misprinted (`uitvraagmodule` ~ `uitraagmodule`: a long word with one letter off)."""
    a, b = lemma(a), lemma(b)
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_STEM:
        return False
    if long.startswith(short[:MIN_STEM]) or long.endswith(short):
        return True
    return len(short) >= MIN_TYPO_WORD and fuzz.ratio(a, b) >= TYPO_RATIO
