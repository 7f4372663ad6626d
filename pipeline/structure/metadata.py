"""Document metadata from the content, never from the file name.

Policies name themselves over and over: on the cover, in running footers
(`Inkoopbeleid Medisch Specialistische Zorg | 2023`) and in the text
(`zorginkoopbeleid medisch-specialistische zorg (MSZ) voor 2024`). Every such
title phrase votes for a care domain and a policy year; the insurer is the group
whose names occur most, with the cover and the first pages weighing double.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from pipeline.model import Document, Metadata
from pipeline.vocab import CARE_DOMAINS, EXACT_INSURER_NAMES, INSURERS, POLICY_TITLE_WORDS

_TITLE_RE = re.compile(rf"\b(?:{'|'.join(POLICY_TITLE_WORDS)})\b", re.IGNORECASE)
_TITLE_START_RE = re.compile(rf"^\W*(?:{'|'.join(POLICY_TITLE_WORDS)})\b(?![.,;:])", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<![\d.,/-])(20\d\d)(?:\s*(?:[-–]|t/m|tot en met)\s*(20\d\d))?(?![\d.,/]\d)")
_UPDATE_RE = re.compile(
    r"\b(?:laatste update|laatst bijgewerkt|bijgewerkt(?: tot en met| op)?|laatst gewijzigd|"
    r"versie van|update)\b[:\s]*",
    re.IGNORECASE,
)
_NOT_POLICY_YEAR_BEFORE = re.compile(
    r"(?:t\.o\.v\.|ten opzichte van|sinds|vóór|voor het jaar|in)\s*$", re.IGNORECASE
)
HINT_WEIGHT = 3
TITLE_WINDOW = 90
DOMAIN_MAX_POS = 25  # the domain follows the title word within a few words
EARLY_SHARE = 0.2


def read_metadata(doc: Document) -> Document:
    """Stage: the document's metadata from its content."""
    return replace(doc, metadata=find_metadata(doc))


def document_text(doc: Document) -> str:
    """All text of the document on one line per source line, furniture included (footers name the policy)."""
    return "\n".join(ln.text for ln in doc.lines if ln.text)


def find_metadata(doc: Document) -> Metadata:
    text = document_text(doc)
    flat = re.sub(r"\s+", " ", text)
    hints = " ".join(t for t in (doc.cover_title, doc.metadata_title) if t)
    # the cover and the file's own title metadata speak for the whole document: they count extra
    title_windows = policy_title_windows(hints) * HINT_WEIGHT + policy_title_windows(flat)
    year, year_end = find_policy_years(title_windows, flat)
    domain = find_care_domain(title_windows, flat)
    return Metadata(
        insurer=find_insurer(hints + " " + flat),
        care_domain=domain,
        policy_year=year,
        policy_year_end=year_end,
        title=find_title(doc) or synthesised_title(domain, year, year_end),
        updated=find_update_date(flat),
    )


def synthesised_title(domain: str | None, year: int | None, year_end: int | None) -> str | None:
    if not domain:
        return None
    years = f"{year}-{year_end}" if year and year_end and year_end > year else f"{year or ''}"
    return f"Inkoopbeleid {domain} {years}".strip()


def policy_title_windows(flat: str) -> list[str]:
    """The text right after every `inkoopbeleid`-like word, in reading order."""
    return [flat[m.end() : m.end() + TITLE_WINDOW] for m in _TITLE_RE.finditer(flat)]


def alias_pattern(alias: str) -> re.Pattern[str]:
    # short names (CZ, DSW) only in capitals, and names that are also plain words only as written
    flags = 0 if len(alias) <= 4 or alias in EXACT_INSURER_NAMES else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", flags)


_ALIASES = sorted(
    ((a, g, alias_pattern(a)) for g, aliases in INSURERS.items() for a in aliases), key=lambda x: -len(x[0])
)


def find_insurer(flat: str) -> str | None:
    votes: Counter[str] = Counter()
    early = int(len(flat) * EARLY_SHARE)
    taken: list[tuple[int, int]] = []
    for _alias, group, pattern in _ALIASES:
        for m in pattern.finditer(flat):
            if any(s <= m.start() < e for s, e in taken):
                continue  # part of a longer alias already counted
            taken.append((m.start(), m.end()))
            votes[group] += 2 if m.start() < early else 1
    return votes.most_common(1)[0][0] if votes else None


def squash(text: str) -> str:
    """Lower case with hyphens and runs of white space as one space."""
    return re.sub(r"[\s-]+", " ", text.lower())


def domain_in(text: str, max_pos: int | None = None) -> str | None:
    """The care domain named earliest in `text` (the longest phrase on a tie)."""
    low = squash(text)
    best: tuple[int, int, str] | None = None
    for domain, phrases in CARE_DOMAINS.items():
        for phrase in phrases:
            m = re.search(rf"(?<!\w){re.escape(squash(phrase))}(?!\w)", low)
            if m and (max_pos is None or m.start() <= max_pos):
                key = (m.start(), -len(phrase), domain)
                best = key if best is None or key < best else best
    return best[2] if best else None


def find_care_domain(windows: list[str], flat: str) -> str | None:
    votes = Counter(d for d in (domain_in(w, max_pos=DOMAIN_MAX_POS) for w in windows) if d)
    if votes:
        # ties go to the domain the whole text names most often
        return max(votes, key=lambda d: (votes[d], domain_frequency(d, flat)))
    return domain_in(flat[:5000]) or domain_in(flat)


def domain_frequency(domain: str, flat: str) -> int:
    low = squash(flat)
    return sum(low.count(squash(p)) for p in CARE_DOMAINS[domain])


def find_policy_years(windows: list[str], flat: str) -> tuple[int | None, int | None]:
    votes: Counter[tuple[int, int]] = Counter()
    for w in windows:
        m = _YEAR_RE.search(w)
        if m and not _NOT_POLICY_YEAR_BEFORE.search(w[: m.start()]):
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
            votes[(first, last if last >= first else first)] += 1
    if not votes:
        years = Counter(int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", flat[:20000]))
        if not years:
            return None, None
        y = years.most_common(1)[0][0]
        return y, y
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0][1] == kv[0][0]))
    first, last = ranked[0][0]
    # a range that also occurs wins over its own first year counted alone
    for (f, last_year), _ in ranked:
        if f == first and last_year > first:
            return first, last_year
    return first, last


MAX_TITLE_WORDS = 10


def find_title(doc: Document) -> str | None:
    """The cover title (PDF), else the first short title line with its continuation lines."""
    if doc.cover_title:
        return doc.cover_title
    lines = [ln for ln in doc.lines[:400] if ln.text and ln.kind not in {"furniture", "toc"}]
    for i, ln in enumerate(lines):
        if (
            _TITLE_START_RE.match(ln.text)
            and len(ln.text.split()) <= MAX_TITLE_WORDS
            and not ln.text.endswith(".")
        ):
            parts = [ln.text]
            for nxt in lines[i + 1 : i + 4]:
                if (
                    len(nxt.text.split()) > 6
                    or nxt.text.endswith((".", ":"))
                    or _TITLE_RE.search(nxt.text)
                    or nxt.text.isupper()
                ):
                    break
                parts.append(nxt.text)
            return " ".join(parts)
    return doc.metadata_title if doc.metadata_title and _TITLE_RE.search(doc.metadata_title) else None


def find_update_date(flat: str) -> date | None:
    m = _UPDATE_RE.search(flat)
    if not m:
        return None
    d = re.match(r"(\d{1,2})[-/.](\d{1,2})[-/.](20\d\d)", flat[m.end() : m.end() + 20])
    if not d:
        return None
    try:
        return date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
    except ValueError:
        return None
