"""Stage 2, segment: a parsed document to sections and sentences over one clean text."""

from __future__ import annotations

from dataclasses import replace

from pipeline.model import Document, Sentence
from pipeline.structure.blocks import Block, build_blocks
from pipeline.structure.sections import build_sections
from pipeline.structure.sentences import capped, split_spans

BLOCK_SEPARATOR = "\n\n"
SENTENCE_KIND = {
    "paragraph": "body",
    "list_item": "list_item",
    "table_row": "table_row",
    "toc": "toc",
    "heading": "heading",
    "footnote": "footnote",
}


def segment(doc: Document) -> Document:
    """Stage: the section tree and the sentences of the document's clean text."""
    doc_id = doc.doc_id
    blocks = build_blocks(doc.lines)
    sections, heading_ids = build_sections(doc_id, blocks)
    text_parts: list[str] = []
    sentences: list[Sentence] = []
    offset = 0
    section_id: str | None = None
    for i, block in enumerate(blocks):
        if i in heading_ids:
            section_id = heading_ids[i]
        for start, end in block_sentence_spans(block):
            sentences.append(
                Sentence(
                    sentence_id=f"{doc_id}-{len(sentences):05d}",
                    section_id=section_id,
                    text=block.text[start:end],
                    start=offset + start,
                    end=offset + end,
                    page=block.page,
                    kind=SENTENCE_KIND[block.kind],
                    cells=block.cells,
                )
            )
        text_parts.append(block.text)
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    return replace(doc, text=BLOCK_SEPARATOR.join(text_parts), sections=sections, sentences=sentences)


def block_sentence_spans(block: Block) -> list[tuple[int, int]]:
    """Headings, table rows and TOC lines are one sentence each; running text is split."""
    if block.kind in {"heading", "table_row", "toc"}:
        return list(capped(block.text, 0, len(block.text))) if block.text.strip() else []
    return list(split_spans(block.text))
