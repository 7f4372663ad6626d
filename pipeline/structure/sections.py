"""Heading blocks to a section tree: levels, numbers, parents.

Levels, in order of evidence:
1. the reader's level (html `h1..h6`, markdown `#`, PDF typography);
2. the number's depth (`2.2.1` is level 3);
3. appendix labels (`Bijlage 1`): one below a `Bijlagen` heading, else 1;
4. headings listed in the table of contents: 1 before the first numbered chapter,
   else one below the numbered chapter they follow; in a flat, unnumbered TOC a
   heading that is directly followed by another listed heading opens a chapter
   (level 1) and the listed headings after it are level 2 until the next one;
5. any other heading is one level below the nearest preceding heading of rule
   2-4 (an "anchor"), or one below the heading it directly follows; 1 when there
   is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.structure.blocks import APPENDIX_RE, Block
from pipeline.structure.model import Section

_NORM_RE = re.compile(r"[^\w]+")


def norm_title(text: str) -> str:
    return _NORM_RE.sub(" ", text.lower()).strip()


@dataclass
class HeadingInfo:
    block: Block
    in_toc: bool
    followed_by_heading: bool


def toc_titles(blocks: list[Block]) -> list[str]:
    """Normalised titles of the TOC entries (page numbers and numbering dropped)."""
    titles = []
    for b in blocks:
        if b.kind != "toc":
            continue
        text = b.cells[0] if b.cells else b.text
        text = re.sub(r"[\s.…]*\d{1,3}$", "", text)
        text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+", "", text)
        titles.append(norm_title(text))
    return [t for t in titles if t]


def heading_infos(blocks: list[Block]) -> list[HeadingInfo]:
    listed = set(toc_titles(blocks))
    infos = []
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        infos.append(HeadingInfo(b, norm_title(b.text) in listed,
                                 nxt is not None and nxt.kind == "heading"))
    return infos


def assign_levels(infos: list[HeadingInfo]) -> list[int]:
    """The level of every heading, by the rules in the module docstring."""
    levels: list[int] = []
    anchor_level: int | None = None
    seen_number = False
    flat_toc_chapter_open = False
    has_numbers = any(h.block.number for h in infos)
    appendix_parent: int | None = None
    prev_was_heading = False
    for k, h in enumerate(infos):
        b = h.block
        level, is_anchor = heading_level(h, anchor_level, seen_number, has_numbers, appendix_parent,
                                         flat_toc_chapter_open)
        if is_anchor and not b.number and has_numbers is False and h.in_toc:
            flat_toc_chapter_open = level == 1 and h.followed_by_heading or (flat_toc_chapter_open and level == 2)
        if not is_anchor and prev_was_heading and levels and k > 0 and not infos[k - 1].block.number \
                and not infos[k - 1].in_toc and infos[k - 1].block.heading_level is None:
            level = max(level, levels[-1] + 1)
        if b.number:
            seen_number = True
        if norm_title(b.text) in {"bijlagen", "bijlage"} and not b.number:
            appendix_parent = level
        if is_anchor:
            anchor_level = level
        levels.append(min(level, 9))
        prev_was_heading = h.followed_by_heading
    return levels


def heading_level(h: HeadingInfo, anchor_level: int | None, seen_number: bool, has_numbers: bool,
                  appendix_parent: int | None, flat_toc_chapter_open: bool) -> tuple[int, bool]:
    """(level, whether this heading anchors the unnumbered headings after it)."""
    b = h.block
    if b.heading_level is not None:
        return b.heading_level, True
    if b.number:
        return b.number.count(".") + 1, True
    if APPENDIX_RE.match(b.text) and norm_title(b.text) not in {"bijlagen", "bijlage"}:
        return (appendix_parent + 1 if appendix_parent is not None else 1), True
    if norm_title(b.text) in {"bijlagen", "bijlage"}:
        return 1, True
    if h.in_toc:
        if has_numbers:
            return (anchor_level + 1 if seen_number and anchor_level else 1), True
        if h.followed_by_heading:
            return 1, True
        return (2 if flat_toc_chapter_open else 1), True
    return (anchor_level + 1 if anchor_level else 1), False


def build_sections(doc_id: str, blocks: list[Block]) -> tuple[list[Section], dict[int, str]]:
    """The section tree, and for each heading block's index in `blocks` its section_id."""
    infos = heading_infos(blocks)
    levels = assign_levels(infos)
    sections: list[Section] = []
    ids: dict[int, str] = {}
    stack: list[Section] = []
    block_index = {id(b): i for i, b in enumerate(blocks)}
    for order, (h, level) in enumerate(zip(infos, levels, strict=True)):
        while stack and stack[-1].level >= level:
            stack.pop()
        section = Section(section_id=f"{doc_id}-s{order:04d}", parent_id=stack[-1].section_id if stack else None,
                          level=level, number=h.block.number, title=h.block.text, page=h.block.page, order=order)
        sections.append(section)
        stack.append(section)
        ids[block_index[id(h.block)]] = section.section_id
    return sections, ids
