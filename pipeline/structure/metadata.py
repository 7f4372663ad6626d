"""Document metadata from the content, never from the file name.

Evidence, strongest first:
1. the title zone: the cover (the first lines of a text export, page 1 of a PDF), the cover
   title and the file's title metadata when they are plausible text, the title line or title
   heading, and running headers and footers (`Inkoopbeleid Medisch Specialistische Zorg | 2023`);
2. phrases in which the document names itself (`zorginkoopbeleid medisch-specialistische zorg
   (MSZ) voor 2024`): the text right after every `inkoopbeleid`-like word;
3. for the policy year only: statements of when the document takes effect or for which years it
   runs (`Dit besluit treedt in werking met ingang van 1 januari 2025`, `looptijd 2024-2026`).

A year inside a law's name (`Wmo 2015`, `Aanbestedingswet 2012`: the LAW names of entities.yaml),
inside another regulation's name (`de Beleidsregels indicatiestelling Wlz 2024`), in a full date
(`Den Haag, 12 maart 2024`) or in a reference to an official journal (`Stcrt. 2024, 123`) is never the
policy year. A care domain that only body text names is weak evidence, and weak evidence gives
null, not a guess. The insurer is the group that the title zone names; without one, a document
that a public body publishes (a regulator, ministry, municipality, VNG, all zorgkantoren together)
or that is a legal instrument has no insurer, and otherwise the group the text names most wins when
it clearly outnumbers the others.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from pipeline.model import Document, Line, Metadata
from pipeline.text.clean import normalise
from pipeline.text.phrases import alternation
from pipeline.vocab import (
    CARE_DOMAINS,
    CITATION_TITLE_STATEMENTS,
    DOCUMENT_TITLE_WORDS,
    ENACTING_FORMULA_WORDS,
    EXACT_INSURER_NAMES,
    EXACT_PUBLIC_BODY_NAMES,
    INSURERS,
    LAW_NAMES,
    LEGAL_INSTRUMENT_WORDS,
    POLICY_TITLE_WORDS,
    POLICY_YEAR_STATEMENTS,
    PUBLIC_BODIES,
    PUBLIC_PUBLISHER_PHRASES,
    PUBLICATION_WORDS,
    PUBLISHER_STATEMENT_WORDS,
    REGULATION_NAME_WORDS,
    TOC_TITLES,
    UMBRELLA_DOMAINS,
)
from pipeline.vocab.numbers import MONTHS

_TITLE_RE = re.compile(rf"\b(?:{alternation(POLICY_TITLE_WORDS)})\b", re.IGNORECASE)
_TITLE_START_RE = re.compile(rf"^\W*(?:{alternation(POLICY_TITLE_WORDS)})\b(?![.,;:])", re.IGNORECASE)
# a document of another kind names itself by a word that may end a compound (Uitvoeringsregeling)
_DOCUMENT_TITLE_START_RE = re.compile(
    rf"^\W*\w*(?:{alternation(DOCUMENT_TITLE_WORDS)})\b(?![.,;:])", re.IGNORECASE
)
_LEGAL_INSTRUMENT_START_RE = re.compile(rf"^\W*\w*(?:{alternation(LEGAL_INSTRUMENT_WORDS)})\b", re.IGNORECASE)
_ENACTING_FORMULA_RE = re.compile(
    rf"\bgelet op\b.{{0,800}}?\b(?:{alternation(ENACTING_FORMULA_WORDS)})\s*:", re.IGNORECASE
)
_YEAR_RE = re.compile(r"(?<![\d.,/-])(20\d\d)(?:\s*(?:[-–]|t/m|tot en met)\s*(20\d\d))?(?![\d.,/]\d)")
_ANY_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_UPDATE_RE = re.compile(
    r"\b(?:laatste update|laatst bijgewerkt|bijgewerkt(?: tot en met| op)?|laatst gewijzigd|"
    r"versie van|update)\b[:\s]*",
    re.IGNORECASE,
)
_NOT_POLICY_YEAR_BEFORE = re.compile(
    r"(?:t\.o\.v\.|ten opzichte van|sinds|vóór|voor het jaar|in)\s*$", re.IGNORECASE
)
# years that are not policy years: part of a law's name, a full date or a month, an official journal
_LAW_YEAR_RE = re.compile(
    rf"(?<!\w)(?:{alternation([n for n in LAW_NAMES if _ANY_YEAR_RE.search(n)])})(?!\w)", re.IGNORECASE
)
_DATE_YEAR_RE = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?(?:{alternation(list(MONTHS))})\s+20\d\d\b|\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]20\d\d\b"
    r"|\b20\d\d-\d\d-\d\d\b",
    re.IGNORECASE,
)
_PUBLICATION_YEAR_RE = re.compile(
    rf"\b(?:{alternation(PUBLICATION_WORDS)})\.?\s*(?:I{{1,2}}\s*)?,?\s*20\d\d(?:[/-]\d\d)?", re.IGNORECASE
)
# another regulation's name ends in its year: `de Beleidsregels indicatiestelling Wlz 2024`
_REGULATION_YEAR_RE = re.compile(
    rf"\b\w*(?:{alternation(REGULATION_NAME_WORDS)})\b(?:\s+[^\s.,;:()]+){{0,6}}?\s+20\d\d\b", re.IGNORECASE
)
_STATEMENT_RE = re.compile(rf"\b(?:{alternation(POLICY_YEAR_STATEMENTS)})\b", re.IGNORECASE)
_PUBLISHER_STATEMENT_RE = re.compile(
    rf"(?:{alternation(PUBLISHER_STATEMENT_WORDS)})\s*(?:het |de )?(?P<who>.{{0,60}})", re.IGNORECASE
)
_CITATION_TITLE_RE = re.compile(
    rf"\b(?:{alternation(CITATION_TITLE_STATEMENTS)})\s*:?\s*(?P<title>[^\n]{{3,160}}?)(?:\.(?:\s|$)|\n|$)",
    re.IGNORECASE,
)
_PUBLIC_PHRASE_RE = re.compile(rf"(?<!\w)(?:{alternation(PUBLIC_PUBLISHER_PHRASES)})(?!\w)", re.IGNORECASE)
_FIELD_RE = re.compile(r"^[\w-]+:\s")  # `key: value`, a line of an export's metadata block
_URL_RE = re.compile(r"https?://|www\.|@\w+\.\w+|\.(?:nl|com|org)\b", re.IGNORECASE)
# words of text that a PDF reader interleaved with other text (`r2m0n2in3g`, `HJeeurgvdo`)
_GARBLED_WORD_RE = re.compile(r"[a-z]\d[a-z]|\d[a-z]+\d|^[A-Z]{2}[a-z]{3,}")

HINT_WEIGHT = 3
RUNNING_LINE_WEIGHT = 2
TITLE_WINDOW = 90
STATEMENT_WINDOW = 90
DOMAIN_MAX_POS = 25  # the domain follows the title word within a few words
EARLY_SHARE = 0.2
ENACTING_FORMULA_ZONE = 8000  # a legal instrument's enacting formula stands on its first pages
MAX_COVER_LINES = 15
MAX_COVER_LINE_WORDS = 10
MIN_TITLE_LETTERS = 6
MAX_TITLE_TEXT_WORDS = 30
MAX_TITLE_WORDS = 10
MAX_FORMAL_TITLE_WORDS = 80
MIN_RUNNING_LINE_WORDS = 3
DOMINANCE = 2  # the insurer the body names most must be named at least this many times as often as the next


@dataclass
class ZoneText:
    """A piece of the title zone and how much its evidence weighs."""

    text: str
    weight: int


def read_metadata(doc: Document) -> Document:
    """Stage: the document's metadata from its content."""
    return replace(doc, metadata=find_metadata(doc))


def document_text(doc: Document) -> str:
    """All text of the document on one line per source line, furniture included (footers name the policy)."""
    return "\n".join(ln.text for ln in doc.lines if ln.text)


def find_metadata(doc: Document) -> Metadata:
    flat = re.sub(r"\s+", " ", document_text(doc))
    cited = citation_title(flat)
    title = find_title(doc, cited)
    zone = title_zone(doc, title, cited)
    windows = policy_title_windows(flat)
    year, year_end = find_policy_years(zone, windows, flat)
    domain = find_care_domain(zone, windows, flat)
    return Metadata(
        insurer=find_insurer(zone, flat, publisher_statements(doc)),
        care_domain=domain,
        policy_year=year,
        policy_year_end=year_end,
        title=title or synthesised_title(domain, year, year_end),
        updated=find_update_date(flat),
    )


def synthesised_title(domain: str | None, year: int | None, year_end: int | None) -> str | None:
    if not domain:
        return None
    years = f"{year}-{year_end}" if year and year_end and year_end > year else f"{year or ''}"
    return f"Inkoopbeleid {domain} {years}".strip()


# --- the title zone -------------------------------------------------------------------------


def title_zone(doc: Document, title: str | None, cited: str | None = None) -> list[ZoneText]:
    """The texts that name the document: cover, titles and running headers/footers."""
    zone: list[ZoneText] = []
    for text in (
        cover_text(doc),
        plausible_or_none(doc.cover_title),
        plausible_or_none(doc.metadata_title),
        title,
        cited,
    ):
        if text and not any(text in z.text for z in zone):
            zone.append(ZoneText(text, HINT_WEIGHT))
    zone.extend(ZoneText(text, RUNNING_LINE_WEIGHT) for text in running_lines(doc))
    return zone


def cover_text(doc: Document) -> str | None:
    """The short lines that open the document before its first sentence or table of contents: the
    cover of a text export, the title heading and its subtitle lines, page 1 of a PDF."""
    parts: list[str] = []
    headings = 0
    for ln in doc.lines:
        if doc.format == "pdf" and ln.page not in (None, 1):
            break
        if ln.kind in {"blank", "furniture"} or not ln.text:
            continue
        headings += ln.kind == "heading"
        if ln.kind in {"toc", "table_row"} or headings > 1 or not is_cover_line(ln):
            break
        parts.append(ln.text)
        if len(parts) >= MAX_COVER_LINES:
            break
    return " ".join(parts) or None


def is_cover_line(ln: Line) -> bool:
    text = ln.text
    return (
        len(text.split()) <= MAX_COVER_LINE_WORDS
        and not text.rstrip().endswith((".", ";", "?"))
        and not text[:1].islower()
        and not _URL_RE.search(text)
    )


def running_lines(doc: Document) -> list[str]:
    """Running headers and footers once each (page numbers masked), without links, page numbers and
    the fields of an export's metadata block."""
    seen: set[str] = set()
    found: list[str] = []
    for ln in doc.lines:
        if (
            ln.kind != "furniture"
            or len(ln.text.split()) < MIN_RUNNING_LINE_WORDS
            or _URL_RE.search(ln.text)
            or _FIELD_RE.match(ln.text)
        ):
            continue
        key = re.sub(r"\d+", "#", ln.text.lower())
        if key not in seen:
            seen.add(key)
            found.append(ln.text)
    return found


def publisher_statements(doc: Document) -> list[str]:
    """Who a colophon or footer says publishes the document (`Dit inkoopbeleid is een uitgave van ...`)."""
    return [m.group("who") for ln in doc.lines for m in _PUBLISHER_STATEMENT_RE.finditer(ln.text)]


def plausible_or_none(text: str | None) -> str | None:
    return text if plausible_title_text(text) else None


def plausible_title_text(text: str | None) -> bool:
    """A title a reader can read: letters, a few words, not a fragment (`Co`) nor garbled text."""
    if not text:
        return False
    words = text.split()
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_TITLE_LETTERS or len(words) > MAX_TITLE_TEXT_WORDS or letters < len(text) // 2:
        return False
    if not (text[:1].isupper() or text[:1].isdigit()):
        return False
    return sum(bool(_GARBLED_WORD_RE.search(w)) for w in words) <= len(words) // 4


# --- policy years ---------------------------------------------------------------------------


def policy_title_windows(flat: str) -> list[str]:
    """The text right after every `inkoopbeleid`-like word, in reading order."""
    return [flat[m.end() : m.end() + TITLE_WINDOW] for m in _TITLE_RE.finditer(flat)]


def mask(text: str, *patterns: re.Pattern[str]) -> str:
    """`text` with the spans of `patterns` blanked out (same length, so offsets stay)."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def title_years(text: str, *extra_masks: re.Pattern[str]) -> tuple[int, int] | None:
    """The first policy year or year range in a title-like text, else None."""
    masked = mask(text, _LAW_YEAR_RE, _DATE_YEAR_RE, _PUBLICATION_YEAR_RE, *extra_masks)
    for m in _YEAR_RE.finditer(masked):
        if _NOT_POLICY_YEAR_BEFORE.search(masked[: m.start()]):
            continue
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        return first, last if last >= first else first
    return None


def find_policy_years(zone: list[ZoneText], windows: list[str], flat: str) -> tuple[int | None, int | None]:
    votes: Counter[tuple[int, int]] = Counter()
    for z in zone:
        years = title_years(z.text)
        if years:
            votes[years] += z.weight
    for w in windows:
        years = title_years(w, _REGULATION_YEAR_RE)
        if years:
            votes[years] += 1
    if votes:
        return best_years(votes)
    return statement_years(flat)


def best_years(votes: Counter[tuple[int, int]]) -> tuple[int, int]:
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0][1] == kv[0][0]))
    first, last = ranked[0][0]
    # a range that also occurs wins over its own first year counted alone
    for (f, last_year), _ in ranked:
        if f == first and last_year > first:
            return first, last_year
    return first, last


def statement_years(flat: str) -> tuple[int | None, int | None]:
    """The years that `treedt in werking`-, `looptijd`- and `contractjaar`-statements give."""
    votes: Counter[tuple[int, int]] = Counter()
    for m in _STATEMENT_RE.finditer(flat):
        window = sentence_part(flat[m.end() : m.end() + STATEMENT_WINDOW])
        years = stated_years(mask(window, _LAW_YEAR_RE, _PUBLICATION_YEAR_RE, _REGULATION_YEAR_RE))
        if years:
            votes[years] += 1
    return best_years(votes) if votes else (None, None)


def sentence_part(text: str) -> str:
    """`text` up to the end of its sentence (a period that is not inside a number or date)."""
    end = re.search(r"\.(?!\d)(?:\s|$)", text)
    return text[: end.start()] if end else text


def stated_years(text: str) -> tuple[int, int] | None:
    """The first year in a statement, and its range end (`1 januari 2024 tot en met 31 december 2026`)."""
    found = list(_ANY_YEAR_RE.finditer(text))
    if not found:
        return None
    first = int(found[0].group(1))
    for nxt in found[1:]:
        between = text[found[0].end() : nxt.start()]
        if re.search(r"[-–]|\bt/m\b|\btot\b", between) and int(nxt.group(1)) >= first:
            return first, int(nxt.group(1))
    return first, first


# --- care domain ----------------------------------------------------------------------------


def title_key(text: str) -> str:
    return normalise(text, words_only=True)


_DOMAIN_PATTERNS = [
    (domain, phrase, re.compile(rf"(?<!\w){re.escape(title_key(phrase))}(?!\w)"))
    for domain, phrases in CARE_DOMAINS.items()
    for phrase in phrases
]


def domain_in(text: str, max_pos: int | None = None) -> str | None:
    """The care domain named earliest in `text` (the longest phrase on a tie); a domain within an
    umbrella domain (Wlz gehandicaptenzorg) wins over the umbrella wherever it stands."""
    low = title_key(text)
    best: tuple[bool, int, int, str] | None = None
    for domain, phrase, pattern in _DOMAIN_PATTERNS:
        m = pattern.search(low)
        if m and (max_pos is None or m.start() <= max_pos):
            key = (domain in UMBRELLA_DOMAINS, m.start(), -len(phrase), domain)
            best = key if best is None or key < best else best
    return best[3] if best else None


def find_care_domain(zone: list[ZoneText], windows: list[str], flat: str) -> str | None:
    """The domain the title zone and the document's names for itself give; None when only body text
    names one (weak evidence)."""
    votes: Counter[str] = Counter()
    for z in zone:
        domain = domain_in(without_organisations(z.text))
        if domain:
            votes[domain] += z.weight
    for w in windows:
        domain = domain_in(without_organisations(w), max_pos=DOMAIN_MAX_POS)
        if domain:
            votes[domain] += 1
    if any(d not in UMBRELLA_DOMAINS for d in votes):
        votes = Counter({d: n for d, n in votes.items() if d not in UMBRELLA_DOMAINS})
    if not votes:
        return None
    # ties go to the domain the whole text names most often
    return max(votes, key=lambda d: (votes[d], domain_frequency(d, flat)))


def without_organisations(text: str) -> str:
    """`text` without the names of insurers and public bodies: `Vereniging Gehandicaptenzorg
    Nederland` or `Minister voor Langdurige Zorg, Jeugd en Sport` name no care domain."""
    return mask(text, _INSURER_NAMES.pattern, _PUBLIC_BODY_NAMES.pattern)


def domain_frequency(domain: str, flat: str) -> int:
    low = title_key(flat)
    return sum(low.count(title_key(p)) for p in CARE_DOMAINS[domain])


# --- insurer --------------------------------------------------------------------------------


class NameMatcher:
    """Finds the names of organisations in one pass: one alternation, longest name first, so that a
    name inside a longer one (`CZ` in `CZ groep`) counts once."""

    def __init__(self, groups: dict[str, list[str]], exact_names: frozenset[str]) -> None:
        names = sorted({a for aliases in groups.values() for a in aliases}, key=len, reverse=True)
        self.group_of = {self.key(a, exact_names): g for g, aliases in groups.items() for a in aliases}
        alternatives = "|".join(
            re.escape(a) if self.as_written(a, exact_names) else f"(?i:{re.escape(a)})" for a in names
        )
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

    @staticmethod
    def as_written(alias: str, exact_names: frozenset[str]) -> bool:
        # short names (CZ, DSW) only in capitals, and names that are also plain words only as written
        return len(alias) <= 4 or alias in exact_names

    def key(self, alias: str, exact_names: frozenset[str]) -> str:
        return alias if self.as_written(alias, exact_names) else alias.lower()

    def votes(self, text: str, early: int = 0) -> Counter[str]:
        """How often each group is named in `text`; names in the first `early` characters count double."""
        found: Counter[str] = Counter()
        for m in self.pattern.finditer(text):
            name = m.group(0)
            group = self.group_of.get(name) or self.group_of.get(name.lower())
            if group:
                found[group] += 2 if m.start() < early else 1
        return found


_INSURER_NAMES = NameMatcher(INSURERS, EXACT_INSURER_NAMES)
_PUBLIC_BODY_NAMES = NameMatcher(PUBLIC_BODIES, EXACT_PUBLIC_BODY_NAMES)


def find_insurer(zone: list[ZoneText], flat: str, statements: list[str]) -> str | None:
    zone_text = " | ".join([z.text for z in zone] + statements)
    named = _INSURER_NAMES.votes(zone_text)
    if named:
        return named.most_common(1)[0][0]
    if published_by_public_body(zone, zone_text, flat):
        return None
    votes = _INSURER_NAMES.votes(flat, early=int(len(flat) * EARLY_SHARE))
    ranked = votes.most_common(2)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] < DOMINANCE * ranked[1][1]:
        return None  # several insurers named alike: a joint or third-party document
    return ranked[0][0]


def published_by_public_body(zone: list[ZoneText], zone_text: str, flat: str) -> bool:
    """A regulator, ministry, municipality, VNG or the zorgkantoren together publishes the document,
    or it is a legal instrument (a title such as `Regeling ...`, an enacting formula `gelet op ...
    besluit:`)."""
    if _PUBLIC_BODY_NAMES.votes(zone_text) or _PUBLIC_PHRASE_RE.search(zone_text):
        return True
    if any(z.weight == HINT_WEIGHT and _LEGAL_INSTRUMENT_START_RE.match(z.text) for z in zone):
        return True
    return bool(_ENACTING_FORMULA_RE.search(flat[:ENACTING_FORMULA_ZONE]))


# --- title and update date ------------------------------------------------------------------


def citation_title(flat: str) -> str | None:
    """The short title a regulation gives itself (`Deze regeling wordt aangehaald als: Regeling X.`)."""
    m = _CITATION_TITLE_RE.search(flat)
    title = m.group("title").strip(" '\"‘’“”") if m else None
    return title if plausible_title_text(title) else None


def find_title(doc: Document, cited: str | None = None) -> str | None:
    """The cover title (PDF) when it reads as a title, else the short title a regulation cites itself
    by, the first short title line with its continuation lines, the file's title metadata, a legal
    instrument's formal title, or the first title-like heading."""
    if plausible_title_text(doc.cover_title):
        return doc.cover_title
    if cited:
        return cited
    lines = [ln for ln in doc.lines[:400] if ln.text and ln.kind not in {"furniture", "toc"}]
    title = title_lines(lines, _TITLE_START_RE) or title_lines(
        lines[:MAX_COVER_LINES], _DOCUMENT_TITLE_START_RE
    )
    if title:
        return title
    meta = doc.metadata_title
    if plausible_title_text(meta) and (
        _TITLE_RE.search(meta or "") or _DOCUMENT_TITLE_START_RE.match(meta or "")
    ):
        return meta
    return formal_title(lines[:MAX_COVER_LINES]) or first_title_heading(lines)


def title_lines(lines: list[Line], start_re: re.Pattern[str]) -> str | None:
    """The first short line that opens with a title word, with the lines that continue it."""
    for i, ln in enumerate(lines):
        if start_re.match(ln.text) and len(ln.text.split()) <= MAX_TITLE_WORDS and not ln.text.endswith("."):
            parts = [ln.text]
            for nxt in lines[i + 1 : i + 4]:
                if (
                    len(nxt.text.split()) > 6
                    or nxt.text.endswith((".", ":"))
                    or _TITLE_RE.search(nxt.text)
                    or nxt.text.isupper()
                    or nxt.kind == "heading"
                ):
                    break
                parts.append(nxt.text)
            return " ".join(parts)
    return None


def formal_title(lines: list[Line]) -> str | None:
    """The formal title that opens a legal instrument (`Regeling van de Minister ... van 5 maart 2024,
    houdende ...`), however long."""
    for ln in lines:
        if _LEGAL_INSTRUMENT_START_RE.match(ln.text) and len(ln.text.split()) <= MAX_FORMAL_TITLE_WORDS:
            return ln.text
    return None


def first_title_heading(lines: list[Line]) -> str | None:
    """The first top-level heading that reads as a title, before any numbered chapter."""
    headings = [ln for ln in lines if ln.kind == "heading"]
    if not headings:
        return None
    top = min(ln.heading_level or 1 for ln in headings)
    for ln in headings:
        if re.match(r"^\d", ln.text):
            return None  # the chapters have begun
        if (
            (ln.heading_level or 1) == top
            and plausible_title_text(ln.text)
            and ln.text.lower() not in TOC_TITLES
        ):
            return ln.text
    return None


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
