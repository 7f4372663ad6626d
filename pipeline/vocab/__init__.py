"""Domain vocabulary, loaded once from the YAML files beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB_DIR = Path(__file__).parent
# libyaml's loader where PyYAML was built with it: the pure-Python one spent about 0.4 CPU s of
# every worker's start on these files
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed `pipeline/vocab/<name>.yaml`."""
    with open(VOCAB_DIR / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_LOADER)  # noqa: S506 - a safe loader


DOMAIN = load("domain")
_ENTITIES = load("entities")["entities"]
_INSURER_ENTRIES = [e for e in _ENTITIES if e["label"] == "INSURER"]
# canonical group -> the names of the group and its brands; one list for metadata and the entity ruler
INSURERS: dict[str, list[str]] = {e["id"]: list(e["names"]) for e in _INSURER_ENTRIES}
# names matched only as written ("Zorg en Zekerheid", never the words "zorg en zekerheid")
EXACT_INSURER_NAMES: frozenset[str] = frozenset(
    name for e in _INSURER_ENTRIES if e.get("exact") for name in e["names"]
)
# organisations that publish without being an insurer: canonical id -> names (as the ruler reads them)
_PUBLIC_BODY_ENTRIES = [e for e in _ENTITIES if e["label"] in {"REGULATOR", "GOVERNMENT", "BRANCH_ORG"}]
PUBLIC_BODIES: dict[str, list[str]] = {e["id"]: list(e["names"]) for e in _PUBLIC_BODY_ENTRIES}
EXACT_PUBLIC_BODY_NAMES: frozenset[str] = frozenset(
    name for e in _PUBLIC_BODY_ENTRIES if e.get("exact") for name in e["names"]
)
LAW_NAMES: list[str] = [name for e in _ENTITIES if e["label"] == "LAW" for name in e["names"]]
CARE_DOMAINS: dict[str, list[str]] = DOMAIN["care_domains"]
UMBRELLA_DOMAINS: frozenset[str] = frozenset(DOMAIN["umbrella_domains"])
DOCUMENT_TITLE_WORDS: list[str] = DOMAIN["document_title_words"]
LEGAL_INSTRUMENT_WORDS: list[str] = DOMAIN["legal_instrument_words"]
ENACTING_FORMULA_WORDS: list[str] = DOMAIN["enacting_formula_words"]
PUBLIC_PUBLISHER_PHRASES: list[str] = DOMAIN["public_publisher_phrases"]
PUBLISHER_STATEMENT_WORDS: list[str] = DOMAIN["publisher_statement_words"]
CITATION_TITLE_STATEMENTS: list[str] = DOMAIN["citation_title_statements"]
POLICY_YEAR_STATEMENTS: list[str] = DOMAIN["policy_year_statements"]
REGULATION_NAME_WORDS: list[str] = DOMAIN["regulation_name_words"]
PUBLICATION_WORDS: list[str] = DOMAIN["publication_words"]
# label word (lower case) -> rank of its unit, 0 for the largest (deel) and up
STRUCTURE_LABELS: dict[str, int] = {
    word: rank for rank, words in enumerate(DOMAIN["structure_labels"]) for word in words
}
DOCUMENT_PART_TITLES: frozenset[str] = frozenset(DOMAIN["document_part_titles"])
POLICY_TITLE_WORDS: list[str] = DOMAIN["policy_title_words"]
TOC_TITLES: frozenset[str] = frozenset(DOMAIN["toc_titles"])
KEPT_HYPHEN_PREFIXES: frozenset[str] = frozenset(DOMAIN["kept_hyphen_prefixes"])
APPENDIX_WORDS: frozenset[str] = frozenset(DOMAIN["appendix_words"])
