"""Hostile text through the readers: encodings, pathological lines, other languages, non-text.

One row per input, built here as bytes: UTF-16/32 with and without a byte-order mark, cp1252,
NUL and bidi controls, lines that made a regex quadratic (a 200 KB line of dots, 30 KB of
`[`...`](`, 100 KB of `**`, a megabyte without a space), French, German, English, Afrikaans,
Python source, `/etc/passwd`-like lines, a table of numbers, and a Dutch policy with an English
appendix. Each row states what must come out: an error kind (and what its message names), or
the sentences and dates found and a warning. The pathological inputs are big enough that the
old quadratic patterns took minutes (benchmarks/bench_hostile.py times them); here they only
have to come out right.
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import blank_options, frames

from pipeline.corpus.run import run
from pipeline.errors import DocumentError
from pipeline.extract.dates import iter_dates
from pipeline.ingest import read_document
from pipeline.ingest.bounds import MAX_LINE_CHARS, MAX_SYMBOL_RUN
from pipeline.stages import process_document
from pipeline.store.parquet import read_table
from pipeline.structure import segment

POLICY = (
    "Zorginkoopbeleid wijkverpleging 2027\n\n"
    "1. Inleiding\n\n"
    "De zorgaanbieder levert de offerte uiterlijk 1 september 2026 in bij de zorgverzekeraar. "
    "Wij maken afspraken over de kwaliteit, de toegankelijkheid en de betaalbaarheid van de zorg. "
    "Een overeenkomst komt alleen tot stand als aan alle minimumeisen is voldaan.\n\n"
    "2. Planning\n\n"
    "Op 15 november 2026 ontvangt de zorgaanbieder de uitkomst van de onderhandelingen. "
    "Nieuwe zorgaanbieders moeten aantonen dat zij over voldoende gekwalificeerd personeel beschikken. "
    "Wijzigingen ten opzichte van vorig jaar staan in de volgende paragraaf.\n"
)
POLICY_SENTENCES = 6
POLICY_DATES = ["2026-09-01", "2026-11-15"]
FRENCH = (
    "L'assureur conclut des contrats avec les prestataires de soins pour ses assurés. "
    "L'offre doit être déposée au plus tard le 1er septembre. Nous attendons des hôpitaux qu'ils "
    "rendent la qualité des soins transparente et que les délais d'attente restent raisonnables. "
) * 4
GERMAN = (
    "Die Krankenkasse schließt mit den Leistungserbringern Verträge über die Versorgung ihrer "
    "Versicherten. Das Angebot muss spätestens am 1. September eingereicht werden. Wir erwarten "
    "von den Krankenhäusern, dass sie die Qualität der Behandlung transparent machen. "
) * 4
ENGLISH = (
    "The insurer contracts care providers to secure timely and accessible care for its members. "
    "The offer must be submitted no later than 1 September. We expect hospitals to make the "
    "quality of their treatments transparent and to keep waiting times within the agreed norms. "
) * 4
AFRIKAANS = (
    "Die mediese fonds sluit kontrakte met gesondheidsorgverskaffers om sorg vir sy lede te "
    "verseker. Die aanbod moet uiterlik op 1 September by die versekeraar ingedien word. Ons "
    "verwag van hospitale dat hulle die gehalte van hul behandeling deursigtig maak. "
) * 4
RUSSIAN = (
    "Страховая компания заключает договоры с поставщиками медицинских услуг для своих клиентов. "
    "Предложение должно быть подано не позднее первого сентября. Мы ожидаем, что больницы "
    "сделают качество лечения прозрачным и сократят время ожидания. "
) * 4
FLEMISH = (
    "Het ziekenfonds betaalt de verstrekkingen terug volgens de nomenclatuur. De zorgverlener "
    "bezorgt het dossier ten laatste op 1 september aan de adviserend arts. Een overeenkomst "
    "wordt enkel afgesloten als aan alle minimumvoorwaarden voldaan is. "
) * 4
PYTHON_SOURCE = "\n".join(
    f"def step_{i}(values: list[int], factor: int = {i}) -> dict[str, int]:\n"
    f"    totals = {{key: value * factor for key, value in enumerate(values) if value > {i}}}\n"
    f"    return {{str(k): v for k, v in sorted(totals.items())[:{i + 3}]}}\n"
    for i in range(30)
)
PASSWD = "\n".join(
    f"{name}:x:{uid}:{uid}:{name},,,:/home/{name}:/bin/bash"
    for uid, name in enumerate(["root", "daemon", "www-data", *(f"user{i:02d}" for i in range(40))])
)
NUMBERS = "\n".join(
    "\t".join([str(2020 + i % 7), f"{i * 37 % 1000}.{i * 91 % 1000:03d}", f"{i % 97},{i % 10}%", str(i * 13)])
    for i in range(200)
)
ENGLISH_APPENDIX = (
    "\nBijlage 1 Summary in English\n\n"
    + (
        "This appendix summarises the purchasing policy for providers who do not read Dutch. "
        "Providers submit their offer through the portal and receive the outcome in November. "
    )
    * 3
)
BIDI = "\u202e\u2066\u200f"
NO_BOM = "no byte-order mark, read as "


def junk_bytes() -> bytes:
    """Bytes that decode as Windows-1252 (no undefined byte in it) but are no text."""
    rng = random.Random(3)
    allowed = [b for b in range(32, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)]
    return bytes(rng.choice(allowed) for _ in range(20_000))


def with_line(line: str) -> bytes:
    """The policy with one pathological line between its paragraphs."""
    head, tail = POLICY.split("2. Planning")
    return f"{head}{line}\n\n2. Planning{tail}".encode()


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name: its suffix chooses the reader
    data: Callable[[], bytes]
    error: str | None = None  # the DocumentError kind expected
    names: str | None = None  # what the error message must name besides the file
    warning: str | None = None  # a warning that must be there
    end_to_end: bool = False  # also through process_document: dates in the dates table


HOSTILE = [
    # encodings: the policy comes out whole, with its dates
    Hostile("utf16le-bom.txt", lambda: codecs.BOM_UTF16_LE + POLICY.encode("utf-16-le"), end_to_end=True),
    Hostile("utf16be-bom.txt", lambda: codecs.BOM_UTF16_BE + POLICY.encode("utf-16-be")),
    Hostile("utf32le-bom.txt", lambda: codecs.BOM_UTF32_LE + POLICY.encode("utf-32-le")),
    Hostile("utf32be-bom.md", lambda: codecs.BOM_UTF32_BE + POLICY.encode("utf-32-be")),
    Hostile("utf8-bom.txt", lambda: codecs.BOM_UTF8 + POLICY.encode()),
    Hostile(
        "utf16le.txt", lambda: POLICY.encode("utf-16-le"), warning="no byte-order mark, read as utf-16-le"
    ),
    Hostile(
        "utf16be.txt", lambda: POLICY.encode("utf-16-be"), warning="no byte-order mark, read as utf-16-be"
    ),
    Hostile(
        "utf32le.txt", lambda: POLICY.encode("utf-32-le"), warning="no byte-order mark, read as utf-32-le"
    ),
    Hostile(
        "utf16le-bom.html",
        lambda: codecs.BOM_UTF16_LE + f"<html><body><p>{POLICY}</p></body></html>".encode("utf-16-le"),
    ),
    Hostile("cp1252.txt", lambda: ("Coöperatie één " + POLICY).encode("cp1252"), warning="read as cp1252"),
    Hostile(
        "nul-bidi.txt",
        lambda: POLICY.replace("offerte", f"off\x00erte{BIDI}").encode(),
        warning="removed 4 NUL and bidirectional control characters",
        end_to_end=True,
    ),
    Hostile("kapotte-bom.txt", lambda: codecs.BOM_UTF16_LE + b"\x00\xd8" + b"a\x00", error="encoding"),
    Hostile("binair.txt", lambda: bytes(range(256)) * 40, error="encoding"),
    Hostile("russisch-cp1251.txt", lambda: RUSSIAN.encode("cp1251"), error="language", names="Russian"),
    # pathological lines: read in linear time, shortened or split with a warning
    Hostile(
        "punten.txt",
        lambda: with_line("." * 200_000),
        warning="runs of a repeated character",
        end_to_end=True,
    ),
    Hostile("haken.md", lambda: with_line("[" * 20_000 + "](" * 5_000), warning="shortened"),
    Hostile("haken-kort.md", lambda: with_line("[](" * 10_000), warning="shortened", end_to_end=True),
    Hostile(
        "sterren.txt", lambda: with_line("Let op: " + "**" * 50_000), warning="shortened", end_to_end=True
    ),
    Hostile("sterren.md", lambda: with_line("**" * 50_000)),  # a line of bullet glyphs: blank
    Hostile("sterren-tekst.md", lambda: with_line("**a " * 10_000)),
    Hostile("spaties.md", lambda: with_line("# " + " " * 200_000 + "x")),  # a heading `x`
    Hostile("spaties.txt", lambda: with_line("x" + " " * 200_000 + "x")),  # spaces normalised: `x x`
    Hostile(
        "een-regel.txt",
        lambda: with_line((POLICY.replace(" ", "").replace("\n", "") * 1300)[:1_000_000]),
        warning=f"lines longer than {MAX_LINE_CHARS:,} characters split",
        end_to_end=True,
    ),
    Hostile("punctuatie.txt", lambda: with_line(".(" * 20_000), warning="shortened", end_to_end=True),
    # other languages and no language: a `language` error naming what was found
    Hostile("francais.txt", lambda: FRENCH.encode(), error="language", names="French"),
    Hostile("deutsch.txt", lambda: GERMAN.encode(), error="language", names="German"),
    Hostile("english.html", lambda: f"<html><body><p>{ENGLISH}</p></body></html>".encode(), error="language"),
    Hostile("afrikaans.txt", lambda: AFRIKAANS.encode(), error="language", names="Afrikaans"),
    Hostile("bron.txt", lambda: PYTHON_SOURCE.encode(), error="language", names="no natural language"),
    Hostile("passwd.txt", lambda: PASSWD.encode(), error="language", names="no natural language"),
    Hostile("getallen.txt", lambda: NUMBERS.encode(), error="language", names="no natural language"),
    Hostile("rommel.txt", junk_bytes, error="language", names="no natural language"),
    # Dutch in other shapes: accepted
    Hostile("vlaams.txt", lambda: FLEMISH.encode()),
    Hostile(
        "met-engelse-bijlage.txt",
        lambda: (POLICY + ENGLISH_APPENDIX).encode(),
        warning="mixed languages (Dutch",
        end_to_end=True,
    ),
]


def write(tmp_path: Path, case: Hostile) -> Path:
    path = tmp_path / case.name
    path.write_bytes(case.data())
    return path


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_hostile_text_read_document(tmp_path: Path, case: Hostile) -> None:
    path = write(tmp_path, case)
    if case.error:
        with pytest.raises(DocumentError) as err:
            read_document(path)
        assert err.value.kind == case.error and case.name in err.value.message
        assert case.names is None or case.names in err.value.message
        return
    doc = read_document(path)
    assert case.warning is None or any(case.warning in w and case.name in w for w in doc.warnings), (
        doc.warnings
    )
    seg = segment(doc)
    texts = [s.text for s in seg.sentences]
    if case.name not in ("vlaams.txt", "met-engelse-bijlage.txt"):
        assert sum("zorgaanbieder" in t for t in texts) >= 2  # the policy's own sentences are there
        found = {str(d.value) for t in texts for d in iter_dates(t) if d.value}
        assert set(POLICY_DATES) <= found
    for sentence in seg.sentences:
        assert seg.text[sentence.start : sentence.end] == sentence.text
        assert len(sentence.text) <= len(seg.text)
    assert all(len(ln.text) <= MAX_LINE_CHARS for ln in doc.lines)
    assert not any(ch in ln.text for ln in doc.lines for ch in "\x00" + BIDI)


SLOW_END_TO_END = {"een-regel.txt"}  # a megabyte through spaCy and the metadata patterns: 7 s


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.slow) if c.name in SLOW_END_TO_END else c
        for c in HOSTILE
        if c.end_to_end
    ],
    ids=lambda c: c.name,
)
def test_hostile_text_process_document_keeps_dates_and_warnings(tmp_path: Path, case: Hostile) -> None:
    path = write(tmp_path, case)
    result = frames(process_document(path, case.name, blank_options()))
    dates = result["dates"]
    assert set(POLICY_DATES) <= {str(v) for v in dates.value}
    warnings = result["documents"].warnings[0] or ""
    assert case.warning is None or case.warning in warnings
    tokens = result["sentences"].text.str.split().explode()
    assert tokens.str.len().max() <= MAX_LINE_CHARS  # no stage after the reader sees a longer token


def test_hostile_text_runs_are_shortened_to_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "punten.txt"
    path.write_bytes(with_line("Inhoud " + "." * 200_000 + " 12"))
    doc = read_document(path)
    [line] = [ln for ln in doc.lines if ln.text.startswith("Inhoud")]
    assert line.text == "Inhoud " + "." * MAX_SYMBOL_RUN + " 12"
    assert any("the longest 200,000 characters" in w for w in doc.warnings)


def test_hostile_text_run_reports_language_errors_and_keeps_the_rest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for case in HOSTILE:
        if case.name in ("francais.txt", "passwd.txt", "utf16le-bom.txt", "met-engelse-bijlage.txt"):
            write(raw, case)
    report = run(raw, tmp_path / "out", blank_options(), progress=False, compare=False)
    errors = read_table(tmp_path / "out", "errors").set_index("source_file")
    assert errors.kind.to_dict() == {"francais.txt": "language", "passwd.txt": "language"}
    assert "French" in errors.loc["francais.txt", "message"]
    assert sorted(report.processed) == ["met-engelse-bijlage.txt", "utf16le-bom.txt"]
    docs = read_table(tmp_path / "out", "documents").set_index("source_file")
    assert "mixed languages" in docs.loc["met-engelse-bijlage.txt", "warnings"]


def test_hostile_text_table_cells_are_bounded_too(tmp_path: Path) -> None:
    path = tmp_path / "tabel.txt"
    path.write_bytes(with_line("Uiterlijk 1 juni 2026\t" + "." * 200_000 + "\t" + "x" * 50_000))
    doc = read_document(path)
    [row] = [row for table in doc.tables for row in table.rows if row[0] == "Uiterlijk 1 juni 2026"]
    assert row[1] == "." * MAX_SYMBOL_RUN
    assert max(len(token) for cell in row for token in cell.split()) <= MAX_LINE_CHARS
