"""Fuzzing the text readers and segmentation: no exception escapes, every span maps back.

Extractor properties (spans inside their sentence) are in tests/test_extract_properties.py.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.document import process_document
from pipeline.errors import DocumentError
from pipeline.ingest.model import ParsedDocument
from pipeline.ingest.text import label_lines
from pipeline.settings import Options
from pipeline.structure import segment

POLICY_WORDS = [
    "Inkoopbeleid",
    "zorg",
    "2026",
    "1 april",
    "uiterlijk",
    "€ 250.000,-",
    "25%",
    "1.2",
    "Bijlage 1",
    "•",
    "\t",
    "|",
    "-",
    "moet",
    "u",
    "ZBC's",
    "m.u.v.",
    ".",
    ":",
    "?",
    "Inhoud",
    "3",
    "(cid:12)",
    "ﬁ",
]
LINE = st.lists(st.sampled_from(POLICY_WORDS) | st.text(max_size=12), max_size=12).map(" ".join)
LINES = st.lists(LINE | st.just(""), max_size=40)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(LINES)
def test_fuzz_readers_segmentation_never_raises_and_spans_map_back(lines: list[str]) -> None:
    doc = ParsedDocument("f.txt", Path("f.txt"), "txt", label_lines(lines))
    seg = segment(doc, "f")
    for s in seg.sentences:
        assert seg.text[s.start : s.end] == s.text and s.text
    ids = {s.section_id for s in seg.sections}
    assert all(s.section_id is None or s.section_id in ids for s in seg.sentences)
    assert all(s.parent_id is None or s.parent_id in ids for s in seg.sections)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(LINES)
def test_fuzz_whole_document_gives_tables_or_a_document_error(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "beleid.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = process_document(path, path.name, Options(jobs=1))
    except DocumentError as e:
        assert e.kind in {"empty", "language", "encoding"} and "beleid.txt" in e.message
        return
    sentences = result.tables["sentences"].set_index("sentence_id").text
    for name in ("dates", "amounts", "percentages"):
        for row in result.tables[name].itertuples():
            assert sentences[row.sentence_id][row.start : row.end] == row.text
