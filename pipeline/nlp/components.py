"""Our spaCy components, registered as factories in one place (STYLE.md 2.1).

- `policy_entity_ruler`: an `EntityRuler` loaded from `pipeline/vocab/entities.yaml`; each
  entity carries its canonical name in `ent.ent_id_`. `build_nlp` places it before a
  statistical NER, which keeps these spans and adds its own (PER, ORG, LOC, ...) around them.
- `policy_norm_matcher`: one `Matcher` compiled from the named rules of
  `pipeline/vocab/obligations.yaml`; it writes every hit to `doc.spans["norm_rules"]` with the
  rule name as span label. Deciding the label is `pipeline/extract/obligations.py`'s job.

`register_components()` registers both factories and the token extensions the patterns use,
once per process; `build_nlp()` calls it, so model and blank pipelines get the same components.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, SpanGroup, Token

from pipeline.vocab import load

NORM_SPANS = "norm_rules"
ENTITY_RULER = "policy_entity_ruler"
NORM_MATCHER = "policy_norm_matcher"
_APOSTROPHE_S = re.compile(r"['’]s$")
_PLURAL_S = ("'s", "’s")


@dataclass(frozen=True)
class NormRule:
    """One named rule of obligations.yaml (see the key list at the top of that file)."""

    name: str
    modality: str
    actor: str
    default_actor: str
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    requires: tuple[str, ...]
    unless: tuple[str, ...]
    when: tuple[str, ...]
    strength: str


# --- vocabulary ------------------------------------------------------------------


@cache
def norm_vocab() -> dict[str, Any]:
    """The parsed obligations.yaml."""
    return load("obligations")


@cache
def word_set(key: str) -> frozenset[str]:
    """A lexicon or actor list of obligations.yaml as a lower-case set."""
    vocab = norm_vocab()
    values = next((vocab[part][key] for part in ("actors", "lexicon", "clauses") if key in vocab[part]), None)
    values = vocab.get(key) if values is None else values
    if values is None:
        raise KeyError(f"obligations.yaml has no word list {key!r}")
    return frozenset(str(v).lower() for v in values)


def bare(token: Token) -> str:
    """The token's lower form without a possessive/plural 's."""
    return bare_word(token.lower_)


def bare_word(lower: str) -> str:
    """A lower-case word without a possessive/plural 's."""
    return _APOSTROPHE_S.sub("", lower)


def _expand(value: Any, lexicon: dict[str, list[str]], gaps: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        key = value[1:]
        if key in gaps:
            return dict(gaps[key])
        return [str(v).lower() for v in lexicon[key]]
    if isinstance(value, dict):
        return {k: _expand(v, lexicon, gaps) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, lexicon, gaps) for v in value]
    return value


@cache
def load_rules() -> tuple[NormRule, ...]:
    """The named rules of obligations.yaml, macros expanded, in file order."""
    vocab = norm_vocab()
    lexicon, gaps = vocab["lexicon"], vocab["gaps"]
    rules = []
    for raw in vocab["rules"]:
        patterns = tuple(tuple(_expand(tok, lexicon, gaps) for tok in p) for p in raw.get("patterns", []))
        rules.append(
            NormRule(
                name=raw["name"],
                modality=raw["modality"],
                actor=raw.get("actor", "subject"),
                default_actor=raw.get("default_actor", "zorgaanbieder"),
                patterns=patterns,
                requires=tuple(raw.get("requires", [])),
                unless=tuple(raw.get("unless", [])),
                when=tuple(raw.get("when", [])),
                strength=raw.get("strength", "explicit"),
            )
        )
    return tuple(rules)


_REQUIRED_OPS = (None, "1", "+")
_BOUNDED = re.compile(r"^\{(\d*),(\d+)\}$")


@dataclass(frozen=True)
class Anchor:
    """What a Doc must contain for a pattern to have a chance: one of `words`, or a word that passes
    the word-level test of token extension `extension` (`provider`, `req_noun`)."""

    words: frozenset[str] = frozenset()
    extension: str | None = None

    def admits(self, words: frozenset[str] | set[str]) -> bool:
        if self.extension is not None:
            test = _WORD_TESTS[self.extension]
            return any(test(w) for w in words)
        return not self.words.isdisjoint(words)


def pattern_anchor(pattern: Iterable[dict[str, Any]]) -> Anchor | None:
    """The most selective test a Doc must pass for the pattern to match, from its required tokens.

    A required token's word set is selective unless it holds a word too frequent to tell Docs apart
    (obligations.yaml `frequent_words`: `de`, `van`, `wij`); then an extension with a word-level test
    is preferred, and a frequent word set is the last resort. Among equals the smallest set wins.
    None when no required token can anchor the pattern: it runs on every Doc.
    """
    frequent = word_set("frequent_words")
    candidates: list[tuple[int, int, Anchor]] = []
    for token in pattern:
        if token.get("OP") not in _REQUIRED_OPS:
            continue
        lower = token.get("LOWER")
        extension = next((k for k, v in token.get("_", {}).items() if v is True and k in _WORD_TESTS), None)
        if isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"}):
            words = frozenset([lower]) if isinstance(lower, str) else frozenset(lower["IN"])
            rank = 2 if words & frequent else 0
            candidates.append((rank, len(words), Anchor(words=words)))
        elif extension is not None:
            candidates.append((1, 0, Anchor(extension=extension)))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def max_length(pattern: Iterable[dict[str, Any]]) -> float:
    """The most tokens a hit of the pattern can span (inf with `*` or `+`)."""
    total = 0.0
    for token in pattern:
        op = token.get("OP")
        bounded = _BOUNDED.match(op) if isinstance(op, str) else None
        if bounded:
            total += int(bounded.group(2))
        elif op in ("*", "+"):
            total = float("inf")
        elif op != "!":
            total += 1
    return total


def unbounded(pattern: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pattern with each `{0,n}` / `{1,n}` gap written as `*` / `+`."""
    out = []
    for token in pattern:
        op = token.get("OP")
        bounded = _BOUNDED.match(op) if isinstance(op, str) else None
        if bounded and bounded.group(1) in ("", "0"):
            token = {**token, "OP": "*"}
        elif bounded and bounded.group(1) == "1":
            token = {**token, "OP": "+"}
        out.append(token)
    return out


@cache
def entity_entries() -> tuple[dict[str, Any], ...]:
    """The entities of entities.yaml, each with one of its declared `labels`."""
    vocab = load("entities")
    unknown = {e["label"] for e in vocab["entities"]} - set(vocab["labels"])
    if unknown:
        raise ValueError(f"entities.yaml: labels {sorted(unknown)} are not declared under `labels`")
    return tuple(vocab["entities"])


def entity_patterns(nlp: Language) -> list[dict[str, Any]]:
    """EntityRuler patterns (a list, not a generator: spaCy #13966) for entities.yaml.

    Names match case-insensitively as phrase patterns (the ruler's PhraseMatcher on LOWER, much
    faster than token patterns); `exact` names (short acronyms that are also ordinary words) match
    only as printed, as token patterns on ORTH.
    """
    patterns: list[dict[str, Any]] = []
    for entry in entity_entries():
        for name in entry["names"]:
            if entry.get("exact"):
                pattern: Any = [{"ORTH": t.text} for t in nlp.make_doc(name)]
            else:
                pattern = name
            patterns.append({"label": entry["label"], "id": entry["id"], "pattern": pattern})
    return patterns


# --- token extensions used by the patterns ----------------------------------------


@cache
def is_provider_word(lower: str) -> bool:
    """A word that names a provider (`zorgaanbieder`, `ziekenhuizen`, `ggz-instelling`, `ZBC's`)."""
    low = _APOSTROPHE_S.sub("", lower)
    if low in word_set("provider_words"):
        return True
    return any(low.endswith(s) for s in word_set("provider_suffixes")) and not low.startswith("zorgverzeker")


@cache
def is_req_noun_word(lower: str) -> bool:
    return any(lower.endswith(s) for s in word_set("requirement_noun_suffixes"))


def _is_provider(token: Token) -> bool:
    return is_provider_word(token.lower_)


def _is_plural(token: Token) -> bool:
    low = token.lower_
    nxt = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return (
        low.endswith(("en", "a", "s"))
        and not low.endswith("huis")
        or low.endswith(_PLURAL_S)
        or nxt in _PLURAL_S
    )


def _is_provider_singular(token: Token) -> bool:
    pronouns = {"u", "uw", "uzelf", "hij"}
    return _is_provider(token) and token.lower_ not in pronouns and not _is_plural(token)


def _is_req_noun(token: Token) -> bool:
    return is_req_noun_word(token.lower_)


def _is_insurer_ref(token: Token) -> bool:
    return token.lower_ == "ons" or token.ent_type_ == "INSURER"


# Word-level tests of the extensions whose value depends on the word alone (a necessary condition
# for the token-level one): they let a pattern group skip a Doc that has no such word.
_WORD_TESTS = {"provider": is_provider_word, "provider_sg": is_provider_word, "req_noun": is_req_noun_word}

_EXTENSIONS = {
    "provider": _is_provider,
    "provider_sg": _is_provider_singular,
    "req_noun": _is_req_noun,
    "insurer_ref": _is_insurer_ref,
}


# --- components --------------------------------------------------------------------


class NormMatcher:
    """Finds the named normative rules of obligations.yaml in a Doc (STYLE.md 2.1: find, then set).

    Two things keep this fast without changing what it finds:
    - Patterns are grouped by an anchor, the word set of their most selective required token, and
      a group's Matcher runs only on a Doc that holds one of its anchor words (looked up from the
      Doc's words: a Doc holds few of the hundreds of anchor words).
    - A bounded gap `{0,n}` is matched as `*` and the hit kept only when no longer than the
      pattern allows. spaCy unrolls `{0,n}` into n optional tokens whose states multiply; a
      single `*` state is linear. (With two gaps in one pattern the bound is their sum.)
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        groups: dict[Anchor | None, Matcher] = {}
        self.limits: dict[int, tuple[str, float]] = {}
        for rule in load_rules():
            for i, pattern in enumerate(rule.patterns):
                key = f"{rule.name}#{i}"
                self.limits[nlp.vocab.strings.add(key)] = (rule.name, max_length(pattern))
                anchor = pattern_anchor(pattern)
                if anchor not in groups:
                    groups[anchor] = Matcher(nlp.vocab, validate=True)
                groups[anchor].add(key, [unbounded(pattern)])
        self.groups = list(groups.items())
        self.unanchored = [i for i, (anchor, _) in enumerate(self.groups) if anchor is None]
        self.by_extension = [
            (i, a) for i, (a, _) in enumerate(self.groups) if a is not None and a.extension is not None
        ]
        self.by_word: dict[str, list[int]] = {}
        for i, (anchor, _) in enumerate(self.groups):
            if anchor is not None and anchor.extension is None:
                for word in anchor.words:
                    self.by_word.setdefault(word, []).append(i)

    def _groups_for(self, words: set[str]) -> list[int]:
        """The groups whose anchor the Doc's words admit, in group order."""
        chosen = set(self.unanchored)
        for word in words.intersection(self.by_word):
            chosen.update(self.by_word[word])
        chosen.update(i for i, anchor in self.by_extension if anchor.admits(words))
        return sorted(chosen)

    def find(self, doc: Doc) -> list[Span]:
        words = {t.lower_ for t in doc}
        found: dict[tuple[str, int, int], Span] = {}
        for i in self._groups_for(words):
            for match_id, start, end in self.groups[i][1](doc):
                label, limit = self.limits[match_id]
                if end - start <= limit and (label, start, end) not in found:
                    found[label, start, end] = Span(doc, start, end, label=label)
        return sorted(found.values(), key=lambda s: (s.start, s.end))

    def set_annotations(self, doc: Doc, spans: Iterable[Span]) -> None:
        doc.spans[NORM_SPANS] = SpanGroup(doc, name=NORM_SPANS, spans=list(spans))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc


def make_norm_matcher(nlp: Language, name: str) -> NormMatcher:
    return NormMatcher(nlp, name)


def make_policy_entity_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    ruler = EntityRuler(nlp, name, phrase_matcher_attr="LOWER", overwrite_ents=overwrite_ents, validate=True)
    ruler.add_patterns(entity_patterns(nlp))
    return ruler


_registered = False


def register_components() -> None:
    """Register our factories and token extensions; a no-op after the first call."""
    global _registered
    if _registered:
        return
    for attr, getter in _EXTENSIONS.items():
        if not Token.has_extension(attr):
            Token.set_extension(attr, getter=getter)
    if not Language.has_factory(ENTITY_RULER):
        Language.factory(
            ENTITY_RULER,
            default_config={"overwrite_ents": False},
            assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
            func=make_policy_entity_ruler,
        )
    if not Language.has_factory(NORM_MATCHER):
        Language.factory(NORM_MATCHER, assigns=["doc.spans"], func=make_norm_matcher)
    _registered = True
