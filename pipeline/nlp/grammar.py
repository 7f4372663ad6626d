"""Parser-free Dutch clause and party heuristics for the obligation rules.

Blank Dutch has no parser, so the subject of a norm is found the way a reader skims a V2
clause: the party right after the finite verb ("Daarom moet de zorgaanbieder ..."), else the
nearest party before it that is not inside a prepositional phrase ("De zorgaanbieder moet ...").
When a statistical parser ran, `nsubj` of the verb is tried first.

Party classes: "provider", "insurer" (the publishing insurer: wij/we/ons, its names and
brands), "other" (other parties, other insurers, several parties) and "beneficiary" (insured
persons). ANNOTATION.md maps provider → zorgaanbieder, insurer → zorgverzekeraar, the rest → overig.
When no insurer publishes the document (a regulator, ministry, VNG), `Publisher` says so: insurers
and zorgkantoren named in the text are then "insurer", and wij/we/ons is the publisher's class.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from spacy.tokens import Doc, Token

from pipeline.nlp.components import bare, bare_word, is_provider_word, norm_vocab, word_set

Party = Literal["provider", "insurer", "other", "beneficiary"]


@dataclass(frozen=True)
class Publisher:
    """Who publishes: the insurer's canonical name (None: no insurer publishes) and whom wij/we/ons names."""

    insurer: str | None = None
    we: Party = "insurer"


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


_AUXILIARIES = _CLUSTER_WORDS - {"en", "of", "te"}


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


def insurer_ids(doc: Doc, publisher: Publisher) -> dict[int, Party]:
    """Token index → party for every INSURER entity: the publisher's group is `insurer`.

    When no insurer publishes the document, every insurer it names is `insurer` (ANNOTATION.md:
    other publishers).
    """
    out: dict[int, Party] = {}
    insurer = publisher.insurer
    for ent in doc.ents:
        if ent.label_ != "INSURER":
            continue
        own = insurer is None or ent.ent_id_.casefold() == insurer.casefold()
        for t in ent:
            out[t.i] = "insurer" if own else "other"
    return out


def party_of(token: Token, insurers: dict[int, Party], publisher: Publisher) -> Party | None:
    """The party class a single token names, if any."""
    if token.i in insurers:
        return insurers[token.i]
    kind = _word_kind(token.lower_)
    if kind == "possessive":
        own = _possessive_party(token)
        return publisher.we if own == "insurer" else own
    if kind == "we":
        return publisher.we
    if kind == "insurers_generic":
        # other insurers in an insurer's own policy; the insurers a regulator's text binds
        return "other" if publisher.insurer else "insurer"
    if kind is not None:
        return kind
    if token.ent_type_ in {"REGULATOR", "GOVERNMENT", "BRANCH_ORG"}:
        return "other"
    if is_provider_word(token.lower_):  # the `provider` extension, without its per-token getter
        return "provider"
    return None


WordKind = Literal["possessive", "we", "insurers_generic", "insurer", "beneficiary", "other"]


@lru_cache(maxsize=1 << 16)  # asked of nearly every token of a sentence with a modal verb, a few times over
def _word_kind(lower: str) -> WordKind | None:
    """What a lower-case word (a possessive or plural 's aside) says of the party by itself: a party
    of a word list (`insurer`, `beneficiary`, `other`), or `possessive` (`ons`, `onze`), `we` (the
    publisher) or `insurers_generic`, whose party depends on the text around or on the publisher.
    Never `provider`: an entity (a regulator's name) outranks a provider word, and only the token
    knows its entity."""
    low = bare_word(lower)
    if low in {"ons", "onze"}:
        return "possessive"
    if low in word_set("we_words"):
        return "we"
    if low in word_set("insurer_words"):
        return "insurer"
    if low in word_set("insurers_generic"):
        return "insurers_generic"
    if low in word_set("beneficiaries"):
        return "beneficiary"
    if low in word_set("other_parties"):
        return "other"
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


def is_publisher_pronoun(token: Token) -> bool:
    """wij/we/ons/onze: the publisher speaking of itself."""
    return bare(token) in word_set("we_words")


def parties(
    doc: Doc, publisher: Publisher, start: int = 0, end: int | None = None
) -> Iterator[tuple[Token, Party]]:
    """Every party mention in doc[start:end], left to right, with its class."""
    ins = insurer_ids(doc, publisher)
    end = len(doc) if end is None else end
    seen_ent: set[int] = set()
    for t in doc[start:end]:
        party = party_of(t, ins, publisher)
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


def subject_near(doc: Doc, i: int, publisher: Publisher, fallback: bool = True) -> Party | None:
    """The party carrying the verb at token i, or None when no party is found.

    fallback: when the clause names no party, take the sentence's first subject-like party.
    """
    parsed = _parsed_subject(doc, i, publisher)
    if parsed is not None:
        return parsed
    found = _local_subject_token(doc, i, publisher)
    if found is not None:
        return _with_together(doc, found[0].i, found[1])
    return first_subject(doc, publisher) if fallback else None


def _local_subject_token(doc: Doc, i: int, publisher: Publisher) -> tuple[Token, Party] | None:
    start, end = clause_bounds(doc, i)
    ins = insurer_ids(doc, publisher)
    # subject first: "De zorgverzekeraar kan de zorgaanbieder ..." (what follows the verb is its object)
    lead = _noun_after_modifiers(doc, max(start, content_start(doc)), ins, publisher)
    party = party_of(doc[lead], ins, publisher) if lead < i else None
    if party is not None and lead + 1 == i and _is_subject_like(doc[lead], party):
        return doc[lead], party
    for j in [*range(i + 1, min(i + 4, end)), *range(i - 1, start - 1, -1)]:  # V2 inversion first
        party = party_of(doc[j], ins, publisher)
        if party is not None and _is_subject_like(doc[j], party):
            return doc[j], party
    return None


def publisher_subject(doc: Doc, i: int, publisher: Publisher) -> bool:
    """The subject of the verb at i is the publisher or an insurer: just after the verb ("Daarom
    raden wij aan"), else the nearest party before it ("Wij adviseren u ...", "VGZ stimuleert ...")."""
    start, end = clause_bounds(doc, i)
    ins = insurer_ids(doc, publisher)
    for j in range(i + 1, min(i + 4, end)):  # V2 inversion: "Graag vernemen wij ..."
        party = party_of(doc[j], ins, publisher)
        if party is not None and _is_subject_like(doc[j], party) and _speaks(doc[j], party, publisher):
            return True
    for k in range(i - 1, start - 1, -1):
        party = party_of(doc[k], ins, publisher)
        if party is not None and _is_subject_like(doc[k], party):
            return _speaks(doc[k], party, publisher)
    return False


def _speaks(token: Token, party: Party, publisher: Publisher) -> bool:
    """The publisher or an insurer on its own ("wij", "VGZ"), not "wij samen met ..."."""
    return (party == "insurer" or is_publisher_pronoun(token)) and not _together(token.doc, token.i)


def granted_subject(doc: Doc, i: int, publisher: Publisher) -> bool:
    """The subject of the verb at i is a party that a right or power can be granted to: not the
    publishing insurer itself ("wij kunnen", "VGZ kan"), but any insurer a regulation names."""
    found = _local_subject_token(doc, i, publisher)
    if found is None:
        return False
    token, party = found
    party = _with_together(doc, token.i, party)
    return party != "insurer" or (publisher.insurer is None and not is_publisher_pronoun(token))


def publisher_first_subject(doc: Doc, publisher: Publisher) -> bool:
    """The sentence's first subject is the buyer: the publisher or an insurer ("Wij beoordelen ..."),
    or, where no insurer publishes, another party than a provider ("De gemeente beoordeelt ...")."""
    for t, party in parties(doc, publisher):
        if _is_subject_like(t, party):
            return _speaks(t, party, publisher) or (publisher.insurer is None and party == "other")
    return False


def _with_together(doc: Doc, j: int, party: Party) -> Party:
    return "other" if party == "insurer" and _together(doc, j) else party


def first_subject(doc: Doc, publisher: Publisher) -> Party | None:
    """The first subject-like party of the sentence."""
    for t, party in parties(doc, publisher):
        if _is_subject_like(t, party):
            return _with_together(doc, t.i, party)
    return None


def _parsed_subject(doc: Doc, i: int, publisher: Publisher) -> Party | None:
    if not doc.has_annotation("DEP"):
        return None
    ins = insurer_ids(doc, publisher)
    head = doc[i].head if doc[i].dep_ in {"aux", "aux:pass", "cop"} else doc[i]
    for child in head.children:
        if child.dep_ in {"nsubj", "nsubj:pass"}:
            for t in child.subtree:
                party = party_of(t, ins, publisher)
                if party is not None:
                    return party
    return None


def addressee(doc: Doc, i: int, publisher: Publisher) -> Party | None:
    """The party a condition is put on: a provider or insured-person subject, else any provider."""
    subject = subject_near(doc, i, publisher, fallback=False)
    if subject in {"provider", "beneficiary"}:
        return subject
    # a ministry or branch body that sets conditions is not the party that must meet them
    return "provider" if any(party == "provider" for _, party in parties(doc, publisher)) else None


# --- operative provisions ----------------------------------------------------------------

_LIST_MARKER = re.compile(r"^(\(?([a-z]|[ivx]{1,4}|\d{1,3}[a-z]?)[.)°]|[-–•·*]|\d{1,3})$")
_PP_SKIP = 5  # words of a "van ..." phrase inside the subject ("het college van burgemeester en wethouders")


def content_start(doc: Doc) -> int:
    """Index of the first word after list markers ("1.", "a.", "(2)") and an "Artikel N" label."""
    i = 0
    while i < len(doc):
        low = doc[i].lower_
        if low == "artikel" and i + 1 < len(doc) and doc[i + 1].like_num:
            i += 2
        elif doc[i].is_punct or _LIST_MARKER.match(low):
            i += 1
        else:
            break
    return i


def operative_subject(doc: Doc, publisher: Publisher) -> Party | None:
    """The party a present-tense main clause binds, or None.

    Reads the deontic present of regulations: "De zorgverzekeraar maakt ... bekend" (subject, then
    finite verb) and "Uiterlijk 1 april maakt het college ... bekend" / "..., beoordeelt het CIZ"
    (V2: finite verb, then subject). Insured persons are not bound this way: present-tense
    sentences about them describe (criteria, situations).
    """
    start = content_start(doc)
    lead = word_set("leading_adverbs")
    while start < len(doc) and doc[start].lower_ in lead:
        start += 1
    subject = _subject_np(doc, start, publisher)
    if subject is not None:
        party, plural, end = subject
        verb = _verb_after_subject(doc, end)
        if verb is not None and _finite_present(doc[verb], plural) and not is_subordinate(doc, verb):
            return _operative_party(party)
    for k in range(start + 1, len(doc)):
        subject = _subject_np(doc, k + 1, publisher) if k + 1 < len(doc) else None
        if subject is None or doc[k - 1].lower_ in word_set("subordinators"):
            continue
        party, plural, _ = subject
        if _finite_present(doc[k], plural) and not is_subordinate(doc, k) and _first_verb(doc, k):
            return _operative_party(party)
    return None


def _first_verb(doc: Doc, k: int) -> bool:
    """No auxiliary stands before k in its clause: k is the finite verb of V2, not a participle
    ("In de tabel wordt weergegeven ...")."""
    start, _ = clause_bounds(doc, k)
    return not any(doc[j].lower_ in _AUXILIARIES for j in range(start, k))


def _operative_party(party: Party) -> Party | None:
    return None if party == "beneficiary" else party


def _subject_np(doc: Doc, i: int, publisher: Publisher) -> tuple[Party, bool, int] | None:
    """(party, plural, index after the noun phrase) for a party noun phrase starting at i."""
    found = _one_party(doc, i, publisher)
    if found is None:
        return None
    party, plural, end = found
    if end + 1 < len(doc) and doc[end].lower_ == "en":
        other = _one_party(doc, end + 1, publisher)
        if other is not None:
            return ("other" if other[0] != party else party), True, other[2]
    return party, plural, end


def _one_party(doc: Doc, i: int, publisher: Publisher) -> tuple[Party, bool, int] | None:
    ins = insurer_ids(doc, publisher)
    j = _noun_after_modifiers(doc, i, ins, publisher)
    party = party_of(doc[j], ins, publisher) if j < len(doc) else None
    if party is None:
        return None
    end = j + 1
    while end < len(doc) and end in ins and ins[end] == ins[j]:
        end += 1  # a multi-word insurer name
    if end < len(doc) and doc[end].text in {"'s", "’s"}:
        end += 1
    low = doc[j].lower_
    plural = low in {"wij", "we"} or (low != "u" and _plural_noun(low))
    return party, plural, end


def _noun_after_modifiers(doc: Doc, i: int, ins: dict[int, Party], publisher: Publisher) -> int:
    """Index of the first party word or noun after up to three determiners and adjectives from i."""
    j = i
    while j < len(doc) and j - i < 3 and (party_of(doc[j], ins, publisher) is None or _possessive(doc, j)):
        # an adjective only after a determiner: "de betrokken aanbieder", not "Nacalculatie spreken wij"
        if not (doc[j].lower_ in _quantified() or (j > i and _attributive(doc[j]))):
            break
        j += 1
    return j


def _possessive(doc: Doc, j: int) -> bool:
    """ "onze", "uw" before a noun: the noun names the party ("onze zorgaanbieders")."""
    return doc[j].lower_ in _DETERMINERS and j + 1 < len(doc) and doc[j + 1].is_alpha


def _attributive(token: Token) -> bool:
    """An adjective before a noun ("de betrokken zorgverzekeraar", "een nieuwe aanbieder")."""
    low = token.lower_
    if not token.is_alpha or len(low) < 4 or token._.provider or low in _non_operative_words():
        return False
    return low.endswith(("e", "en"))


def _plural_noun(low: str) -> bool:
    return low.endswith(("s", "en", "'s", "’s")) and not low.endswith(("ijs", "us"))


def _verb_after_subject(doc: Doc, end: int) -> int | None:
    """The word after the subject, past a "van ..." phrase that belongs to it."""
    if end >= len(doc):
        return None
    if doc[end].lower_ != "van":
        return end
    for k in range(end + 1, min(end + 1 + _PP_SKIP, len(doc))):
        if doc[k].is_punct:
            return None
        if _finite_present(doc[k], plural=False) or _finite_present(doc[k], plural=True):
            return k
    return None


def _finite_present(token: Token, plural: bool) -> bool:
    """The word is a present-tense finite verb that can bind (not a copula, auxiliary or modal)."""
    low = token.lower_
    if not token.is_alpha or not token.is_lower or low in _non_operative_words():
        return False
    if token.doc.has_annotation("POS") and token.doc.has_annotation("MORPH"):
        return token.pos_ in {"VERB", "AUX"} and "Pres" in token.morph.get("Tense")
    # Dutch present tense: -t after a singular subject (maakt, besluit), -en after a plural one
    return len(low) > 4 and low.endswith("en") if plural else len(low) > 3 and low.endswith("t")


@cache
def _quantified() -> frozenset[str]:
    return _DETERMINERS | word_set("quantifiers")


@cache
def _non_operative_words() -> frozenset[str]:
    return (
        word_set("non_operative_verbs")
        | word_set("descriptive_verbs")
        | word_set("prepositions")
        | word_set("subordinators")
        | word_set("neg")
        | _DETERMINERS
        | _CLUSTER_WORDS
    )


# --- who speaks, who is expected of ------------------------------------------------------


def _is_publisher_like(token: Token, party: Party | None, publisher: Publisher) -> bool:
    """The publisher itself: wij/we/ons, or the publishing insurer by name or noun."""
    return is_publisher_pronoun(token) or (party == "insurer" and publisher.insurer is not None)


_EXPECTED_OF_WINDOW = 3  # "verwachten (wij daarom) van ...", "wordt van ... verwacht"


def expected_of(doc: Doc, i: int, publisher: Publisher) -> Party | None:
    """The party of "van <party>" that the verb at i expects something of, not the publisher:
    right after the verb ("verwachten wij van al onze zorgaanbieders dat ...") or opening the
    clause ("Van de gemeente wordt verwacht ...")."""
    start, end = clause_bounds(doc, i)
    ins = insurer_ids(doc, publisher)
    after = range(i + 1, min(i + 1 + _EXPECTED_OF_WINDOW, end))
    for k in [start, *after]:
        if doc[k].lower_ != "van":
            continue
        j = _noun_after_modifiers(doc, k + 1, ins, publisher)
        party = party_of(doc[j], ins, publisher) if j < end else None
        if party is not None and not _is_publisher_like(doc[j], party, publisher):
            return party
    return None


def complement_party(doc: Doc, i: int, publisher: Publisher) -> Party | None:
    """Whom a wish or expectation is on: "van <party>", else the first party after the verb at i
    that is not the publisher ("We vragen zorgaanbieders ...", "Wij adviseren u ...")."""
    expected = expected_of(doc, i, publisher)
    if expected is not None:
        return expected
    for t, party in parties(doc, publisher, i + 1):
        if not _is_publisher_like(t, party, publisher):
            return party
    # a passive's subject is whom it is on ("Gemeenten worden uitgenodigd om ...")
    start, _ = clause_bounds(doc, i)
    before = [(t, p) for t, p in parties(doc, publisher, start, i) if _is_subject_like(t, p)]
    return next((p for t, p in reversed(before) if not _is_publisher_like(t, p, publisher)), None)
