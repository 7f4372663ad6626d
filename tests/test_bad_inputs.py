"""Bad inputs among good ones: each bad file gets one `errors` row of the right kind, nothing else is lost.

The bad files are made here (reportlab and raw bytes), one per kind the runner must tell
apart (pipeline/errors.py): zero-byte text and PDF, a PDF cut in half, a password-protected
PDF, a PDF with a drawing but no text layer, junk bytes named `.pdf`, an HTML page without a
body, an English document and a `.docx`. Two inputs are odd but readable and must come out as
documents: Dutch text in Windows-1252 (read with a warning) and a text on one very long line.
The good documents are copies of the first two texts of raw/.
"""

from __future__ import annotations

import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from helpers import blank_options
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from pipeline.__main__ import app
from pipeline.corpus.run import RunReport, run
from pipeline.ingest import read_document
from pipeline.store.parquet import read_table
from pipeline.structure import segment
from tests.conftest import RAW

GOOD = sorted(RAW.glob("*.txt"))[:2]
DUTCH = "De zorgaanbieder levert de offerte uiterlijk 1 september 2026 in bij de zorgverzekeraar. "
ENGLISH = "The provider must submit the offer before the deadline and the insurer will review it. "
BIG_LINE_BYTES = 5_000_000
BIG_LINE_SECONDS = 40.0  # CPU s for read + segment of 5 MB: linear code needs about 5; quadratic, hours
LONG_LINE_BYTES = 40_000  # the long line that goes through the whole run in the mixed folder


# --- builders of bad inputs ---------------------------------------------------------


def _pdf(path: Path, encrypt: str | None = None, text: bool = True) -> Path:
    """A three-page Dutch PDF (or, with text=False, pages holding only a filled rectangle)."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for page in range(1, 4):
        c.setFont("Helvetica", 10)
        if text:
            for i in range(30):
                c.drawString(50, 800 - 14 * i, f"{DUTCH.strip()} Regel {i} van pagina {page}.")
        else:
            c.setFillGray(0.5)
            c.rect(50, 300, 400, 300, stroke=1, fill=1)
        c.showPage()
    c.save()
    return path


def truncated_pdf(path: Path) -> Path:
    """The first half of a valid reportlab PDF: no xref, no trailer."""
    data = _pdf(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def encrypted_pdf(path: Path) -> Path:
    return _pdf(path, encrypt="geheim")


def image_only_pdf(path: Path) -> Path:
    return _pdf(path, text=False)


def junk_pdf(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 64)
    return path


def writer(data: bytes) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


@dataclass(frozen=True)
class BadInput:
    name: str
    build: Callable[[Path], Path]
    kind: str


BAD_INPUTS = [
    BadInput("leeg.txt", writer(b""), "empty"),
    BadInput("leeg.pdf", writer(b""), "empty"),
    BadInput("afgebroken.pdf", truncated_pdf, "corrupt"),
    BadInput("versleuteld.pdf", encrypted_pdf, "encrypted"),
    BadInput("scan.pdf", image_only_pdf, "no_text_layer"),
    BadInput("rommel.pdf", junk_pdf, "corrupt"),
    BadInput("zonder-body.html", writer(b"<html><head><title>Beleid</title></head></html>"), "empty"),
    BadInput("english.txt", writer((ENGLISH * 30).encode()), "language"),
    BadInput("beleid.docx", writer(b"PK\x03\x04 geen echt docx-bestand"), "unsupported"),
]
CP1252_TEXT = "Coöperatie Zorgverzekeraar één\n\n" + DUTCH * 10 + "Het tarief is € 250.000 per jaar.\n"


def cp1252_txt(path: Path) -> Path:
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    return path


def one_line_txt(path: Path, size: int) -> Path:
    path.write_text((DUTCH * (size // len(DUTCH) + 1))[:size], encoding="utf-8")
    return path


# --- helpers ------------------------------------------------------------------------


def run_folder(raw: Path, out: Path) -> RunReport:
    return run(raw, out, blank_options(jobs=1), progress=False, compare=False)


def errors_by_file(out: Path) -> pd.DataFrame:
    return read_table(out, "errors").set_index("source_file")


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block uses more than `seconds` of CPU time.
    CPU time, not wall-clock time: a loaded CI machine must not fail a guard against a hang."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds:.0f} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# --- one test per kind of bad input -------------------------------------------------


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: f"{b.kind}-{b.name}")
def test_bad_input_gets_one_error_row_of_its_kind(tmp_path: Path, bad: BadInput) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    bad.build(raw / bad.name)
    report = run_folder(raw, tmp_path / "out")
    errors = read_table(tmp_path / "out", "errors")
    assert errors[["source_file", "kind"]].values.tolist() == [[bad.name, bad.kind]]
    assert bad.name in errors.message[0]
    assert [(e.source_file, e.kind) for e in report.errors] == [(bad.name, bad.kind)]
    assert report.failed and report.processed == []
    for table in ("documents", "sections", "sentences"):
        assert read_table(tmp_path / "out", table).empty


def test_bad_input_cp1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    cp1252_txt(raw / "ansi.txt")
    report = run_folder(raw, tmp_path / "out")
    assert report.errors == [] and report.processed == ["ansi.txt"]
    doc = read_table(tmp_path / "out", "documents").set_index("source_file").loc["ansi.txt"]
    assert "cp1252" in doc.warnings
    sentences = read_table(tmp_path / "out", "sentences")
    assert sentences.text.str.contains("Coöperatie Zorgverzekeraar één").any()
    amounts = read_table(tmp_path / "out", "amounts")
    assert amounts[["value", "currency"]].values.tolist() == [[250_000.0, "EUR"]]


@pytest.mark.slow
def test_bad_input_5mb_single_line_reads_and_segments(tmp_path: Path) -> None:
    path = one_line_txt(tmp_path / "een-regel.txt", BIG_LINE_BYTES)
    with deadline(BIG_LINE_SECONDS):  # a guard against a hang (quadratic splitting), not a timing
        seg = segment(read_document(path))
    assert len(seg.sentences) == BIG_LINE_BYTES // len(DUTCH) + 1
    assert seg.sentences[0].text == DUTCH.strip()
    assert all(seg.text[s.start : s.end] == s.text for s in seg.sentences[:100])


# --- the mixed folder ---------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RunReport]:
    """Every bad input, the two odd-but-readable ones and two good documents, in one serial run."""
    base = tmp_path_factory.mktemp("mixed")
    raw = base / "raw"
    raw.mkdir()
    for path in GOOD:
        shutil.copy(path, raw / path.name)
    for bad in BAD_INPUTS:
        bad.build(raw / bad.name)
    cp1252_txt(raw / "ansi.txt")
    one_line_txt(raw / "een-regel.txt", LONG_LINE_BYTES)
    out = base / "out"
    return raw, out, run_folder(raw, out)


def test_bad_inputs_mixed_folder_errors_are_exactly_the_bad_files(
    mixed_run: tuple[Path, Path, RunReport],
) -> None:
    _, out, report = mixed_run
    errors = errors_by_file(out)
    assert errors.kind.to_dict() == {b.name: b.kind for b in BAD_INPUTS}
    assert all(name in errors.loc[name, "message"] for name in errors.index)
    assert sorted(e.source_file for e in report.errors) == sorted(b.name for b in BAD_INPUTS)


def test_bad_inputs_mixed_folder_good_documents_have_all_their_rows(
    mixed_run: tuple[Path, Path, RunReport],
) -> None:
    _, out, report = mixed_run
    readable = sorted([p.name for p in GOOD] + ["ansi.txt", "een-regel.txt"])
    docs = read_table(out, "documents")
    assert sorted(docs.source_file) == readable == sorted(report.processed)
    sections, sentences = read_table(out, "sections"), read_table(out, "sentences")
    for path in GOOD:
        doc_id = docs.set_index("source_file").loc[path.name, "doc_id"]
        assert (sections.doc_id == doc_id).sum() >= 3
        assert (sentences.doc_id == doc_id).sum() >= 20
        assert set(sentences[sentences.doc_id == doc_id].section_id.dropna()) <= set(sections.section_id)
    long_id = docs.set_index("source_file").loc["een-regel.txt", "doc_id"]
    assert (sentences.doc_id == long_id).sum() == LONG_LINE_BYTES // len(DUTCH) + 1


def test_bad_inputs_mixed_folder_rows_equal_a_run_without_bad_files(
    mixed_run: tuple[Path, Path, RunReport], tmp_path: Path
) -> None:
    _, out, _ = mixed_run
    clean = tmp_path / "raw"
    clean.mkdir()
    for path in GOOD:
        shutil.copy(path, clean / path.name)
    run_folder(clean, tmp_path / "out")
    for table in ("documents", "sections", "sentences", "dates", "amounts", "obligations"):
        alone = read_table(tmp_path / "out", table)
        mixed = read_table(out, table)
        mixed = mixed[mixed.doc_id.isin(alone.doc_id)]
        pd.testing.assert_frame_equal(sort_rows(mixed), sort_rows(alone), check_dtype=True)


def test_bad_inputs_mixed_folder_cp1252_document_has_a_warning(
    mixed_run: tuple[Path, Path, RunReport],
) -> None:
    _, out, _ = mixed_run
    docs = read_table(out, "documents").set_index("source_file")
    assert "cp1252" in docs.loc["ansi.txt", "warnings"]
    assert all(
        pd.isna(docs.loc[p.name, "warnings"]) or "cp1252" not in docs.loc[p.name, "warnings"] for p in GOOD
    )


def sort_rows(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("doc_id", "section_id", "sentence_id", "start", "text") if c in frame.columns]
    return frame.sort_values(keys).reset_index(drop=True)


# --- exit status --------------------------------------------------------------------


def test_bad_inputs_cli_exit_status_is_1_when_a_document_failed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD[0], raw / GOOD[0].name)
    args = ["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-progress"]
    ok = CliRunner().invoke(app, [*args, "--no-compare"])
    assert ok.exit_code == 0, ok.output
    encrypted_pdf(raw / "versleuteld.pdf")
    failed = CliRunner().invoke(app, [*args, "--no-compare"])
    assert failed.exit_code == 1
    assert "versleuteld.pdf" in failed.output and "encrypted" in failed.output
    tolerated = CliRunner().invoke(app, [*args, "--no-compare", "--no-fail-on-error"])
    assert tolerated.exit_code == 0
    assert errors_by_file(tmp_path / "out").kind.to_dict() == {"versleuteld.pdf": "encrypted"}
