"""The whole run over raw/: every CONTRACT table, typed by the schema, with stable ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from helpers import blank_options

from pipeline.schema import TABLES
from pipeline.store.parquet import read_table
from tests.conftest import RAW


@pytest.mark.parametrize("table", sorted(TABLES))
def test_end_to_end_table_reads_with_its_schema(raw_run, table: str) -> None:
    out, _ = raw_run
    path = out / f"{table}.parquet"
    frame = pd.read_parquet(path)  # what an analyst does (CONTRACT.md)
    assert set(TABLES[table].column_names) <= set(frame.columns)
    assert ds.dataset(path, format="parquet").schema.equals(TABLES[table].schema, check_metadata=False)


def test_end_to_end_every_raw_document_comes_out(raw_run) -> None:
    out, report = raw_run
    docs = read_table(out, "documents")
    assert sorted(docs.source_file) == sorted(p.name for p in RAW.glob("*.txt"))
    assert not report.errors
    assert read_table(out, "errors").empty


def test_end_to_end_doc_id_is_the_content_hash(raw_run) -> None:
    out, _ = raw_run
    for row in read_table(out, "documents").itertuples():
        assert row.doc_id == hashlib.sha256((RAW / row.source_file).read_bytes()).hexdigest()[:16]


def test_end_to_end_metadata_of_the_raw_documents(raw_run) -> None:
    out, _ = raw_run
    docs = read_table(out, "documents")
    assert docs.insurer.notna().all() and docs.care_domain.notna().all() and docs.policy_year.notna().all()
    assert set(docs.insurer) <= {"VGZ", "CZ", "Zorg en Zekerheid"}
    assert (docs.policy_year_end >= docs.policy_year).all()
    assert docs.nlp_model.notna().all()


def test_end_to_end_ids_link_up(raw_run) -> None:
    out, _ = raw_run
    sections, sentences = read_table(out, "sections"), read_table(out, "sentences")
    assert sections.section_id.is_unique and sentences.sentence_id.is_unique
    assert set(sections.parent_id.dropna()) <= set(sections.section_id)
    assert set(sentences.section_id.dropna()) <= set(sections.section_id)
    for name in ("dates", "amounts", "percentages", "obligations"):
        assert set(read_table(out, name).sentence_id) <= set(sentences.sentence_id), name


def test_end_to_end_spans_match_their_sentences(raw_run) -> None:
    out, _ = raw_run
    text_of = read_table(out, "sentences").set_index("sentence_id").text
    for name in ("dates", "amounts", "percentages"):
        for row in read_table(out, name).itertuples():
            assert text_of[row.sentence_id][row.start : row.end] == row.text, (name, row)


def test_end_to_end_numbers_are_found(raw_run) -> None:
    out, _ = raw_run
    amounts = read_table(out, "amounts")
    assert 250000.0 in set(amounts.value) and set(amounts.currency) == {"EUR"}
    dates = read_table(out, "dates")
    assert set(dates.qualifier) <= {"deadline", "start", "end", "mention"}
    assert {"deadline", "start", "end"} <= set(dates.qualifier)
    assert set(dates.granularity) <= {"day", "month", "quarter"}


def test_end_to_end_no_footer_or_toc_line_is_a_heading(raw_run) -> None:
    out, _ = raw_run
    titles = read_table(out, "sections").title
    assert not titles.str.contains(r" \| ").any()
    assert not titles.str.fullmatch(r"\d+").any()


def test_end_to_end_obligations_say_what_is_asked_and_skip_contents_lines(raw_run) -> None:
    out, _ = raw_run
    obligations = read_table(out, "obligations")
    kinds = read_table(out, "sentences").set_index("sentence_id").kind
    kind = obligations.sentence_id.map(kinds)
    assert obligations.action.notna().mean() >= 0.9
    assert not (kind == "toc").any()
    assert (obligations.trigger[kind == "heading"] != "").all()


def test_end_to_end_second_run_reuses_everything(raw_run, tmp_path: Path) -> None:
    from pipeline.corpus.run import run

    out, _ = raw_run
    report = run(out.parent / "raw", out, blank_options(jobs=1), progress=False)
    assert report.processed == [] and len(report.reused) == len(list(RAW.glob("*.txt")))
