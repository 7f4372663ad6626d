"""Hostile inputs beside a good document: each ends as README "Bad input" promises, and nothing else is lost.

One table, one hostile entry per line, each run in its own raw folder beside a copy of a real
policy text: PDFs whose objects refer to themselves (built byte by byte in hostile_fixtures.py),
a decompression bomb under a low `doc_memory`, a slow page under a low `doc_timeout`, names
that are not UTF-8 or hold a line break, symbolic links out of the folder, to nothing and in
loops, a pipe, a token of 20,000 brackets and a sentence of 14,000 characters. Each line states
the kinds of error row it may end as (or that it comes out as a document), and every run must
leave the good policy's rows exactly as a run of that policy alone makes them. Files the run may
not read are tested through the command line with the read override of root dropped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from helpers import blank_options
from hostile_fixtures import (
    contents_cycle_pdf,
    decompression_bomb_pdf,
    form_cycle_pdf,
    operator_bomb_pdf,
    page_tree_cycle_pdf,
    self_length_pdf,
)

from pipeline.corpus import run as run_module
from pipeline.corpus.inputs import display_name
from pipeline.corpus.run import RunReport, run
from pipeline.errors import ERROR_KINDS
from pipeline.settings import Options
from pipeline.store.parquet import read_table
from pipeline.structure.sentences import MAX_SENTENCE_CHARS
from tests.conftest import RAW, ROOT

GOOD = RAW / "002_8c519c707f274a54.txt"
DOCUMENT = frozenset({"document"})
COMPARED = ("documents", "sections", "sentences", "dates", "amounts", "obligations")
DUTCH = "De zorgaanbieder levert de offerte uiterlijk 1 september 2026 in bij de zorgverzekeraar. "
GUARD_SECONDS = 600  # against a hang of a command-line run, not a timing


def policy_text(tag: str, middle: str = "") -> str:
    """A short Dutch policy of its own bytes (`tag`), with `middle` between its paragraphs."""
    return (
        f"Inkoopbeleid {tag}\n\n1. Planning\n\n{DUTCH * 8}\n\n{middle}\n\n"
        f"2. Tarieven\n\nHet tarief is € 250.000 per jaar. {DUTCH * 4}\n"
    )


def text_file(tag: str, middle: str = "") -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_text(policy_text(tag, middle), encoding="utf-8")

    return build


def link_to(target: str | Callable[[Path], Path]) -> Callable[[Path], None]:
    """A symbolic link at the path, to `target` (a fixed path, or one made from the link's path)."""

    def build(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target(path) if callable(target) else target, path)

    return build


def outside_folder(path: Path) -> Path:
    folder = path.parent.parent / "elders"
    folder.mkdir(exist_ok=True)
    (folder / "buiten.txt").write_text(policy_text("buiten"), encoding="utf-8")
    return folder


def fifo(path: Path) -> None:
    os.mkfifo(path)


def pdf(builder: Callable[[Path], Path]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        builder(path)

    return build


@dataclass(frozen=True)
class Hostile:
    name: str  # path inside the raw folder (str; bytes for a name that is not UTF-8)
    build: Callable[[Path], None]
    outcome: frozenset[str]  # "document", or the error kinds it may end as
    options: dict[str, object] = field(default_factory=dict)

    @property
    def stored_name(self) -> str:
        return display_name(os.fsdecode(self.name))


HOSTILE = [
    # pdfium (the default engine) reads a stream up to `endstream` whatever its /Length says
    Hostile("lengte-lus.pdf", pdf(self_length_pdf), DOCUMENT),
    Hostile(
        "lengte-lus-plumber.pdf", pdf(self_length_pdf), frozenset({"corrupt"}), {"pdf_engine": "pdfplumber"}
    ),
    Hostile("inhoud-lus.pdf", pdf(contents_cycle_pdf), frozenset({"no_text_layer", "corrupt"})),
    Hostile("vorm-lus.pdf", pdf(form_cycle_pdf), DOCUMENT),
    Hostile(
        "paginaboom-lus.pdf", pdf(page_tree_cycle_pdf), frozenset({"corrupt"})
    ),  # pdfium refuses the page
    Hostile("paginaboom-lus-plumber.pdf", pdf(page_tree_cycle_pdf), DOCUMENT, {"pdf_engine": "pdfplumber"}),
    # pdfium aborts the process when an allocation fails (SIGABRT): the run cannot tell that from
    # another crash in native code, so it is an `internal` row naming the file; pdfplumber's
    # MemoryError is `too_large`
    Hostile(
        "bom.pdf", pdf(decompression_bomb_pdf), frozenset({"too_large", "internal"}), {"doc_memory": 900}
    ),
    Hostile(
        "bom-plumber.pdf",
        pdf(decompression_bomb_pdf),
        frozenset({"too_large"}),
        {"doc_memory": 900, "pdf_engine": "pdfplumber"},
    ),
    # The limit scales with the size: the 38 KB policy beside it gets about 15 CPU seconds (it needs
    # about 1), this 4 KB page of a million operators about 2 (it needs about 25).
    Hostile(
        "traag.pdf",
        pdf(lambda path: operator_bomb_pdf(path, operators=1_000_000)),
        frozenset({"timeout"}),
        # pdfplumber interprets every operator in Python; pdfium is through this page in a moment
        {"doc_timeout_base": 0, "doc_timeout_per_mb": 400, "pdf_engine": "pdfplumber"},
    ),
    Hostile(os.fsdecode(b"caf\xe9-beleid.txt"), text_file("latin"), DOCUMENT),
    Hostile("regel\neinde.txt", text_file("regeleinde"), DOCUMENT),
    Hostile("passwd.txt", link_to("/etc/passwd"), frozenset({"outside"})),
    Hostile("elders", link_to(outside_folder), frozenset({"outside"})),
    Hostile("nergens.txt", link_to("bestaat-niet.txt"), frozenset({"broken_link"})),
    Hostile("lus.txt", link_to("lus.txt"), frozenset({"link_loop"})),
    Hostile("map/omhoog", link_to(".."), frozenset({"link_loop"})),
    Hostile("pijp.txt", fifo, frozenset({"unsupported"})),
    Hostile("haakjes.txt", text_file("haakjes", "Een teken " + "(" * 20_000 + " erin."), DOCUMENT),
    Hostile(
        "lange-zin.txt", text_file("lang", "De zorgaanbieder levert " + "woord " * 2_400 + "in."), DOCUMENT
    ),
]


def tables(out: Path, doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in COMPARED:
        frame = read_table(out, name)
        frame = frame[frame.doc_id.isin(doc_ids)]
        keys = [c for c in ("doc_id", "section_id", "sentence_id", "start", "text") if c in frame.columns]
        frames[name] = frame.sort_values(keys).reset_index(drop=True)
    return frames


@pytest.fixture(scope="module")
def good_alone(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    base = tmp_path_factory.mktemp("good")
    (base / "raw").mkdir()
    shutil.copy(GOOD, base / "raw" / GOOD.name)
    run(base / "raw", base / "out", blank_options(), progress=False, compare=False)
    return tables(base / "out", set(read_table(base / "out", "documents").doc_id))


def hostile_run(tmp_path: Path, case: Hostile) -> tuple[Path, RunReport]:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / GOOD.name)
    case.build(raw / case.name)
    report = run(raw, tmp_path / "out", blank_options(**case.options), progress=False, compare=False)
    return tmp_path / "out", report


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: re.sub(r"\W", "_", c.stored_name))
def test_hostile_input_ends_as_promised_and_the_good_document_is_complete(
    tmp_path: Path, case: Hostile, good_alone: dict[str, pd.DataFrame]
) -> None:
    out, report = hostile_run(tmp_path, case)
    errors = read_table(out, "errors")
    documents = read_table(out, "documents")
    if case.outcome == DOCUMENT:
        assert errors.empty, errors.to_dict("records")
        assert case.stored_name in set(documents.source_file)
        mine = read_table(out, "sentences")
        mine = mine[mine.doc_id == documents.set_index("source_file").doc_id[case.stored_name]]
        assert len(mine) >= 1 and mine.text.str.len().max() <= MAX_SENTENCE_CHARS
    else:
        assert errors[["source_file"]].values.ravel().tolist() == [case.stored_name], errors.to_dict(
            "records"
        )
        assert errors.kind[0] in case.outcome
        assert errors.message[0].startswith(case.stored_name)
        if errors.kind[0] == "internal" and "SIGABRT" in errors.message[0]:  # pdfium out of memory
            assert "runs out of memory: the limit is" in errors.message[0]
            assert "--doc-memory" in errors.message[0]
        assert "\n" not in errors.message[0]
        assert [e.source_file for e in report.errors] == [case.stored_name]
    good = tables(out, set(good_alone["documents"].doc_id))
    for name, frame in good_alone.items():
        # a column with nulls beside the good rows reads as float: compare values
        pd.testing.assert_frame_equal(good[name], frame, obj=name, check_dtype=False)


def test_hostile_names_are_stored_visibly_escaped() -> None:
    assert display_name(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert display_name("regel\neinde\t.txt") == "regel\\x0aeinde\\x09.txt"
    assert display_name("map/één.pdf") == "map/één.pdf"


def test_hostile_long_sentence_is_cut_into_pieces_that_cover_it(tmp_path: Path) -> None:
    case = next(c for c in HOSTILE if c.name == "lange-zin.txt")
    out, _ = hostile_run(tmp_path, case)
    docs = read_table(out, "documents").set_index("source_file")
    sentences = read_table(out, "sentences")
    mine = sentences[sentences.doc_id == docs.doc_id["lange-zin.txt"]]
    long_pieces = mine[mine.text.str.contains("woord woord")]
    assert len(long_pieces) == 3
    assert "".join(long_pieces.text).replace(" ", "") == (
        "De zorgaanbieder levert " + "woord " * 2_400 + "in."
    ).replace(" ", "")


# --- files that vanish or cannot be read -------------------------------------------------------------


def test_hostile_file_vanishing_before_it_is_hashed_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / GOOD.name)
    text_file("weg")(raw / "weg.txt")
    real_scan = run_module.scan_inputs

    def scan_then_delete(folder: Path):  # noqa: ANN202 - the scan of the real module
        scan = real_scan(folder)
        (raw / "weg.txt").unlink()
        return scan

    monkeypatch.setattr(run_module, "scan_inputs", scan_then_delete)
    report = run(raw, tmp_path / "out", blank_options(), progress=False, compare=False)
    assert [(e.source_file, e.kind) for e in report.errors] == [("weg.txt", "unreadable")]
    assert "vanished" in report.errors[0].message
    assert report.processed == [GOOD.name]


def test_hostile_file_vanishing_before_it_is_read_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / GOOD.name)
    text_file("weg")(raw / "weg.txt")
    real_plan = run_module.plan

    def plan_then_delete(*args: object):  # noqa: ANN202 - the plan of the real module
        planned = real_plan(*args)  # type: ignore[arg-type]
        (raw / "weg.txt").unlink()
        return planned

    monkeypatch.setattr(run_module, "plan", plan_then_delete)
    report = run(raw, tmp_path / "out", blank_options(), progress=False, compare=False)
    assert [(e.source_file, e.kind) for e in report.errors] == [("weg.txt", "unreadable")]
    assert report.processed == [GOOD.name]


def without_read_override() -> list[str]:
    """A command prefix under which root cannot read what its permissions forbid ([] when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop the read override")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")
    return prefix


def pipeline_command(*args: str) -> list[str]:
    return [*without_read_override(), sys.executable, "-m", "pipeline", *args]


def test_hostile_unreadable_file_and_folder_are_rows_and_the_rest_comes_out(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "geheim").mkdir(parents=True)
    shutil.copy(GOOD, raw / GOOD.name)
    text_file("dicht")(raw / "dicht.txt")
    text_file("geheim")(raw / "geheim" / "binnen.txt")
    (raw / "dicht.txt").chmod(0)
    (raw / "geheim").chmod(0)
    try:
        args = ["run", "--raw", str(raw), "--out", str(out), "--no-progress", "--no-compare", "--model", ""]
        result = subprocess.run(
            pipeline_command(*args), cwd=ROOT, capture_output=True, text=True, timeout=GUARD_SECONDS
        )
    finally:
        (raw / "geheim").chmod(0o755)
        (raw / "dicht.txt").chmod(0o644)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = read_table(out, "errors").set_index("source_file")
    assert errors.kind.to_dict() == {"dicht.txt": "unreadable", "geheim/": "unreadable"}
    assert read_table(out, "documents").source_file.tolist() == [GOOD.name]


# --- the error kinds and the README ------------------------------------------------------------------


def readme_bad_input_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("### Bad input", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def test_hostile_every_error_kind_is_in_the_readme_and_no_other() -> None:
    section = readme_bad_input_section()
    listed = set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE))
    assert listed == set(ERROR_KINDS)


def test_hostile_limits_do_not_change_the_fingerprint() -> None:
    base = Options()
    assert (
        Options(doc_timeout=5, doc_memory=100, doc_timeout_base=1, doc_timeout_per_mb=2).fingerprint
        == base.fingerprint
    )
    # the model is keyed by what would run (run.cache_key, nlp.identity.model_identity), not by its name
    assert Options(nlp_model="ander").fingerprint == base.fingerprint


@pytest.mark.parametrize(
    ("options", "size", "seconds"),
    [
        ({}, 0, 120.0),
        ({}, 1 << 20, 180.0),
        ({"doc_timeout_base": 10, "doc_timeout_per_mb": 1}, 5 << 20, 15.0),
        ({"doc_timeout": 7}, 50 << 20, 7.0),
    ],
)
def test_hostile_time_limit_scales_with_the_size_unless_given(
    options: dict, size: int, seconds: float
) -> None:
    assert Options(**options).timeout_for(size) == pytest.approx(seconds)


@pytest.mark.parametrize("field_name", ["doc_timeout", "doc_memory", "jobs"])
def test_hostile_negative_limits_are_refused(field_name: str) -> None:
    with pytest.raises(ValueError, match=field_name):
        Options(**{field_name: -1})
