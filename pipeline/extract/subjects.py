"""What each number is about: the subject of an amount or percentage, its section, page and unit.

`subject` is the noun phrase the number belongs to, read from the sentence around it:

- a label before it: `DM II: 4,6%`, a table row's first cell (`7VG | 95,7% | 97,8%`);
- a noun phrase with its number in brackets: `het richttarief (95,7%)`;
- the noun phrase that a linking word ties to the number: `een opslag van 2,1%`, `een
  zorgomzetplafond van minder dan € 2,5 miljoen`, `een marktaandeel hebben van 25%`, and for a
  copula the clause's subject: `De vergoeding voor NHC/NIC bedraagt 100%`, `De minimale zorgomzet
  ... moet minimaal € 100.000 zijn`;
- a share of something: `70% van het zorgkostenplafond`;
- a noun right after the number: `25% marktaandeel`, `4% variabele beloning`;
- a sentence that is only a label and its number: `Totale landelijke zorgkosten € 24,4 miljoen.`

When a dependency parser ran (`nl_core_news_md`), the noun chunk the number attaches to wins;
the blank pipeline has no parse, so these rules over the words stand in for it. `per_unit` is
filled where the text states it a few words after the amount (`€ 2,8 miljoen beschikbaar per jaar`,
`per aangeboden specialisme`). The vocabulary is tables.yaml `subjects` and the bound words and
per-unit nouns of `pipeline/vocab/numbers.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TypeVar

from pipeline.model import AmountMention, Document, PercentageMention, Sentence
from pipeline.text.clean import normalise
from pipeline.vocab import load
from pipeline.vocab import numbers as number_vocab

MAX_SUBJECT_WORDS = 6  # a subject is a short noun phrase
MAX_LABEL_WORDS = 8  # a sentence that is only a label before its number
PER_UNIT_GAP = 3  # words allowed between an amount and its `per ...`
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*(?![\w’'/+-])|[\w’'/+-]+|[^\w\s]")
_NUMBER_TOKEN_RE = re.compile(r"^\d[\d.,]*$")
_PARTICIPLE_RE = re.compile(r"^(?!\w*heid$)\w{0,6}ge\w{2,}[dt]$")
_NUMERIC_CELL_RE = re.compile(r"[\d\s.,%€*-]+")
CELL_SEPARATOR = " | "  # how a table row's cells stand in its sentence text
CURRENCY = frozenset({"€", "eur", "euro"})
N = TypeVar("N", AmountMention, PercentageMention)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def describe_numbers(document: Document) -> Document:
    """Stage: the subject, section title and page of every amount and percentage, and the
    unit an amount is per where the text states it after the amount."""
    sentences = {s.sentence_id: s for s in document.sentences}
    titles = {s.section_id: s.title for s in document.sections}
    parses = parsed_sentences(document)
    amounts = [
        replace(
            describe(a, sentences, titles, parses),
            per_unit=a.per_unit or per_unit_after(sentence_text(a, sentences), a.end),
        )
        for a in document.records.amounts
    ]
    percentages = [describe(p, sentences, titles, parses) for p in document.records.percentages]
    return replace(document, records=replace(document.records, amounts=amounts, percentages=percentages))


def describe(
    number: N, sentences: dict[str, Sentence], titles: dict[str | None, str], parses: dict[str, Any]
) -> N:
    sentence = sentences.get(number.sentence_id or "")
    if sentence is None:
        return number
    parse = parses.get(sentence.sentence_id)
    subject = parsed_subject(parse, number.start, number.end) if parse is not None else None
    return replace(
        number,
        subject=subject or subject_of(sentence.text, number.start, number.end, sentence.cells),
        section_title=titles.get(sentence.section_id),
        page=sentence.page,
    )


def sentence_text(number: AmountMention, sentences: dict[str, Sentence]) -> str:
    sentence = sentences.get(number.sentence_id or "")
    return sentence.text if sentence else ""


def parsed_sentences(document: Document) -> dict[str, Any]:
    """The annotate stage's Docs by sentence id, when a dependency parser made them."""
    docs = document.annotations
    if len(docs) != len(document.sentences) or not docs or not docs[0].has_annotation("DEP"):
        return {}
    return {s.sentence_id: d for s, d in zip(document.sentences, docs, strict=True)}


# --- with a parser ------------------------------------------------------------------------


def parsed_subject(doc: Any, start: int, end: int) -> str | None:
    """The noun chunk of the nearest noun the number hangs from (`opslag` in `opslag van 2,1%`)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(4):  # a number attaches to its noun within a few arcs
        if token.head is token:
            return None
        token = token.head
        if (
            token.pos_ in {"NOUN", "PROPN"}
            and not token.like_num
            and token.i not in range(span.start, span.end)
        ):
            chunk = next((c for c in doc.noun_chunks if c.start <= token.i < c.end), None)
            return noun_phrase([t.text for t in (chunk or [token]) if not is_determiner(t.text)])
    return None


# --- without a parser: rules over the words -----------------------------------------------


def subject_of(text: str, start: int, end: int, cells: Sequence[str] | None = None) -> str | None:
    """The noun phrase the number at [start, end) of `text` belongs to, or None. The second number
    of a range or a change (`€ 2500 - € 5000`, `van 4,5% naar 4,6%`) is about what the first is about;
    in a table row the number's own cell is read first, then the row's label."""
    first = range_start(text, start)
    if first is not None:
        return subject_of(text, first.start, first.end, cells)
    cell_start = text.rfind(CELL_SEPARATOR, 0, start) + len(CELL_SEPARATOR) if cells else 0
    cell_end = text.find(CELL_SEPARATOR, end) if cells else -1
    before = tokens(text[max(cell_start, 0) : start])
    after = tokens(text[end : cell_end if cell_end >= 0 else len(text)])
    for rule in (labelled, bracketed, linked):
        subject = rule(before)
        if subject:
            return subject
    subject = share_of(after) or noun_after(after) or bounded(before) or label_sentence(before)
    return subject or (row_label(cells) if cells else None)


def range_start(text: str, start: int) -> Token | None:
    """The first number of a range or change that the number at `start` closes, if any."""
    before = tokens(text[:start])
    rest = [t for t in before if t.lower not in CURRENCY]
    if len(rest) < 2 or rest[-1].lower not in vocab("range_joiners"):
        return None
    number = rest[-2]
    if not _NUMBER_TOKEN_RE.match(number.text) and number.text != "%":
        return None
    if number.text == "%":
        number = rest[-3] if len(rest) > 2 and _NUMBER_TOKEN_RE.match(rest[-3].text) else None
    return number


def row_label(cells: Sequence[str]) -> str | None:
    """A table row's first cell when it names the row (`7VG`, `Observatie (toeslag)`)."""
    first = cells[0].strip() if cells else ""
    if not first or _NUMERIC_CELL_RE.fullmatch(first):
        return None
    label: list[str] = []
    for word in first.split():
        if is_boundary(word.lower().strip("()*")):
            break
        label.append(word)
    return noun_phrase(label, limit=MAX_LABEL_WORDS)


def labelled(before: list[Token]) -> str | None:
    """`DM II: 4,6%`: a short label and a colon open the sentence."""
    if len(before) < 2 or before[-1].text != ":" or len(before) - 1 > MAX_LABEL_WORDS:
        return None
    return noun_phrase(words(before[:-1]))


def bracketed(before: list[Token]) -> str | None:
    """`het richttarief (95,7%)`: the number in brackets after its noun phrase."""
    if not before or before[-1].text != "(":
        return None
    return trailing_noun_phrase(before[:-1])


def linked(before: list[Token]) -> str | None:
    """`een opslag van 2,1%`, `De vergoeding ... bedraagt 100%`, `... moet minimaal € 100.000 zijn`."""
    rest = strip_bounds(before)
    if not rest:
        return None
    if rest[-1].lower in vocab("copulas"):
        return clause_subject(rest[:-1])
    link = next((n for n in link_lengths() if [t.lower for t in rest[-n:]] in link_phrases()), 0)
    if not link:
        return None
    rest = rest[:-link]
    if rest and rest[-1].lower in vocab("carrier_verbs"):
        rest = rest[:-1]  # `een marktaandeel hebben van 25%`
    if rest and (rest[-1].lower in vocab("copulas") or _PARTICIPLE_RE.match(rest[-1].lower)):
        return clause_subject(rest[:-1])  # `is vastgesteld op 4%`, `is het bedrag aangepast van`
    return trailing_noun_phrase(rest)


@cache
def link_phrases() -> list[list[str]]:
    return [p.split() for p in vocab("links")]


@cache
def link_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(p) for p in link_phrases()}, reverse=True))


def bounded(before: list[Token]) -> str | None:
    """`een omzet boven € 250.000`: the noun phrase a bound word ties to the number."""
    rest = strip_bounds(before)
    if not rest or len(rest) == len(before) or not rest[-1].text[0].isalpha():
        return None
    if any(rest[-1].lower == phrase[-1] for phrase in link_phrases()):
        return None  # a link the linked rule read already (`ter hoogte van minimaal ...`)
    return trailing_noun_phrase(rest)


def label_sentence(before: list[Token]) -> str | None:
    """`Totale landelijke zorgkosten voor bovenstaande doelgroep € 24,4 miljoen.`: a label, no verb."""
    rest = strip_bounds(before)
    if not rest or len(rest) > MAX_LABEL_WORDS or any(is_boundary(t.lower) for t in rest):
        return None
    if any(not t.text[0].isalnum() for t in rest):
        return None
    return noun_phrase(words(rest))


def share_of(after: list[Token]) -> str | None:
    """`70% van het zorgkostenplafond`: the whole the number is a share of."""
    rest = skip_marks(after)
    if not rest or rest[0].lower != "van":
        return None
    return leading_noun_phrase(rest[1:])


def noun_after(after: list[Token]) -> str | None:
    """`25% marktaandeel`, `4% variabele beloning`: the noun the number qualifies."""
    rest = list(after)
    while rest and rest[0].text == "*":
        rest = rest[1:]
    first = rest[0].lower if rest else ""
    if not first[:1].isalpha() or is_boundary(first) or first in vocab("noun_prepositions"):
        return None
    return leading_noun_phrase(rest, limit=2)


# --- noun phrases -------------------------------------------------------------------------


def trailing_noun_phrase(toks: list[Token]) -> str | None:
    """The noun phrase that ends the tokens: back to a determiner, a boundary word or a mark."""
    phrase: list[str] = []
    for token in reversed(toks):
        if not token.text[0].isalnum() or is_determiner(token.lower) or is_boundary(token.lower):
            break
        if _NUMBER_TOKEN_RE.match(token.text):
            break
        phrase.insert(0, token.text)
        if len(phrase) == MAX_SUBJECT_WORDS:
            break
    return noun_phrase(phrase)


def leading_noun_phrase(toks: list[Token], limit: int = MAX_SUBJECT_WORDS) -> str | None:
    """The noun phrase that opens the tokens, after its determiner, up to a boundary."""
    rest = toks[1:] if toks and is_determiner(toks[0].lower) else toks
    phrase: list[str] = []
    for token in rest:
        if not token.text[0].isalnum() or is_boundary(token.lower) or is_determiner(token.lower):
            break
        if _PARTICIPLE_RE.match(token.lower) or _NUMBER_TOKEN_RE.match(token.text):
            break
        phrase.append(token.text)
        if len(phrase) == limit:
            break
    return noun_phrase(phrase)


def clause_subject(toks: list[Token]) -> str | None:
    """The subject of the clause the tokens end: the noun phrase that opens it (`De vergoeding
    voor NHC/NIC` in `De vergoeding voor NHC/NIC bedraagt`), or the sentence's when the clause
    opens with its verb. Leading adverbs, prepositional openers and numbers are skipped."""
    start = max((i + 1 for i, t in enumerate(toks) if t.text in {",", ";", ":"}), default=0)
    clause = toks[start:]
    if not clause or clause[0].lower in vocab("copulas"):
        clause = toks
    while clause and not (is_determiner(clause[0].lower) or starts_phrase(clause[0])):
        clause = clause[1:]
    return leading_noun_phrase(noun_with_modifier(clause))


def starts_phrase(token: Token) -> bool:
    """A content word that can open a noun phrase: not a boundary, opener, number or mark."""
    word = token.lower
    return (
        token.text[0].isalpha()
        and not is_boundary(word)
        and word not in vocab("clause_openers")
        and word not in vocab("copulas")
    )


def noun_with_modifier(toks: list[Token]) -> list[Token]:
    """A noun phrase keeps one `voor`/`van` complement (`vergoeding voor NHC/NIC`) and stops at
    the next preposition or verb."""
    for i, token in enumerate(toks):
        if i and token.lower in vocab("noun_prepositions"):
            tail = toks[i + 1 :]
            tail = tail[1:] if tail and is_determiner(tail[0].lower) else tail
            complement = [t for t in tail[:2] if t.text[0].isalnum() and not is_boundary(t.lower)]
            return [*toks[:i], token, *complement] if complement else toks[:i]
    return toks


def noun_phrase(phrase: Sequence[str], limit: int = MAX_SUBJECT_WORDS) -> str | None:
    """The phrase on one line without leading determiners or trailing function words; None when no
    content word is left or it is only a pronoun."""
    kept = [w.strip("‘’'\"()*") for w in phrase][:limit]
    while kept and (is_determiner(kept[0].lower()) or not kept[0]):
        kept = kept[1:]
    while kept and (
        kept[-1].lower() in vocab("noun_prepositions")
        or is_boundary(kept[-1].lower())
        or is_determiner(kept[-1].lower())
        or not kept[-1]
    ):
        kept = kept[:-1]
    if not kept or all(w.lower() in vocab("pronouns") for w in kept):
        return None
    return " ".join(kept)


# --- per unit -----------------------------------------------------------------------------


def per_unit_after(text: str, end: int) -> str | None:
    """`per jaar` a few words after an amount (`€ 2,8 miljoen beschikbaar per jaar`,
    `€ 250.000,- per aangeboden specialisme`, `(per gebeurtenis)`), if stated."""
    after = [t for t in tokens(text[end:]) if t.text[0].isalnum()]
    for i, token in enumerate(after[: PER_UNIT_GAP + 1]):
        if token.lower != "per":
            continue
        noun = next((t for t in after[i + 1 : i + 3] if t.lower in per_unit_nouns()), None)
        if noun is not None:
            return normalise(text[end + token.start : end + noun.end]).lower()
        return None
    return None


@cache
def per_unit_nouns() -> frozenset[str]:
    return frozenset(number_vocab.PER_UNIT_NOUNS) | frozenset(vocab("per_unit_nouns"))


# --- words --------------------------------------------------------------------------------


def tokens(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def words(toks: Sequence[Token]) -> list[str]:
    return [t.text for t in toks if t.text[0].isalnum()]


def strip_bounds(before: list[Token]) -> list[Token]:
    """The tokens before a number without its currency, bound words and opening quote."""
    rest = list(before)
    changed = True
    while rest and changed:
        changed = False
        if rest[-1].lower in CURRENCY or rest[-1].text in {"‘", "'", '"', ".", ">", "<", "≥", "≤"}:
            rest, changed = rest[:-1], True
            continue
        for bound in bound_words():
            n = len(bound)
            if n <= len(rest) and [t.lower for t in rest[-n:]] == list(bound):
                rest, changed = rest[:-n], True
                break
    return rest


@cache
def bound_words() -> tuple[tuple[str, ...], ...]:
    phrases = {*number_vocab.MIN_BOUND_WORDS, *number_vocab.MAX_BOUND_WORDS, *vocab("bound_words")}
    split = {tuple(_TOKEN_RE.findall(p.lower())) for p in phrases}
    return tuple(sorted((p for p in split if p), key=len, reverse=True))


def skip_marks(after: list[Token]) -> list[Token]:
    """The tokens after a number without footnote stars, closing brackets and quotes."""
    rest = list(after)
    while rest and rest[0].text in {"*", ")", "’", "'", '"', "-", ","}:
        rest = rest[1:]
    return rest


def is_determiner(word: str) -> bool:
    return word in vocab("determiners")


def is_boundary(word: str) -> bool:
    return word in boundary_words()


@cache
def boundary_words() -> frozenset[str]:
    return frozenset(vocab("boundaries")) | frozenset(vocab("copulas")) | frozenset(vocab("carrier_verbs"))


def vocab(name: str) -> list[str]:
    return load("tables")["subjects"][name]
