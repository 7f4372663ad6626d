"""Domain vocabulary, loaded once from the YAML files beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB_DIR = Path(__file__).parent


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed `pipeline/vocab/<name>.yaml`."""
    with open(VOCAB_DIR / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


DOMAIN = load("domain")
_INSURER_ENTRIES = [e for e in load("entities")["entities"] if e["label"] == "INSURER"]
# canonical group -> the names of the group and its brands; one list for metadata and the entity ruler
INSURERS: dict[str, list[str]] = {e["id"]: list(e["names"]) for e in _INSURER_ENTRIES}
# names matched only as written ("Zorg en Zekerheid", never the words "zorg en zekerheid")
EXACT_INSURER_NAMES: frozenset[str] = frozenset(
    name for e in _INSURER_ENTRIES if e.get("exact") for name in e["names"]
)
CARE_DOMAINS: dict[str, list[str]] = DOMAIN["care_domains"]
POLICY_TITLE_WORDS: list[str] = DOMAIN["policy_title_words"]
TOC_TITLES: frozenset[str] = frozenset(DOMAIN["toc_titles"])
KEPT_HYPHEN_PREFIXES: frozenset[str] = frozenset(DOMAIN["kept_hyphen_prefixes"])
APPENDIX_WORDS: frozenset[str] = frozenset(DOMAIN["appendix_words"])
