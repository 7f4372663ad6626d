"""One document through every stage: parse → segment → extract → table rows.

`process_document` is a pure function of the file's bytes and the options, so
its result can be cached by content hash (pipeline/run.py) and computed in any
worker process with the same outcome.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import __version__
from pipeline.analysis import analyse_document
from pipeline.extract.records import DateMention
from pipeline.ingest import read_document
from pipeline.ingest.model import ParsedDocument
from pipeline.schema import TABLES
from pipeline.settings import Options
from pipeline.structure import segment
from pipeline.structure.metadata import Metadata, find_metadata
from pipeline.structure.model import SegmentedDocument

DOC_ID_HEX = 16


@dataclass
class DocumentResult:
    doc_id: str
    source_file: str
    tables: dict[str, pd.DataFrame]
    summary: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def content_doc_id(path: Path) -> str:
    """The stable document id: a prefix of the SHA-256 of the file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:DOC_ID_HEX]


def process_document(
    path: Path, source_file: str, options: Options, doc_id: str | None = None
) -> DocumentResult:
    """All table rows of one document; raises DocumentError when it cannot be read."""
    doc_id = doc_id or content_doc_id(path)
    parsed = read_document(path, source_file, options.pdf_engine)
    meta = find_metadata(parsed)
    seg = segment(parsed, doc_id)
    tables = extract_tables(seg, meta, options)
    tables["documents"] = documents_frame(parsed, seg, meta, tables.pop("_nlp_info"))
    tables["sections"] = sections_frame(seg)
    tables["sentences"] = sentences_frame(seg)
    tables["footnotes"] = frame(
        "footnotes",
        [{"doc_id": doc_id, "page": f.page, "mark": f.mark, "text": f.text} for f in parsed.footnotes],
    )
    from pipeline.tables import derived_tables

    tables.update(derived_tables(seg, tables, meta))
    summary = {name: len(df) for name, df in tables.items() if name != "documents"}
    return DocumentResult(doc_id, source_file, tables, summary, list(parsed.warnings))


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a frame with exactly the table's columns (missing ones null)."""
    columns = TABLES[name].column_names
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns})


def extract_tables(seg: SegmentedDocument, meta: Metadata, options: Options) -> dict[str, pd.DataFrame]:
    found = analyse_document(seg, meta, options.nlp_model, options.batch_size)
    section_of = {s.sentence_id: s.section_id for s in seg.sentences}
    tables = {
        "dates": frame("dates", [date_row(seg.doc_id, d) for d in found.dates if d.value is not None]),
        "amounts": frame(
            "amounts", record_rows(seg.doc_id, found.amounts, ("value", "currency", "per_unit", "bound"))
        ),
        "percentages": frame("percentages", record_rows(seg.doc_id, found.percentages, ("value", "bound"))),
        "relative_deadlines": frame(
            "relative_deadlines",
            record_rows(seg.doc_id, found.relative_deadlines, ("number", "unit", "direction", "anchor")),
        ),
        "obligations": frame(
            "obligations",
            [
                dict(asdict(o), doc_id=seg.doc_id, section_id=section_of.get(o.sentence_id))
                for o in found.obligations
            ],
        ),
        "entities": frame("entities", [dict(asdict(e), doc_id=seg.doc_id) for e in found.entities]),
    }
    tables["_nlp_info"] = found.model
    return tables


def date_row(doc_id: str, d: DateMention) -> dict:
    return {
        "doc_id": doc_id,
        "sentence_id": d.sentence_id,
        "text": d.text,
        "value": d.value,
        "granularity": d.granularity,
        "qualifier": d.qualifier,
        "time": d.time,
        "year_inferred": not d.year_explicit,
        "start": d.start,
        "end": d.end,
    }


def record_rows(doc_id: str, records: list, fields: tuple[str, ...]) -> list[dict]:
    """Rows of span records (offsets into their sentence) with the chosen value fields."""
    rows = []
    for rec in records:
        values = asdict(rec)
        rows.append(
            {
                "doc_id": doc_id,
                "sentence_id": rec.sentence_id,
                "text": rec.text,
                "start": rec.start,
                "end": rec.end,
                **{k: values[k] for k in fields},
            }
        )
    return rows


def documents_frame(
    parsed: ParsedDocument, seg: SegmentedDocument, meta: Metadata, nlp_info: dict
) -> pd.DataFrame:
    return frame(
        "documents",
        [
            {
                "doc_id": seg.doc_id,
                "source_file": parsed.source_file,
                "insurer": meta.insurer,
                "care_domain": meta.care_domain,
                "policy_year": meta.policy_year,
                "policy_year_end": meta.policy_year_end or meta.policy_year,
                "title": meta.title,
                "updated": meta.updated,
                "series_id": series_id(meta),
                "format": parsed.format,
                "pages": parsed.page_count,
                "text_quality": parsed.text_quality,
                "n_sections": len(seg.sections),
                "n_sentences": len(seg.sentences),
                "nlp_model": nlp_info.get("name"),
                "nlp_model_version": nlp_info.get("version"),
                "pipeline_version": __version__,
                "warnings": " | ".join(parsed.warnings) or None,
            }
        ],
    )


def series_id(meta: Metadata) -> str | None:
    """Documents of one insurer and care domain form a series, ordered by policy year."""
    if not meta.insurer or not meta.care_domain:
        return None
    key = f"{meta.insurer.lower()}|{meta.care_domain.lower()}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def sections_frame(seg: SegmentedDocument) -> pd.DataFrame:
    return frame(
        "sections",
        [
            {
                "doc_id": seg.doc_id,
                "section_id": s.section_id,
                "parent_id": s.parent_id,
                "level": s.level,
                "number": s.number,
                "title": s.title,
                "page": s.page,
                "ordinal": s.order,
            }
            for s in seg.sections
        ],
    )


def sentences_frame(seg: SegmentedDocument) -> pd.DataFrame:
    return frame(
        "sentences",
        [
            {
                "doc_id": seg.doc_id,
                "sentence_id": s.sentence_id,
                "section_id": s.section_id,
                "text": s.text,
                "kind": s.kind,
                "page": s.page,
                "start": s.start,
                "end": s.end,
            }
            for s in seg.sentences
        ],
    )
