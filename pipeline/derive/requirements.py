"""Requirement lists: the items of a policy's minimumeisen, voorwaarden and criteria.

A section is a requirement list when its title has a requirement word
(obligations.yaml `requirement_headings`, or a word ending in one of
`requirement_noun_suffixes`: `kwaliteitseisen`, `Selectiecriteria`), or when it
is a leaf subsection of a section whose title has one (`Bijlage 2 Voorwaarden
voor een contract` > `Algemeen`), unless its or its parent's title explains or
changes requirements (`Toelichting op onze criteria`, `Belangrijkste
wijzigingen`: tables.yaml `requirements.title_exclusions`). Its items are its list
items and table rows; a list whose bullets the text export lost is read from its
normative body sentences (the `obligations` table), without the sentence that
announces the list. An item repeated in the same document (an appendix printed
twice) is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.derive import SectionTree, sentence_span, vocab
from pipeline.model import Document, Requirement, Section, Sentence
from pipeline.structure.titles import is_requirement_title
from pipeline.text.clean import normalise
from pipeline.text.phrases import find_phrase, first_canonical

ITEM_KINDS = frozenset({"list_item", "table_row"})
SUBJECT_WORDS = 5  # a provider kind named in the text counts when it opens the item (its subject)
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def derive_requirements(document: Document) -> Document:
    """Stage: the items of every requirement list."""
    found = [r.bind(document.doc_id, r.sentence_id or "") for r in iter_requirements(document)]
    return replace(document, records=replace(document.records, requirements=found))


def iter_requirements(document: Document) -> Iterator[Requirement]:
    """Every item of every requirement list, in reading order."""
    tree = SectionTree.of(document)
    normative = {o.sentence_id for o in document.records.obligations}
    seen: set[str] = set()
    for section_id, sentences in sentences_by_section(document).items():
        lineage = requirement_lineage(tree, section_id)
        if not lineage:
            continue
        for sentence in list_items(sentences, normative):
            text = sentence.text.strip().rstrip(";").strip()
            if normalise(text) in seen:
                continue
            seen.add(normalise(text))
            yield Requirement(
                span=sentence_span(sentence, text),
                section_id=section_id,
                section_title=lineage[0].title,
                provider_kind=provider_kind(lineage, text),
                page=sentence.page,
            )


def sentences_by_section(document: Document) -> dict[str | None, list[Sentence]]:
    grouped: dict[str | None, list[Sentence]] = {}
    for sentence in document.sentences:
        grouped.setdefault(sentence.section_id, []).append(sentence)
    return grouped


def requirement_lineage(tree: SectionTree, section_id: str | None) -> list[Section]:
    """The section and its parent when the section is a requirement list, else []: its own
    title names requirements, or it is a leaf subsection (`Algemeen`, `Uitsluitingen`) of a
    section whose title does. Sections that explain or change requirements are not lists."""
    lineage = tree.lineage(section_id)[:2]
    if not lineage or any(is_excluded(s.title) for s in lineage):
        return []
    if is_requirement_list_title(lineage[0].title):
        return lineage
    own = lineage[0]
    if len(lineage) > 1 and is_requirement_list_title(lineage[1].title) and is_leaf_topic(tree, own):
        return lineage
    return []


def is_leaf_topic(tree: SectionTree, section: Section) -> bool:
    """A subsection without subsections of its own whose title is not a question to the reader."""
    has_children = any(s.parent_id == section.section_id for s in tree.by_id.values())
    return not has_children and not section.title.rstrip().endswith("?")


def is_requirement_list_title(title: str) -> bool:
    """A requirement title that does not explain or change requirements (`Toelichting op ...`)."""
    return is_requirement_title(title) and not is_excluded(title)


def is_excluded(title: str) -> bool:
    return find_phrase(title, vocab()["requirements"]["title_exclusions"]) is not None


def list_items(sentences: list[Sentence], normative: set[str]) -> list[Sentence]:
    """The section's list items and table rows; else its normative body sentences (a list that
    lost its bullets), without the sentences that announce a list."""
    items = [s for s in sentences if s.kind in ITEM_KINDS]
    if items:
        return items
    return [s for s in sentences if s.kind == "body" and s.sentence_id in normative and not announces_list(s)]


def announces_list(sentence: Sentence) -> bool:
    text = sentence.text.rstrip()
    return text.endswith(":") or find_phrase(text, vocab()["requirements"]["list_intro_words"]) is not None


def provider_kind(lineage: list[Section], text: str) -> str | None:
    """The provider kind the section title names, else its parent's, else the item's subject."""
    kinds = vocab()["provider_kinds"]
    for section in lineage:
        kind = first_canonical(section.title, kinds)
        if kind:
            return kind
    return first_canonical(" ".join(text.split()[:SUBJECT_WORDS]), kinds)
