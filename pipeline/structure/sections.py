"""Heading blocks to a section tree: levels, numbers, parents.

Levels, in order of evidence:
0. a legal instrument's unit label (Deel > Boek > Titel > Hoofdstuk > Afdeling > § >
   Artikel, `structure_labels` in domain.yaml): one below the nearest open heading of a
   larger unit, or below the unlabelled heading that holds the units (`Artikelsgewijze
   toelichting`), in markdown, html and plain text alike; a reader's level only closes
   unlabelled headings at or below it. Inside a legal instrument, a part such as
   `Toelichting` is a level-1 heading;
1. the reader's level (html `h1..h6`, markdown `#`, PDF typography), but at least one below
   the heading numbered as the number's parent (`1.1` under `1`);
2. the number's depth (`2.2.1` is level 3);
3. appendix labels (`Bijlage 1`): one below a `Bijlagen` heading, else 1;
4. headings listed in the table of contents: 1 before the first numbered chapter,
   else one below the numbered chapter they follow; in a flat, unnumbered TOC a
   heading that is directly followed by another listed heading opens a chapter
   (level 1) and the listed headings after it are level 2 until the next one;
5. under an anchor, a heading whose own text ends in a lead-in colon ("Hierbij
   geldt de volgende fasering:") right before the next heading opens a run of
   children that lasts until the next anchor; a heading in the run with a lead-in
   of its own is the opener's sibling and opens the next run;
6. any other heading is one level below the nearest preceding heading of rule
   2-4 (an "anchor"), or one below the heading it directly follows; 1 when there
   is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model import Section
from pipeline.structure.blocks import APPENDIX_RE, Block, norm_title, toc_entry_title, toc_title
from pipeline.vocab import DOCUMENT_PART_TITLES, STRUCTURE_LABELS


@dataclass
class HeadingInfo:
    block: Block
    in_toc: bool
    followed_by_heading: bool
    toc_level: int | None = None
    lead_in: bool = False  # its own text ends in a colon that the next heading answers


def heading_infos(blocks: list[Block]) -> list[HeadingInfo]:
    toc_levels: dict[str, int | None] = {}
    for b in blocks:
        if b.kind == "toc":
            toc_levels.setdefault(toc_entry_title(b), b.heading_level)
    infos = []
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        title = toc_key(b, toc_levels)
        followed = nxt is not None and nxt.kind == "heading"
        lead_in = ends_in_lead_in(blocks, i)
        infos.append(HeadingInfo(b, title in toc_levels, followed, toc_levels.get(title), lead_in))
    return infos


def toc_key(b: Block, toc_levels: dict[str, int | None]) -> str:
    """The heading's key in the table of contents: its title, or its text as printed (`Hoofdstuk 1
    Definities` is listed with its label)."""
    title = norm_title(b.text)
    if title not in toc_levels and b.printed:
        printed = toc_title(b.printed)
        return printed if printed in toc_levels else title
    return title


BODY_KINDS = ("paragraph", "list_item")


def ends_in_lead_in(blocks: list[Block], i: int) -> bool:
    """Whether heading `i`'s text ends in a colon with the next heading straight after it."""
    last = None
    for b in blocks[i + 1 :]:
        if b.kind == "heading":
            return last is not None and last.kind in BODY_KINDS and last.text.rstrip().endswith(":")
        last = b
    return False


def assign_levels(infos: list[HeadingInfo]) -> list[int]:
    """The level of every heading, by the rules in the module docstring."""
    levels: list[int] = []
    state = LevelState()
    for k, h in enumerate(infos):
        level, is_anchor = heading_level(h, state)
        previous = infos[k - 1] if k else None
        # before any anchor nothing would end the run
        announces = not is_anchor and h.lead_in and state.anchor_level is not None
        if not is_anchor and state.run_opener is not None:
            opener_level = state.run_opener
            level = opener_level if h.lead_in else opener_level + 1
        elif (
            not is_anchor
            and previous is not None
            and previous.followed_by_heading
            and not is_anchor_info(previous)
        ):
            # an unnumbered heading right under another one is its child, one step at most
            level = min(levels[-1] + 1, (state.anchor_level or 0) + 2)
        update_state(state, h, level, is_anchor)
        update_run(state, level, is_anchor, announces)
        open_heading(state, h.block, level)
        levels.append(min(level, MAX_LEVEL))
    return levels


@dataclass
class OpenHeading:
    """A heading whose section is still open: its unit rank (None when unlabelled) and levels."""

    rank: int | None
    level: int
    reader_level: int | None


def open_heading(state: LevelState, b: Block, level: int) -> None:
    """Close the open headings at or below `level` and open this one."""
    while state.open_headings and state.open_headings[-1].level >= level:
        state.open_headings.pop()
    rank = STRUCTURE_LABELS[b.label] if b.label else None
    state.open_headings.append(OpenHeading(rank, level, b.heading_level))


def labelled_level(b: Block, state: LevelState) -> int:
    """The level of a legal unit's heading: one below the nearest open heading of a larger unit, or
    below the unlabelled heading that holds it. Unlabelled headings inside a unit (sub-headings of an
    article) close with it, and a reader's level closes unlabelled headings at or below it."""
    rank = STRUCTURE_LABELS[b.label or ""]
    stack = state.open_headings
    while stack:
        top = stack[-1]
        if top.rank is None:
            inside_unit = any(e.rank is not None for e in stack[:-1])
            closed_by_reader = (
                b.heading_level is not None
                and top.reader_level is not None
                and top.reader_level >= b.heading_level
            )
            if inside_unit or closed_by_reader:
                stack.pop()
                continue
            break
        if top.rank >= rank:
            stack.pop()
            continue
        break
    return stack[-1].level + 1 if stack else 1


def update_run(state: LevelState, level: int, is_anchor: bool, announces: bool) -> None:
    if is_anchor:
        state.run_opener = None
    elif announces:
        state.run_opener = level


APPENDIX_PARENTS = {"bijlagen", "bijlage"}
MAX_LEVEL = 9


@dataclass
class LevelState:
    anchor_level: int | None = None
    appendix_parent: int | None = None  # level of an unnumbered "Bijlagen" heading
    flat_chapter_open: bool = False  # a flat TOC's chapter that opened with a sub-heading
    spaced_level: int | None = None  # level of the last spaced shape-only heading under the anchor
    chapter: int | None = None  # the last chapter number (depth-1 numbering)
    local_list_level: int | None = None  # level of a numbered list of headings inside a section
    local_number: int = 0
    numbered_before_appendix: bool = False
    previous_level: int = 0
    run_opener: int | None = None  # level of a heading that announced the ones after it
    open_headings: list[OpenHeading] = field(default_factory=list)
    number_levels: dict[str, int] = field(default_factory=dict)  # number -> level of its last heading


def below_parent_number(number: str | None, state: LevelState) -> int:
    """One level below the heading numbered as this number's parent (`1.1` under `1`), else 0: an
    export that sets `1.` and `1.1.` at one depth still nests them."""
    if not number or "." not in number:
        return 0
    parent = state.number_levels.get(number.rsplit(".", 1)[0])
    return parent + 1 if parent is not None else 0


def update_state(state: LevelState, h: HeadingInfo, level: int, is_anchor: bool) -> None:
    state.previous_level = level
    number = h.block.number
    if number and not h.block.label:
        state.number_levels[number] = level
    if number and state.appendix_parent is None:
        state.numbered_before_appendix = True
    if number and number.isdigit() and not h.block.label and state.local_list_level is None:
        state.chapter = int(number)
    if norm_title(h.block.text) in APPENDIX_PARENTS and not number:
        state.appendix_parent = level
    if is_anchor:
        state.anchor_level = level
        state.spaced_level = None
    elif h.block.spaced:
        state.spaced_level = level
    if h.in_toc and h.toc_level is None and not h.block.number:
        state.flat_chapter_open = (level == 1 and h.followed_by_heading) or (
            state.flat_chapter_open and level == 2
        )


def is_anchor_info(h: HeadingInfo) -> bool:
    b = h.block
    return b.heading_level is not None or bool(b.number) or h.in_toc or bool(APPENDIX_RE.match(b.text))


def numbered_level(number: str, state: LevelState) -> int:
    """Depth of the numbering, nested under an appendix or a section where the numbers start anew."""
    depth = number.count(".") + 1
    if state.appendix_parent is not None and not state.numbered_before_appendix:
        return depth + state.appendix_parent  # appendices numbered 1, 2 under "Bijlagen"
    if depth == 1 and state.chapter is not None:
        n = int(number)
        continues_list = state.local_list_level is not None and n == state.local_number + 1
        if continues_list or (n != state.chapter + 1 and n == 1):
            # "1 ..., 2 ..., 3 ..." inside a chapter: a numbered list of sub-headings, not chapters
            if not continues_list:
                state.local_list_level = state.previous_level + 1
            state.local_number = n
            return state.local_list_level
    state.local_list_level = None
    return depth


def heading_level(h: HeadingInfo, state: LevelState) -> tuple[int, bool]:
    """(level, whether this heading anchors the unnumbered headings after it)."""
    b = h.block
    title = norm_title(b.text)
    if b.label:
        return labelled_level(b, state), True
    if b.heading_level is not None:
        return max(b.heading_level, below_parent_number(b.number, state)), True
    if title in DOCUMENT_PART_TITLES and any(e.rank is not None for e in state.open_headings):
        return 1, True
    if b.number:
        return numbered_level(b.number, state), True
    if title in APPENDIX_PARENTS:
        return 1, True
    if APPENDIX_RE.match(b.text):
        return (state.appendix_parent + 1 if state.appendix_parent is not None else 1), True
    if h.in_toc:
        if h.toc_level is not None:
            return h.toc_level, True
        if h.followed_by_heading:
            return 1, True
        return (2 if state.flat_chapter_open else 1), True
    if not b.spaced and state.spaced_level is not None:
        # in a text export a heading style keeps its spacing: a tight heading under a spaced one is its child
        return state.spaced_level + 1, False
    return (state.anchor_level + 1 if state.anchor_level else 1), False


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
        section = Section(
            section_id=f"{doc_id}-s{order:04d}",
            parent_id=stack[-1].section_id if stack else None,
            level=level,
            number=h.block.number,
            title=h.block.text,
            page=h.block.page,
            order=order,
        )
        sections.append(section)
        stack.append(section)
        ids[block_index[id(h.block)]] = section.section_id
    return sections, ids
