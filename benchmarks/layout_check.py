"""Do the text exports and the same documents laid out as PDFs give the same section tree?

Renders every `.txt` of a corpus as a two-column PDF with a running header and a page-number
footer (reportlab), headings set in a bold style per level, runs the pipeline over the PDFs,
and scores both runs with `eval/score.py`. Heading styles come from the gold file of each
document (this is a rendering of the *same* document in another layout, so the typesetter
knows its headings); the pipeline sees only the PDF.

usage: python benchmarks/layout_check.py [--corpus ../shared/corpus] [--gold ../shared/eval/gold]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.parquet as pq
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from pipeline.ingest.text import read_text
from pipeline.structure import segment
from pipeline.structure.blocks import build_blocks, norm_title

ROOT = Path(__file__).resolve().parents[1]
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=4)
HEADINGS = {
    1: ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=15, leading=18, spaceBefore=8, spaceAfter=6),
    2: ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=6, spaceAfter=4),
    3: ParagraphStyle(
        "h3", fontName="Helvetica-Bold", fontSize=10.5, leading=13, spaceBefore=5, spaceAfter=3
    ),
    4: ParagraphStyle("h4", fontName="Helvetica-Bold", fontSize=9, leading=11.5, spaceBefore=4, spaceAfter=2),
}


def gold_headings(gold_file: Path) -> dict[str, int]:
    levels: dict[str, int] = {}
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["type"] == "section":
            title = " ".join(filter(None, [item.get("number"), item["title"]]))
            levels.setdefault(norm_title(title), item["level"])
            levels.setdefault(norm_title(item["title"]), item["level"])
    return levels


def flowables(txt: Path, headings: dict[str, int] | None) -> list[Paragraph]:
    """Paragraphs of the text; headings styled by the gold levels, or by our own levels without gold."""
    doc = read_text(txt, txt.name)
    if headings is None:
        seg = segment(doc)
        headings = {norm_title(" ".join(filter(None, [s.number, s.title]))): s.level for s in seg.sections}
    out = []
    for block in build_blocks(doc.lines):
        text = " ".join(filter(None, [block.number, block.text])) if block.kind == "heading" else block.text
        level = headings.get(norm_title(text)) or headings.get(norm_title(block.text))
        style = HEADINGS[min(level, 4)] if level else BODY
        prefix = "• " if block.kind == "list_item" else ""
        out.append(Paragraph(prefix + escape(text), style))
    return out


def render(txt: Path, gold_file: Path | None, pdf: Path, title: str | None = None) -> int:
    """Lay `txt` out as a two-column PDF; return its page count."""
    title = title or re.sub(r"\s+", " ", txt.stem)

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(18 * mm, A4[1] - 12 * mm, f"Zorginkoopbeleid | {title}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    width = (A4[0] - 36 * mm - 8 * mm) / 2
    frames = [
        Frame(18 * mm, 18 * mm, width, A4[1] - 36 * mm, id="left"),
        Frame(18 * mm + width + 8 * mm, 18 * mm, width, A4[1] - 36 * mm, id="right"),
    ]
    doc = BaseDocTemplate(str(pdf), pagesize=A4, title=title)
    doc.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=furniture)])
    doc.build(flowables(txt, gold_headings(gold_file) if gold_file and gold_file.exists() else None))
    return doc.page


def pipeline_cmd(raw: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--raw",
        str(raw),
        "--out",
        str(out),
        "--no-progress",
        *extra,
    ]


def run_and_score(raw: Path, out: Path, gold: Path) -> dict:
    done = subprocess.run(
        pipeline_cmd(raw, out),  # the scorer reads the comparisons table
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if not (out / "documents.parquet").exists():
        raise SystemExit(f"the pipeline run over {raw} failed:\n{done.stderr[-2000:]}")
    docs_dir = out / "documents.parquet"
    for part in docs_dir.glob("*.parquet"):  # score the PDF under the text's name, schema kept
        table = pq.read_table(part)
        names = [re.sub(r"\.pdf$", ".txt", n) for n in table.column("source_file").to_pylist()]
        column = table.schema.get_field_index("source_file")
        pq.write_table(table.set_column(column, "source_file", pa.array(names, pa.string())), part)
    report = out / "score.json"
    subprocess.run(
        [
            sys.executable,
            str(gold.parent / "score.py"),
            "--pred",
            str(out),
            "--gold",
            str(gold),
            "--json",
            str(report),
        ]
        + [arg for p in raw.iterdir() for arg in ("--doc", p.name.replace(".pdf", ".txt"))],
        check=True,
    )
    return json.loads(report.read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "eval" / "gold")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "txt").mkdir()
        (base / "pdf").mkdir()
        for txt in sorted(args.corpus.glob("*.txt")):
            (base / "txt" / txt.name).write_bytes(txt.read_bytes())
            render(txt, args.gold / f"{txt.name}.jsonl", base / "pdf" / f"{txt.stem}.pdf")
        text_scores = run_and_score(base / "txt", base / "out_txt", args.gold)
        pdf_scores = run_and_score(base / "pdf", base / "out_pdf", args.gold)
    print("| document | sections F1 text | sections F1 PDF | levels text | levels PDF |")
    print("|---|---|---|---|---|")
    for name, t in text_scores["documents"].items():
        p = pdf_scores["documents"].get(name, {})
        ts, ps = t.get("sections", {}), p.get("sections", {})
        print(
            f"| {name} | {ts.get('f1', 0):.3f} | {ps.get('f1', 0):.3f} | {ts.get('level_acc', 0):.3f} | "
            f"{ps.get('level_acc', 0):.3f} |"
        )
    to, po = text_scores["overall"]["sections"], pdf_scores["overall"]["sections"]
    print(
        f"| **all** | {to['f1']:.3f} | {po['f1']:.3f} | {text_scores['overall']['section_level_acc']:.3f} | "
        f"{pdf_scores['overall']['section_level_acc']:.3f} |"
    )
    print("\n| table (F1) | text exports | laid out as PDFs |")
    print("|---|---|---|")
    tables = ("dates", "dates_q", "amounts", "percentages", "obligations", "steps", "requirements", "changes")
    for key in tables:
        t, p = text_scores["overall"].get(key, {}), pdf_scores["overall"].get(key, {})
        print(f"| {key} | {t.get('f1', 0):.3f} | {p.get('f1', 0):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
