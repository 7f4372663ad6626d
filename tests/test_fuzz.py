"""Fuzzing the readers, the segmentation and whole documents (Hypothesis, derandomized).

Inputs are arbitrary text and "policy-shaped" lines built from the pieces real exports are made
of: numbered headings, bullets, tab-separated rows, TOC dot leaders, page numbers, running
headers, dates and amounts. The number extractors on their own are fuzzed in
tests/test_extract_properties.py; here they are checked only through whole documents, where
their offsets must point into the sentence they were found in.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import get_args

from helpers import blank_options, frames, text_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ERROR_KINDS, DocumentError
from pipeline.ingest import read_document
from pipeline.ingest.text import label_lines
from pipeline.model import Document, Line, LineKind
from pipeline.stages import process_document
from pipeline.structure import segment

FUZZ = settings(
    derandomize=True, deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
FUZZ_DOCUMENTS = settings(FUZZ, max_examples=25)
LINE_KINDS: tuple[str, ...] = get_args(LineKind)
PIECES = [
    "1.",
    "2.3",
    "4.1.2",
    "Bijlage",
    "Inleiding",
    "Zorginkoopbeleid 2026",
    "De zorgaanbieder",
    "moet",
    "mag niet",
    "uiterlijk",
    "1 april 2026",
    "€ 1.250,50",
    "15%",
    "o.a.",
    "m.u.v.",
    "bijv.",
    "art. 3",
    "Pagina 3 van 12",
    "7",
    "|",
    "•",
    "-",
    "\t",
    "........ 4",
    "  ",
    ".",
    "?",
    "Q1",
    "https://www.example.nl/beleid",
    "(",
    ")",
    "Ö",
    "ﬁ",
    "\u00ad",
    "\u200b",
]
POLICY_LINE = st.lists(st.sampled_from(PIECES), max_size=10).map(" ".join)
ANY_LINE = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n\r"), max_size=60)
LINES = st.lists(st.one_of(POLICY_LINE, ANY_LINE, st.just("")), max_size=40)
TYPED_LINES = st.lists(
    st.builds(
        Line,
        text=st.one_of(POLICY_LINE, ANY_LINE),
        page=st.one_of(st.none(), st.integers(1, 5)),
        kind=st.sampled_from(LINE_KINDS),
        heading_level=st.one_of(st.none(), st.integers(1, 6)),
        cells=st.one_of(st.none(), st.lists(POLICY_LINE, min_size=1, max_size=4)),
    ),
    max_size=30,
)


def parsed(lines: list[Line]) -> Document:
    return text_document(lines, "fuzz.txt", "fuzz")


def check_segmentation(doc: Document, clean_lines: bool = True) -> None:
    """Unique ids, a consistent section tree, and every sentence span maps back to the text.

    clean_lines: the lines come from a reader (text stripped), so no sentence may be blank.
    """
    seg = segment(doc)
    ids = [s.sentence_id for s in seg.sentences]
    assert len(ids) == len(set(ids))
    section_ids = {s.section_id for s in seg.sections}
    for section in seg.sections:
        assert section.parent_id is None or section.parent_id in section_ids
    for sentence in seg.sentences:
        assert seg.text[sentence.start : sentence.end] == sentence.text
        if clean_lines:
            assert sentence.text.strip() == sentence.text and sentence.text
        assert sentence.section_id is None or sentence.section_id in section_ids
    starts = [s.start for s in seg.sentences]
    assert starts == sorted(starts)


# --- readers ------------------------------------------------------------------------


@FUZZ
@given(raw_lines=LINES, markdown=st.booleans())
def test_fuzz_label_lines_labels_every_line(raw_lines: list[str], markdown: bool) -> None:
    lines = label_lines(raw_lines, markdown=markdown)
    assert len(lines) == len(raw_lines)
    for line in lines:
        assert line.kind in LINE_KINDS
        assert line.kind != "blank" or line.text == ""
        assert line.kind != "table_row" or line.cells is None or len(line.cells) >= 2


@FUZZ
@given(text=st.text(max_size=400))
def test_fuzz_label_lines_over_arbitrary_text(text: str) -> None:
    raw_lines = text.split("\n")
    assert len(label_lines(raw_lines)) == len(raw_lines)


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".html", ".pdf"]))
def test_fuzz_readers_raise_only_document_errors_on_random_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except DocumentError as e:
            assert e.kind in ERROR_KINDS and "fuzz" in e.message
        else:
            assert any(ln.text for ln in doc.lines)


# --- segmentation -------------------------------------------------------------------


@FUZZ
@given(raw_lines=LINES, markdown=st.booleans())
def test_fuzz_segment_labelled_lines_spans_map_back(raw_lines: list[str], markdown: bool) -> None:
    check_segmentation(parsed(label_lines(raw_lines, markdown=markdown)))


@FUZZ
@given(lines=TYPED_LINES)
def test_fuzz_segment_any_typed_lines_spans_map_back(lines: list[Line]) -> None:
    check_segmentation(parsed(lines), clean_lines=False)


@FUZZ
@given(lines=TYPED_LINES)
def test_fuzz_segment_reader_clean_typed_lines_give_no_blank_sentences(lines: list[Line]) -> None:
    for line in lines:  # readers hand over stripped text (pipeline/text/clean.py)
        line.text = line.text.strip()
        line.cells = [c.strip() for c in line.cells if c.strip()] if line.cells else None
    check_segmentation(parsed(lines))


# --- whole documents ----------------------------------------------------------------


@FUZZ_DOCUMENTS
@given(raw_lines=st.lists(POLICY_LINE, min_size=1, max_size=40), suffix=st.sampled_from([".txt", ".md"]))
def test_fuzz_process_document_rows_point_into_their_sentences(raw_lines: list[str], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_text("\n".join(raw_lines), encoding="utf-8")
        try:
            result = process_document(path, path.name, blank_options(jobs=1))
        except DocumentError as e:
            assert e.kind in ERROR_KINDS
            return
    tables = frames(result)
    assert tables["documents"].source_file.tolist() == [path.name]
    sentences = tables["sentences"].set_index("sentence_id").text
    assert set(tables["sentences"].section_id.dropna()) <= set(tables["sections"].section_id)
    for name in ("dates", "amounts", "percentages"):
        for row in tables[name].itertuples():
            assert sentences[row.sentence_id][row.start : row.end] == row.text, name
    for row in tables["obligations"].itertuples():
        assert sentences[row.sentence_id] == row.sentence


@FUZZ_DOCUMENTS
@given(text=st.text(max_size=300))
def test_fuzz_process_document_arbitrary_text_fails_only_with_document_errors(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            result = process_document(path, path.name, blank_options(jobs=1))
        except DocumentError as e:
            assert e.kind in ERROR_KINDS
            return
    tables = frames(result)
    assert len(tables["documents"]) == 1
    for row in tables["sentences"].itertuples():
        assert row.text and row.text == row.text.strip()
