"""Parser-free Dutch clause and party heuristics for the obligation rules.

Blank Dutch has no parser, so the subject of a norm is found the way a reader skims a V2
clause: the party right after the finite verb ("Daarom moet de zorgaanbieder ..."), else the
nearest party before it that is not inside a prepositional phrase ("De zorgaanbieder moet ...").
When a statistical parser ran, `nsubj` of the verb is tried first.

Party classes: "provider", "insurer" (the publishing insurer: wij/we/ons, its names and
brands), "other" (other parties, other insurers, several parties) and "beneficiary" (insured
persons). ANNOTATION.md maps provider → zorgaanbieder, insurer → zorgverzekeraar, the rest → overig.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Literal

from spacy.tokens import Doc, Token

from pipeline.nlp.components import bare, norm_vocab, word_set

Party = Literal["provider", "insurer", "other", "beneficiary"]
SUBJECT_PRONOUNS = frozenset({"u", "wij", "we", "ik"})
_CLUSTER_WORDS = frozenset(
    {
        "en",
        "of",
        "te",
        "kan",
        "kunt",
        "kunnen",
        "moet",
        "moeten",
        "mag",
        "mogen",
        "wordt",
        "worden",
        "is",
        "zijn",
        "heeft",
        "hebben",
        "zal",
        "zullen",
        "wil",
        "willen",
    }
)
_DETERMINERS = frozenset(
    {
        "de",
        "het",
        "een",
        "alle",
        "elke",
        "iedere",
        "ieder",
        "deze",
        "die",
        "dit",
        "onze",
        "ons",
        "uw",
        "hun",
        "zijn",
        "haar",
        "nieuwe",
        "bestaande",
        "andere",
        "individuele",
    }
)


@cache
def _verbal_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in norm_vocab()["clauses"]["verbal_complement"])


# --- clauses ---------------------------------------------------------------------------


def clause_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """[start, end) of the punctuation-delimited stretch around token i."""
    stops = word_set("boundaries")
    start = i
    while start > 0 and doc[start - 1].text not in stops:
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].text not in stops:
        end += 1
    return start, end


def is_subordinate(doc: Doc, i: int) -> bool:
    """Token i stands in a subordinate clause.

    A subordinator opens its stretch before it, and either the verb closes that clause (only
    verbs follow it) or no verb stands between the subordinator and it. A verb followed by its
    subject ("... , kan de zorgaanbieder") or preceded by a closed clause ("Bij X waarbij Y is
    overeengekomen kunnen partijen ...") is a main-clause verb.
    """
    start, end = clause_bounds(doc, i)
    subs = word_set("subordinators")
    last_sub = max((j for j in range(start, i) if doc[j].lower_ in subs), default=None)
    if last_sub is None or _inverted_subject(doc, i, end):
        return False
    verb_final = all(_verb_like(doc[j]) for j in range(i + 1, end) if doc[j].is_alpha)
    closed = any(
        _verb_like(doc[j]) for j in range(last_sub + 1, i) if doc[j].lower_ not in {"en", "of", "te"}
    )
    return verb_final or not closed


def _inverted_subject(doc: Doc, i: int, end: int) -> bool:
    """V2 inversion: the finite verb at i is directly followed by its subject."""
    j = i + 1
    while j < end and doc[j].lower_ in word_set("inversion_skip"):
        j += 1
    if j >= end:
        return False
    nxt = doc[j]
    if nxt.lower_ in SUBJECT_PRONOUNS or nxt._.provider:
        return True
    return nxt.lower_ in {"de", "het", "een", "elke", "iedere"} and j + 1 < end and doc[j + 1]._.provider


def _verb_like(token: Token) -> bool:
    low = token.lower_
    return low in _CLUSTER_WORDS or any(r.search(low) for r in _verbal_res())


def has_verbal_complement(doc: Doc, i: int) -> bool:
    """A modal at i governs a verb: an infinitive or participle follows it in its clause."""
    _, end = clause_bounds(doc, i)
    res = _verbal_res()
    return any(any(r.search(doc[j].lower_) for r in res) for j in range(i + 1, end) if doc[j].is_alpha)


# --- parties ---------------------------------------------------------------------------


def insurer_ids(doc: Doc, insurer: str | None) -> dict[int, Party]:
    """Token index → party for every INSURER entity: the publisher's group is `insurer`."""
    out: dict[int, Party] = {}
    for ent in doc.ents:
        if ent.label_ != "INSURER":
            continue
        own = insurer is None or ent.ent_id_.casefold() == insurer.casefold()
        for t in ent:
            out[t.i] = "insurer" if own else "other"
    return out


def party_of(token: Token, insurers: dict[int, Party]) -> Party | None:
    """The party class a single token names, if any."""
    if token.i in insurers:
        return insurers[token.i]
    low = bare(token)
    if low in {"ons", "onze"}:
        return _possessive_party(token)
    if low in word_set("insurer_words"):
        return "insurer"
    if low in word_set("beneficiaries"):
        return "beneficiary"
    if low in word_set("other_parties") or (token.ent_type_ in {"REGULATOR", "GOVERNMENT", "BRANCH_ORG"}):
        return "other"
    if token._.provider:
        return "provider"
    return None


def _possessive_party(token: Token) -> Party:
    """ "onze leden" are beneficiaries; "ons team", "onze zorginkopers" are the insurer."""
    doc = token.doc
    for j in range(token.i + 1, min(token.i + 3, len(doc))):
        if bare(doc[j]) in word_set("beneficiaries"):
            return "beneficiary"
    return "insurer"


def _governed_by_preposition(token: Token) -> bool:
    """The token heads a prepositional phrase ("bij zorgaanbieders", "van de nieuwe ZBC")."""
    doc = token.doc
    preps = word_set("prepositions")
    j = token.i - 1
    while j >= 0 and (doc[j].lower_ in _DETERMINERS or (doc[j].lower_.endswith("e") and j >= token.i - 3)):
        j -= 1
    return j >= 0 and doc[j].lower_ in preps


def _is_subject_like(token: Token, party: Party) -> bool:
    low = token.lower_
    if low in word_set("object_pronouns") and not (low == "ons" and token.i == 0):
        return False
    return not _governed_by_preposition(token)


def parties(
    doc: Doc, insurer: str | None, start: int = 0, end: int | None = None
) -> Iterator[tuple[Token, Party]]:
    """Every party mention in doc[start:end], left to right, with its class."""
    ins = insurer_ids(doc, insurer)
    end = len(doc) if end is None else end
    seen_ent: set[int] = set()
    for t in doc[start:end]:
        party = party_of(t, ins)
        if party is None:
            continue
        if t.i in ins:
            ent_start = next(e.start for e in doc.ents if e.start <= t.i < e.end)
            if ent_start in seen_ent:
                continue
            seen_ent.add(ent_start)
        yield t, party


def _together(doc: Doc, i: int) -> bool:
    """ "we samen", "wij gezamenlijk met": several parties carry the norm."""
    window = doc[i + 1 : min(i + 3, len(doc))]
    return any(t.lower_ in word_set("together") for t in window)


def subject_near(doc: Doc, i: int, insurer: str | None, fallback: bool = True) -> Party | None:
    """The party carrying the verb at token i, or None when no party is found.

    fallback: when the clause names no party, take the sentence's first subject-like party.
    """
    parsed = _parsed_subject(doc, i, insurer)
    if parsed is not None:
        return parsed
    start, end = clause_bounds(doc, i)
    ins = insurer_ids(doc, insurer)
    for j in range(i + 1, min(i + 4, end)):  # V2 inversion: verb, then subject
        party = party_of(doc[j], ins)
        if party is not None and _is_subject_like(doc[j], party):
            return _with_together(doc, j, party)
    for j in range(i - 1, start - 1, -1):
        party = party_of(doc[j], ins)
        if party is not None and _is_subject_like(doc[j], party):
            return _with_together(doc, j, party)
    return first_subject(doc, insurer) if fallback else None


def _with_together(doc: Doc, j: int, party: Party) -> Party:
    return "other" if party == "insurer" and _together(doc, j) else party


def first_subject(doc: Doc, insurer: str | None) -> Party | None:
    """The first subject-like party of the sentence."""
    for t, party in parties(doc, insurer):
        if _is_subject_like(t, party):
            return _with_together(doc, t.i, party)
    return None


def _parsed_subject(doc: Doc, i: int, insurer: str | None) -> Party | None:
    if not doc.has_annotation("DEP"):
        return None
    ins = insurer_ids(doc, insurer)
    head = doc[i].head if doc[i].dep_ in {"aux", "aux:pass", "cop"} else doc[i]
    for child in head.children:
        if child.dep_ in {"nsubj", "nsubj:pass"}:
            for t in child.subtree:
                party = party_of(t, ins)
                if party is not None:
                    return party
    return None


def addressee(doc: Doc, i: int, insurer: str | None) -> Party | None:
    """The party a condition is put on: a provider or insured-person subject, else any provider."""
    subject = subject_near(doc, i, insurer, fallback=False)
    if subject in {"provider", "beneficiary"}:
        return subject
    # a ministry or branch body that sets conditions is not the party that must meet them
    return "provider" if any(party == "provider" for _, party in parties(doc, insurer)) else None
