"""Normative sentences: modality and actor (ANNOTATION.md: obligation; CONTRACT: obligations).

One `Obligation` per sentence whose strongest norm is an obligation, prohibition, permission
or expectation. The rules are data (`pipeline/vocab/obligations.yaml`): the
`policy_norm_matcher` component marks every rule hit in `doc.spans["norm_rules"]`, and
`classify()` runs one loop over all rules — pattern rules keep their hits when their named
checks pass, context rules (deadlines, requirement lists) fire on checks alone. The label is
the hit of highest modality precedence (prohibition > obligation > permission > expectation),
within the strongest tier of evidence (decisive performatives such as "behoudt zich het recht
voor" > explicit norm markers > implicit readings from tense, "voldoen aan" or section context);
a guard rule (modality none) vetoes the sentence.

Known limits (see tests/test_obligations.py XFAIL): insurer steps without a deadline that the
gold counts by context, possibility vs right for "kan" with non-party subjects, and nested list
items that are options rather than requirements.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span

from pipeline import model
from pipeline.model import Document, Obligation, Section, Sentence
from pipeline.model.records import Actor
from pipeline.nlp.components import NORM_SPANS, NormRule, load_rules, norm_vocab, word_set
from pipeline.nlp.grammar import (
    Party,
    addressee,
    clause_bounds,
    first_subject,
    has_verbal_complement,
    is_subordinate,
    parties,
    subject_near,
)
from pipeline.structure.titles import is_requirement_title

ACTOR_OF_PARTY: dict[Party, Actor] = {
    "provider": "zorgaanbieder",
    "insurer": "zorgverzekeraar",
    "other": "overig",
    "beneficiary": "overig",
}
FIXED_ACTORS = frozenset(ACTOR_OF_PARTY.values())
_ANCHOR_KEYS = (
    "must",
    "should",
    "may",
    "can",
    "need",
    "be",
    "has",
    "sets",
    "expect",
    "ask",
    "stimulate",
    "receive",
    "reserves",
    "lapses",
    "meet",
    "only",
    "would",
    "effort",
    "important",
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Context:
    """What a sentence's rules may know beyond its own words."""

    insurer: str | None = None
    kind: str = "body"
    requirement_section: bool = False
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class Hit:
    rule: NormRule
    span: Span | None  # None for a context rule


# --- checks (named in obligations.yaml: requires / unless / when) ---------------------------

Check = Callable[[Doc, "Span | None", Context], bool]


def anchor(doc: Doc, span: Span | None) -> int:
    """Index of the rule's verb-like word inside the hit (else its first token)."""
    if span is None:
        return 0
    keys = _anchor_words()
    return next((t.i for t in span if t.lower_ in keys), span.start)


@cache
def _anchor_words() -> frozenset[str]:
    return frozenset().union(*(word_set(k) for k in _ANCHOR_KEYS))


def _local_subject(doc: Doc, span: Span | None, ctx: Context) -> Party | None:
    return subject_near(doc, anchor(doc, span), ctx.insurer, fallback=False)


def _clause(doc: Doc, span: Span | None) -> Span:
    start, end = clause_bounds(doc, anchor(doc, span))
    return doc[start:end]


def _features(doc: Doc, name: str) -> bool:
    return any(s.label_ == name for s in doc.spans.get(NORM_SPANS, []))


def _before_anchor(doc: Doc, span: Span | None, key: str) -> bool:
    i = anchor(doc, span)
    start, _ = clause_bounds(doc, i)
    return any(doc[j].lower_ in word_set(key) for j in range(start, i))


def _optional_step(doc: Doc, span: Span | None, ctx: Context) -> bool:
    words = {t.lower_ for t in doc}
    return bool(words & word_set("can")) and bool(words & word_set("optional_step_words"))


def _not_only(doc: Doc, span: Span | None, ctx: Context) -> bool:
    only = next((t for t in (span or doc) if t.lower_ in word_set("only")), None)
    return only is not None and only.i > 0 and doc[only.i - 1].lower_ in {"niet", "maar"}


def _insurer_condition(doc: Doc, span: Span | None, ctx: Context) -> bool:
    cond = word_set("condition_words")
    for t in doc:
        if t.lower_ in cond:
            nxt = [p for tok, p in parties(doc, ctx.insurer, t.i + 1, min(t.i + 3, len(doc)))]
            if nxt and nxt[0] == "insurer":
                return True
    return False


def _sentence_initial(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return span is not None and all(t.is_punct for t in doc[: span.start])


def _sentence_initial_np(doc: Doc, span: Span | None, ctx: Context) -> bool:
    if span is None:
        return False
    lead = word_set("leading_adverbs")
    before = [t for t in doc[: span.start] if not t.is_punct]
    if all(t.lower_ in lead for t in before):
        return True
    return len(before) == 2 and before[0].lower_ in lead  # "Daarbij komt de zorgaanbieder ..."


def _conduct_expected(doc: Doc, span: Span | None, ctx: Context) -> bool:
    assert span is not None
    after = doc[span.end : min(span.end + 4, len(doc))]
    if any(t.lower_ == "van" for t in after):
        return True
    dat = next((t.i for t in after if t.lower_ == "dat"), None)
    if dat is None:
        return False
    clause = doc[dat + 1 : clause_bounds(doc, dat + 1)[1]] if dat + 1 < len(doc) else doc[0:0]
    near = [p for _, p in parties(doc, ctx.insurer, dat + 1, min(dat + 5, len(doc)))]
    passive = any(t.lower_ in word_set("passive_aux") for t in clause)
    return any(p in {"provider", "other"} for p in near) or passive


def _acting_party_after(doc: Doc, span: Span | None, ctx: Context) -> bool:
    assert span is not None
    _, end = clause_bounds(doc, span.end) if span.end < len(doc) else (0, len(doc))
    found = [p for _, p in parties(doc, ctx.insurer, span.end, end)]
    return bool(found) and found[0] in {"provider", "other"}


def _past_report(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return any(t.lower_ in {"werd", "werden", "was", "waren", "stond", "golden", "zouden"} for t in doc)


def _indirect_question(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return _before_anchor(doc, span, "indirect_question_words")


def _mentions_requirements(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return any(t._.req_noun for t in doc)


CHECKS: dict[str, Check] = {
    "subordinate": lambda d, s, c: is_subordinate(d, anchor(d, s)),
    "after_only": lambda d, s, c: _before_anchor(d, s, "only"),
    "after_would": lambda d, s, c: _before_anchor(d, s, "would"),
    "party_or_passive": lambda d, s, c: (
        _local_subject(d, s, c) is not None or any(t.lower_ in word_set("passive_aux") for t in _clause(d, s))
    ),
    "insurer_subject": lambda d, s, c: _local_subject(d, s, c) == "insurer",
    "provider_subject": lambda d, s, c: _local_subject(d, s, c) == "provider",
    "non_insurer_party_subject": lambda d, s, c: (
        _local_subject(d, s, c) in {"provider", "other", "beneficiary"}
    ),
    "verbal_complement": lambda d, s, c: has_verbal_complement(d, anchor(d, s)),
    "te_infinitive_modal": lambda d, s, c: anchor(d, s) > 0 and d[anchor(d, s) - 1].lower_ == "te",
    "te_before": lambda d, s, c: anchor(d, s) > 0 and d[anchor(d, s) - 1].lower_ == "te",
    "negated_near": lambda d, s, c: any(t.lower_ in word_set("neg") for t in _clause(d, s)),
    "not_only": _not_only,
    "has_condition_marker": lambda d, s, c: any(t.lower_ in word_set("condition_markers") for t in d),
    "insurer_condition": _insurer_condition,
    "sentence_initial": _sentence_initial,
    "sentence_initial_np": _sentence_initial_np,
    "question": lambda d, s, c: d.text.rstrip().endswith("?"),
    "has_deadline": lambda d, s, c: (
        c.deadline is not None or _features(d, "deadline_strong") or _features(d, "deadline_weak")
    ),
    "has_strong_deadline": lambda d, s, c: c.deadline is not None or _features(d, "deadline_strong"),
    "has_weak_deadline": lambda d, s, c: _features(d, "deadline_weak"),
    "party_subject": lambda d, s, c: first_subject(d, c.insurer) is not None,
    "optional_step": _optional_step,
    "past_report": _past_report,
    "requirement_section": lambda d, s, c: c.requirement_section,
    "list_like": lambda d, s, c: c.kind == "list_item" or d.text.rstrip().endswith(";"),
    "existential_er": lambda d, s, c: anchor(d, s) + 1 < len(d) and d[anchor(d, s) + 1].lower_ == "er",
    "conduct_expected": _conduct_expected,
    "insurer_duty": lambda d, s, c: any(t.lower_ in word_set("insurer_duties") for t in _clause(d, s)),
    "indirect_question": _indirect_question,
    "insurer_first_subject": lambda d, s, c: first_subject(d, c.insurer) == "insurer",
    "mentions_requirements": _mentions_requirements,
    "demonstrative_copula": lambda d, s, c: (
        len(d) > 1 and d[0].lower_ in word_set("demonstratives") and d[1].lower_ in {"is", "zijn"}
    ),
    "acting_party_after": _acting_party_after,
}


def _passes(rule: NormRule, doc: Doc, span: Span | None, ctx: Context) -> bool:
    return all(CHECKS[n](doc, span, ctx) for n in rule.requires + rule.when) and not any(
        CHECKS[n](doc, span, ctx) for n in rule.unless
    )


# --- the one loop ---------------------------------------------------------------------------


def hits(doc: Doc, ctx: Context) -> list[Hit]:
    """Every rule hit that passes its checks, in rule order."""
    by_rule: dict[str, list[Span]] = {}
    for span in doc.spans.get(NORM_SPANS, []):
        by_rule.setdefault(span.label_, []).append(span)
    found = []
    for rule in load_rules():
        if rule.modality == "feature":
            continue
        spans: list[Span | None] = list(by_rule.get(rule.name, [])) if rule.patterns else [None]
        found.extend(Hit(rule, s) for s in spans if _passes(rule, doc, s, ctx))
    return found


def decide(found: Sequence[Hit]) -> Hit | None:
    """The deciding hit: guards veto; the strongest tier, then modality precedence, then rule order."""
    if any(h.rule.modality == "none" for h in found):
        return None
    order = {m: i for i, m in enumerate(norm_vocab()["precedence"])}
    tiers = {"decisive": 0, "explicit": 1, "implicit": 2}
    ranked = sorted(found, key=lambda h: (tiers[h.rule.strength], order[h.rule.modality]))
    return ranked[0] if ranked else None


def resolve_actor(doc: Doc, hit: Hit, ctx: Context) -> Actor:
    """The actor label for the deciding hit (ANNOTATION.md: actor)."""
    rule = hit.rule
    if rule.actor in FIXED_ACTORS:
        return rule.actor  # type: ignore[return-value]
    i = anchor(doc, hit.span) if hit.span is not None else 0
    party: Party | None
    if rule.actor == "addressee":
        party = addressee(doc, i, ctx.insurer)
    elif rule.actor == "complement":
        party = _complement_party(doc, hit.span, ctx)
    elif rule.actor == "passive":
        party = _passive_agent(doc, hit.span)
    elif hit.span is None:
        party = first_subject(doc, ctx.insurer)
    else:
        party = subject_near(doc, i, ctx.insurer, fallback=False)
    return ACTOR_OF_PARTY[party] if party else rule.default_actor  # type: ignore[return-value]


def _complement_party(doc: Doc, span: Span | None, ctx: Context) -> Party | None:
    """First non-insurer party after the hit ("verwachten wij van de zorgaanbieders ...")."""
    start = span.end if span is not None else 0
    return next((p for _, p in parties(doc, ctx.insurer, start) if p != "insurer"), None)


def _passive_agent(doc: Doc, span: Span | None) -> Party | None:
    clause = _clause(doc, span)
    participles = word_set("insurer_passive_participles")
    return "insurer" if any(t.lower_ in participles for t in clause) else None


def _action(doc: Doc, hit: Hit) -> str | None:
    if hit.span is None:
        return None
    _, end = clause_bounds(doc, hit.span.end - 1)
    text = doc[hit.span.end : end].text.strip()
    return text or None


def _condition(doc: Doc) -> str | None:
    words = word_set("condition_words")
    for t in doc:
        two = f"{t.lower_} {t.nbor(1).lower_}" if t.i + 1 < len(doc) else ""
        if t.lower_ in words or two in words:
            _, end = clause_bounds(doc, t.i)
            return doc[t.i : end].text
    return None


def classify(doc: Doc, ctx: Context) -> Obligation | None:
    """The obligation a sentence Doc states, or None for a descriptive sentence; its span is the sentence."""
    hit = decide(hits(doc, ctx))
    if hit is None:
        return None
    negated = hit.span is not None and any(t.lower_ in word_set("neg") for t in _clause(doc, hit.span))
    return _build(doc, ctx, hit, negated)


def _build(doc: Doc, ctx: Context, hit: Hit, negated: bool) -> Obligation:
    return Obligation(
        span=model.Span(0, len(doc.text), doc.text),
        modality=hit.rule.modality,  # type: ignore[arg-type]
        actor=resolve_actor(doc, hit, ctx),
        trigger=hit.span.text if hit.span is not None else "",
        action=_action(doc, hit),
        negated=negated,
        condition=_condition(doc),
        deadline=ctx.deadline,
        rule=hit.rule.name,
    )


# --- sections and documents -------------------------------------------------------------------


def requirement_sections(sections: Sequence[Section]) -> frozenset[str]:
    """Ids of sections whose own or parent title names requirements."""
    by_id = {s.section_id: s for s in sections}
    out = set()
    for s in sections:
        parent = by_id.get(s.parent_id) if s.parent_id else None
        if is_requirement_title(s.title) or (parent is not None and is_requirement_title(parent.title)):
            out.add(s.section_id)
    return frozenset(out)


def context_for(
    sentence: Sentence,
    req_sections: frozenset[str],
    insurer: str | None,
    deadlines: Mapping[str, datetime.date] | None,
) -> Context:
    return Context(
        insurer=insurer,
        kind=sentence.kind,
        requirement_section=sentence.section_id in req_sections,
        deadline=(deadlines or {}).get(sentence.sentence_id),
    )


def obligations_of(
    docs: Sequence[Doc],
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    insurer: str | None,
    deadlines: Mapping[str, datetime.date] | None = None,
) -> Iterator[Obligation]:
    """Obligations from processed sentence Docs (one Doc per sentence, same order), with sentence
    ids and section ids set; the doc id is left for the caller to bind.

    insurer: canonical name of the publishing insurer (its names and brands → zorgverzekeraar).
    deadlines: sentence_id → deadline date found by the dates extractor (optional).
    """
    req = requirement_sections(sections)
    for doc, sentence in zip(docs, sentences, strict=True):
        found = classify(doc, context_for(sentence, req, insurer, deadlines))
        if found is not None:
            yield replace(found.bind("", sentence.sentence_id), section_id=sentence.section_id)


def extract_obligations(document: Document) -> Document:
    """Stage: the normative sentences of the document, from the annotate stage's Docs."""
    deadlines = {
        d.sentence_id: d.value for d in document.records.dates if d.qualifier == "deadline" and d.value
    }
    found = obligations_of(
        document.annotations, document.sentences, document.sections, document.metadata.insurer, deadlines
    )
    obligations = [o.bind(document.doc_id, o.sentence_id or "") for o in found]
    return replace(document, records=replace(document.records, obligations=obligations))
