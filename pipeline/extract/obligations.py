"""Normative sentences: modality and actor (ANNOTATION.md: obligation; CONTRACT: obligations).

One `Obligation` per sentence whose strongest norm is an obligation, prohibition, permission
or expectation. The rules are data (`pipeline/vocab/obligations.yaml`): the
`policy_norm_matcher` component marks every rule hit in `doc.spans["norm_rules"]`, and
`classify()` runs one loop over all rules — pattern rules keep their hits when their named
checks pass, context rules (deadlines, requirement lists) fire on checks alone. The label is
the hit of highest modality precedence (prohibition > obligation > permission > expectation),
within the strongest tier of evidence (decisive performatives such as "behoudt zich het recht
voor" > explicit norm markers > implicit readings from tense, "voldoen aan" or section context);
a guard rule (modality none) vetoes the hits of its own tier and weaker.

Beyond its own words a sentence knows its `Context`: the section (requirement list,
explanatory note), a deadline, whether the document is a legal instrument (whose present
tense binds), who publishes it, and the open lead-in of the list it completes ("De melding
bevat:", "Wij behouden ons het recht voor om:"), whose modality and actor an item without a
norm of its own inherits.

Known limits (see tests/test_obligations.py XFAIL): insurer steps without a deadline that the
gold counts by context, possibility vs right for "kan" with non-party subjects, and nested list
items that are options rather than requirements. A lead-in read wrongly passes its error on to
its items; nested lists inherit the innermost lead-in only. Without a parser the present tense
of a regulation is read from word forms (-t, -en) next to a party noun.
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
    Publisher,
    addressee,
    clause_bounds,
    complement_party,
    expected_of,
    first_subject,
    granted_subject,
    has_verbal_complement,
    is_subordinate,
    operative_subject,
    parties,
    publisher_first_subject,
    publisher_subject,
    subject_near,
)
from pipeline.structure import BLOCK_SEPARATOR
from pipeline.structure.titles import is_requirement_title
from pipeline.vocab import LEGAL_INSTRUMENT_WORDS, POLICY_TITLE_WORDS

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
    "expectation_noun",
    "invite",
    "invited",
    "advise",
    "advise_particle",
    "recommended",
    "advisable",
    "preference",
    "contains",
)
TIERS = {"decisive": 0, "explicit": 1, "inherited": 2, "implicit": 3}
LIST_RUN_ENDS = (";", "; en", "; of", ", en", ", of")
_WORD = re.compile(r"\w+")
_ITEM_MARKER = re.compile(r"^\W*(?:(?:\d{1,2}|[a-z])[.)]\s+)?")


@dataclass(frozen=True)
class LeadIn:
    """The decided norm of a sentence ending in ":" that the following list items complete.

    modality "none": the lead-in was vetoed by a guard (a definition list, a reported agreement),
    so its items stay none unless they state a norm themselves.
    """

    modality: str
    actor: Actor | None


@dataclass(frozen=True)
class Context:
    """What a sentence's rules may know beyond its own words.

    instrument: the document is a regulation or policy rules (its present tense binds).
    explanatory: the sentence stands in an introduction, definitions or explanatory note.
    we_party: whom wij/we/ons names (the publishing insurer, else whoever publishes).
    lead_in: the open lead-in this sentence completes as a list item, if any.
    """

    insurer: str | None = None
    kind: str = "body"
    requirement_section: bool = False
    deadline: datetime.date | None = None
    instrument: bool = False
    explanatory: bool = False
    we_party: Party = "insurer"
    lead_in: LeadIn | None = None

    @property
    def publisher(self) -> Publisher:
        return Publisher(self.insurer, self.we_party)


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
    return subject_near(doc, anchor(doc, span), ctx.publisher, fallback=False)


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
    return only is not None and only.i > 0 and doc[only.i - 1].lower_ in {"niet", "maar", "dan"}


def _insurer_condition(doc: Doc, span: Span | None, ctx: Context) -> bool:
    cond = word_set("condition_words")
    for t in doc:
        if t.lower_ in cond:
            nxt = [p for tok, p in parties(doc, ctx.publisher, t.i + 1, min(t.i + 3, len(doc)))]
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
    """Someone's conduct is expected ("van de zorgaanbieder", "dat u ..."), not a forecast
    ("Wij verwachten een stijging van het aantal aanvragen")."""
    assert span is not None
    if expected_of(doc, anchor(doc, span), ctx.publisher) is not None:
        return True
    after = doc[span.end : min(span.end + 4, len(doc))]
    dat = next((t.i for t in after if t.lower_ == "dat"), span.end - 1 if span[-1].lower_ == "dat" else None)
    if dat is None:
        return False
    clause = doc[dat + 1 : clause_bounds(doc, dat + 1)[1]] if dat + 1 < len(doc) else doc[0:0]
    near = [p for _, p in parties(doc, ctx.publisher, dat + 1, min(dat + 5, len(doc)))]
    passive = any(t.lower_ in word_set("passive_aux") for t in clause)
    return any(p in {"provider", "other"} for p in near) or passive


def _acting_party_after(doc: Doc, span: Span | None, ctx: Context) -> bool:
    assert span is not None
    _, end = clause_bounds(doc, span.end) if span.end < len(doc) else (0, len(doc))
    found = [p for _, p in parties(doc, ctx.publisher, span.end, end)]
    return bool(found) and found[0] in {"provider", "other"}


def _past_report(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return any(t.lower_ in {"werd", "werden", "was", "waren", "stond", "golden", "zouden"} for t in doc)


def _indirect_question(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return _before_anchor(doc, span, "indirect_question_words")


def _mentions_requirements(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return any(t._.req_noun for t in doc)


def _document_part_in_clause(doc: Doc, span: Span | None, ctx: Context) -> bool:
    return any(t.lower_ in word_set("document_parts") for t in _clause(doc, span))


def _lists_contents(doc: Doc, span: Span | None, ctx: Context) -> bool:
    """A lead-in ending in ":" or a minimum ("ten minste", "in ieder geval"): what must be in it."""
    text = doc.text.rstrip(" >").lower()
    minimum = any(t.lower_ in word_set("at_least") for t in doc)
    return text.endswith(":") or minimum or any(phrase in text for phrase in word_set("at_least_phrases"))


CHECKS: dict[str, Check] = {
    "subordinate": lambda d, s, c: is_subordinate(d, anchor(d, s)),
    "after_only": lambda d, s, c: _before_anchor(d, s, "only"),
    "after_would": lambda d, s, c: _before_anchor(d, s, "would"),
    "party_or_passive": lambda d, s, c: (
        _local_subject(d, s, c) is not None or any(t.lower_ in word_set("passive_aux") for t in _clause(d, s))
    ),
    "insurer_subject": lambda d, s, c: publisher_subject(d, anchor(d, s), c.publisher),
    "provider_subject": lambda d, s, c: _local_subject(d, s, c) == "provider",
    "non_insurer_party_subject": lambda d, s, c: granted_subject(d, anchor(d, s), c.publisher),
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
    # insured persons do not take planning steps ("cliënten krijgen binnen vijf dagen ...")
    "party_subject": lambda d, s, c: first_subject(d, c.publisher) not in {None, "beneficiary"},
    "optional_step": _optional_step,
    "past_report": _past_report,
    "requirement_section": lambda d, s, c: c.requirement_section,
    "list_like": lambda d, s, c: c.kind == "list_item" or d.text.rstrip().endswith(";"),
    "existential_er": lambda d, s, c: anchor(d, s) + 1 < len(d) and d[anchor(d, s) + 1].lower_ == "er",
    "conduct_expected": _conduct_expected,
    "insurer_duty": lambda d, s, c: any(t.lower_ in word_set("insurer_duties") for t in _clause(d, s)),
    "indirect_question": _indirect_question,
    "insurer_first_subject": lambda d, s, c: publisher_first_subject(d, c.publisher),
    "mentions_requirements": _mentions_requirements,
    "demonstrative_copula": lambda d, s, c: (
        len(d) > 1 and d[0].lower_ in word_set("demonstratives") and d[1].lower_ in {"is", "zijn"}
    ),
    "acting_party_after": _acting_party_after,
    "publisher_subject": lambda d, s, c: publisher_subject(d, anchor(d, s), c.publisher),
    "lists_contents": _lists_contents,
    "instrument": lambda d, s, c: c.instrument,
    "prose": lambda d, s, c: c.kind in {"body", "list_item"},
    "operative_clause": lambda d, s, c: operative_subject(d, c.publisher) is not None,
    "explanatory_section": lambda d, s, c: c.explanatory,
    "completes_lead_in": lambda d, s, c: c.lead_in is not None,
    "provider_capability": lambda d, s, c: c.requirement_section and _local_subject(d, s, c) == "provider",
    "document_part_in_clause": _document_part_in_clause,
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
    for rule in _rules_to_try(frozenset(by_rule)):
        spans: list[Span | None] = list(by_rule.get(rule.name, [])) if rule.patterns else [None]
        found.extend(Hit(_bound(rule, ctx), s) for s in spans if _passes(rule, doc, s, ctx))
    return found


@cache
def _rules_to_try(matched: frozenset[str]) -> tuple[NormRule, ...]:
    """In rule order: the context rules (no patterns) and the pattern rules that matched. Most
    sentences match few rules, and a pattern rule without a match can never hit."""
    return tuple(r for r in load_rules() if r.modality != "feature" and (not r.patterns or r.name in matched))


def _bound(rule: NormRule, ctx: Context) -> NormRule:
    """The inheritance rule with its lead-in's modality and actor filled in; other rules as they are."""
    if rule.modality != "lead_in" or ctx.lead_in is None:
        return rule
    actor = ctx.lead_in.actor or rule.default_actor
    return replace(rule, modality=ctx.lead_in.modality, actor=actor)


def verdict(found: Sequence[Hit]) -> tuple[Hit | None, Hit | None]:
    """(deciding hit, vetoing guard).

    A guard vetoes every hit of its own tier and weaker; of the rest the strongest tier decides,
    then modality precedence, then rule order.
    """
    guards = [h for h in found if h.rule.modality == "none"]
    guard = min(guards, key=lambda h: TIERS[h.rule.strength], default=None)
    veto = TIERS[guard.rule.strength] if guard is not None else len(TIERS)
    order = {m: i for i, m in enumerate(norm_vocab()["precedence"])}
    norms = [h for h in found if h.rule.modality != "none" and TIERS[h.rule.strength] < veto]
    ranked = sorted(norms, key=lambda h: (TIERS[h.rule.strength], order[h.rule.modality]))
    return (ranked[0] if ranked else None), guard


def decide(found: Sequence[Hit]) -> Hit | None:
    """The deciding hit (see `verdict`), or None."""
    return verdict(found)[0]


def resolve_actor(doc: Doc, hit: Hit, ctx: Context) -> Actor:
    """The actor label for the deciding hit (ANNOTATION.md: actor)."""
    rule = hit.rule
    if rule.actor in FIXED_ACTORS:
        return rule.actor  # type: ignore[return-value]
    i = anchor(doc, hit.span) if hit.span is not None else 0
    party: Party | None
    if rule.actor == "addressee":
        party = addressee(doc, i, ctx.publisher)
    elif rule.actor == "complement":
        party = complement_party(doc, i, ctx.publisher)
    elif rule.actor == "step_doer":
        party = _step_doer(doc, ctx)
    elif rule.actor == "operative":
        party = operative_subject(doc, ctx.publisher)
    elif rule.actor == "passive":
        party = _passive_agent(doc, hit.span)
    elif hit.span is None:
        party = first_subject(doc, ctx.publisher)
    else:
        party = subject_near(doc, i, ctx.publisher, fallback=False)
    return ACTOR_OF_PARTY[party] if party else rule.default_actor  # type: ignore[return-value]


def _step_doer(doc: Doc, ctx: Context) -> Party | None:
    """Who takes a planning step: the subject, unless the publisher asks it of someone
    ("Wij vragen u uiterlijk 1 mei uw plan in te dienen")."""
    subject = first_subject(doc, ctx.publisher)
    request = next((t.i for t in doc if t.lower_ in word_set("request_verbs")), None)
    if request is None or not publisher_subject(doc, request, ctx.publisher):
        return subject
    return complement_party(doc, request, ctx.publisher) or subject


def _passive_agent(doc: Doc, span: Span | None) -> Party | None:
    clause = _clause(doc, span)
    participles = word_set("insurer_passive_participles")
    return "insurer" if any(t.lower_ in participles for t in clause) else None


def _action(doc: Doc, hit: Hit) -> str | None:
    if hit.span is None:
        return _whole_item(doc.text)
    _, end = clause_bounds(doc, hit.span.end - 1)
    text = doc[hit.span.end : end].text.strip()
    return text or None


def _whole_item(text: str) -> str | None:
    """A context rule (a list item under a lead-in, a row of a planning table) has no trigger to
    follow: what is asked is the item itself, without its marker and list punctuation."""
    item = _ITEM_MARKER.sub("", text).strip()
    for end in sorted(LIST_RUN_ENDS, key=len, reverse=True):
        item = item.removesuffix(end)
    return item.rstrip(" .;,:") or None


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
    return judge(doc, ctx)[0]


def judge(doc: Doc, ctx: Context) -> tuple[Obligation | None, LeadIn | None]:
    """The sentence's obligation, and what a list completing it would inherit (None: nothing)."""
    hit, guard = verdict(hits(doc, ctx))
    if hit is None:
        return None, (LeadIn("none", None) if guard is not None else None)
    negated = hit.span is not None and any(t.lower_ in word_set("neg") for t in _clause(doc, hit.span))
    found = _build(doc, ctx, hit, negated)
    return found, LeadIn(found.modality, found.actor)


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


def is_legal_instrument(title: str | None, sections: Sequence[Section]) -> bool:
    """The document is a regulation, policy rules, a decree or an ordinance, from its own evidence:
    its title or first heading names the instrument ("Regeling ...", "Beleidsregels ...", "Besluit
    ..."), or its sections are articles ("Artikel 3 Bekendmaking")."""
    titles = [t for t in (title, sections[0].title if sections else None) if t]
    if any(_names_instrument(t) for t in titles):
        return True
    article = re.compile(str(norm_vocab()["article_heading"]), re.IGNORECASE)
    articles = sum(1 for s in sections if article.match(f"{s.number or ''} {s.title}".strip()))
    return articles >= int(norm_vocab()["instrument_min_articles"])


def _names_instrument(title: str) -> bool:
    low = title.lower()
    head = _WORD.findall(low)[: int(norm_vocab()["instrument_title_head"])]
    suffixes = tuple(w for w in LEGAL_INSTRUMENT_WORDS if " " not in w)
    phrases = [w for w in LEGAL_INSTRUMENT_WORDS if " " in w]
    for word in head:
        if word in POLICY_TITLE_WORDS:  # `Zorginkoopbeleid Zorgverzekeringswet`: a policy under a law
            return False
        if word.endswith(suffixes):
            return True
    return any(phrase in low for phrase in phrases)


def _title_has(title: str, key: str) -> bool:
    return any(w in word_set(key) for w in _WORD.findall(title.lower()))


def _explains(section: Section) -> bool:
    return _title_has(section.title, "explanatory_titles")


def explanatory_sections(sections: Sequence[Section]) -> frozenset[str]:
    """Ids of sections that introduce, define or explain (ANNOTATION.md: toelichting stays none).

    A section is explanatory when its own or an ancestor's title says so; an explanatory note
    (`Toelichting`) also covers the sections after it up to a higher heading, since law exports
    often set its article notes at the same level.
    """
    by_id = {s.section_id: s for s in sections}
    out: set[str] = set()
    trailing_level: int | None = None
    for s in sections:
        if trailing_level is not None and s.level < trailing_level:
            trailing_level = None
        if _title_has(s.title, "trailing_explanatory_titles") and trailing_level is None:
            trailing_level = s.level
        node: Section | None = s
        while node is not None and node.section_id not in out and not _explains(node):
            node = by_id.get(node.parent_id) if node.parent_id else None
        if node is not None or trailing_level is not None:
            out.add(s.section_id)
    return frozenset(out)


def we_party_of(insurer: str | None, sections: Sequence[Section]) -> Party:
    """Whom wij/we/ons names: the publishing insurer; without one, insurers jointly when a chapter
    title names them ("Inkoopkader zorgkantoren"), else the publisher is another party."""
    if insurer is not None:
        return "insurer"
    nouns = (word_set("insurer_words") - word_set("we_words")) | word_set("insurers_generic")
    top = [s.title.lower() for s in sections if s.level == 1]
    return "insurer" if any(w in nouns for t in top for w in _WORD.findall(t)) else "other"


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


def is_lead_in(sentence: Sentence) -> bool:
    """A sentence a list completes: it ends in ":" ("De melding bevat:"), quote marks aside."""
    return sentence.kind in {"body", "list_item"} and sentence.text.rstrip(" >\"'”’").endswith(":")


def continues_list(sentence: Sentence, previous: Sentence | None) -> bool:
    """The sentence is an item of the list after a lead-in: a list item, a ";"-ended item, an item
    starting in lower case, or the last item of a ";" run."""
    if sentence.kind == "list_item":
        return True
    if sentence.kind != "body":
        return False
    text = sentence.text.strip()
    if text.endswith(LIST_RUN_ENDS) or text[:1].islower():
        return True
    return previous is not None and previous.text.rstrip().endswith(LIST_RUN_ENDS)


def starts_block(sentence: Sentence, previous: Sentence | None) -> bool:
    """The sentence opens a new block (paragraph, list item) of the clean text."""
    return previous is None or sentence.start - previous.end >= len(BLOCK_SEPARATOR)


def obligations_of(
    docs: Sequence[Doc],
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    insurer: str | None,
    deadlines: Mapping[str, datetime.date] | None = None,
    instrument: bool = False,
) -> Iterator[Obligation]:
    """Obligations from processed sentence Docs (one Doc per sentence, same order), with sentence
    ids and section ids set; the doc id is left for the caller to bind.

    insurer: canonical name of the publishing insurer (its names and brands → zorgverzekeraar).
    deadlines: sentence_id → deadline date found by the dates extractor (optional).
    instrument: the document is a legal instrument (`is_legal_instrument`), whose operative
    provisions bind in the present tense.
    """
    req = requirement_sections(sections)
    explanatory = explanatory_sections(sections)
    we_party = we_party_of(insurer, sections)
    lead: LeadIn | None = None
    lead_section: str | None = None
    previous: Sentence | None = None
    for doc, sentence in zip(docs, sentences, strict=True):
        ctx = replace(
            context_for(sentence, req, insurer, deadlines),
            instrument=instrument,
            explanatory=sentence.section_id in explanatory,
            we_party=we_party,
        )
        if sentence.kind == "footnote":  # a footnote between list items does not end the list
            found = classify(doc, ctx)
            if found is not None:
                yield _placed(found, sentence)
            continue
        in_list = sentence.section_id == lead_section and continues_list(sentence, previous)
        open_lead = lead if in_list else None
        # only an item's first sentence completes the lead-in; the next ones in its block are its own
        completes = open_lead if starts_block(sentence, previous) else None
        found, inherits = judge(doc, replace(ctx, lead_in=completes))
        if found is not None and states_a_norm(sentence, found):
            yield _placed(found, sentence)
        if is_lead_in(sentence):
            lead, lead_section = inherits, sentence.section_id
        elif open_lead is None:
            lead = None
        previous = sentence


def states_a_norm(sentence: Sentence, found: Obligation) -> bool:
    """A contents line repeats a heading; a heading is a norm only in its own words (a trigger), never
    by the context rules that read items of a list, a requirement section or a planning table."""
    if sentence.kind == "toc":
        return False
    return sentence.kind != "heading" or bool(found.trigger)


def _placed(found: Obligation, sentence: Sentence) -> Obligation:
    return replace(found.bind("", sentence.sentence_id), section_id=sentence.section_id)


def extract_obligations(document: Document) -> Document:
    """Stage: the normative sentences of the document, from the annotate stage's Docs."""
    deadlines = {
        d.sentence_id: d.value for d in document.records.dates if d.qualifier == "deadline" and d.value
    }
    instrument = is_legal_instrument(document.metadata.title, document.sections)
    found = obligations_of(
        document.annotations,
        document.sentences,
        document.sections,
        document.metadata.insurer,
        deadlines,
        instrument,
    )
    obligations = [o.bind(document.doc_id, o.sentence_id or "") for o in found]
    return replace(document, records=replace(document.records, obligations=obligations))
