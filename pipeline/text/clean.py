"""Pure text repairs shared by every reader: each is a function from text to text.

Layout damage that PDF and web exports leave behind: ligatures, `(cid:NN)`
leftovers, soft hyphens, bullet glyphs, markdown links and emphasis, and
hyphenation at line ends. Every function is idempotent (tests/test_clean.py).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.vocab import KEPT_HYPHEN_PREFIXES

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE_RE = re.compile("|".join(LIGATURES))
_CID_RE = re.compile(r"\(cid:\d+\)")
# U+FFFD is what an icon from a missing symbol font leaves behind: it carries no text.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\ufeff\u2060\ufffd]")
# Bullet glyphs seen in PDF and web exports, incl. private-use symbol-font glyphs and the
# replacement character that a missing symbol font leaves behind.
BULLET_CHARS = "•●▪■◦○◆◇►▶➢➤✓✔✗√·*\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8"
_BULLET_RE = re.compile(rf"^\s*(?:[-–—]\s+)?[{re.escape(BULLET_CHARS)}]+\s*|^\s*[-–—]\s+(?=\S)")
# Markdown patterns scan bounded spans that stop at the next delimiter: with `[^\]]*` a line of
# 30 KB of `[](` took 99 s (every `[` scanned to the end of the line), now it is linear.
MAX_LINK_TEXT = 500
MAX_LINK_TARGET = 2000
MAX_EMPHASIS = 500
_MD_LINK_RE = re.compile(rf"!?\[([^\[\]\n]{{0,{MAX_LINK_TEXT}}})\]\([^()\[\]\n]{{0,{MAX_LINK_TARGET}}}\)")
_MD_EMPHASIS_RE = re.compile(
    rf"\*\*(?=\S)((?:[^*\n]|\*(?!\*)){{1,{MAX_EMPHASIS}}}?)(?<=\S)\*\*"  # **bold**, no ** inside
    rf"|__(?=\S)((?:[^_\n]|_(?!_)){{1,{MAX_EMPHASIS}}}?)(?<=\S)__"  # __bold__
    rf"|(?<![\w*])\*(?=\S)([^*\n]{{1,{MAX_EMPHASIS}}}?)(?<=\S)\*(?![\w*])"  # *italic*
)
# only the opening: `(.*?)\s*#*\s*$` after it was quadratic on a long run of spaces or `#`;
# law exports write `##Titel` without the space
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?!#)\s*")
_SPACES_RE = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f]+")


def fix_ligatures(text: str) -> str:
    return _LIGATURE_RE.sub(lambda m: LIGATURES[m.group(0)], text)


def remove_invisible(text: str) -> str:
    return _CID_RE.sub("", _INVISIBLE_RE.sub("", text))


def strip_bullet(text: str) -> tuple[str, bool]:
    """Remove a leading bullet glyph; return the text and whether there was one."""
    stripped = _BULLET_RE.sub("", text, count=1)
    return stripped, stripped != text


def strip_markdown(text: str) -> str:
    """Reduce markdown links and emphasis to their text (`[tekst](url)` is `tekst`)."""
    text = _MD_LINK_RE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis such as ***x***
        text = _MD_EMPHASIS_RE.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", text)
    return text


def markdown_heading(text: str) -> tuple[int, str] | None:
    """`## Titel` is (2, "Titel"), and so is `##Titel` (exports of laws leave out the space); an empty
    heading (`## `) is (2, ""); other text is None."""
    m = _MD_HEADING_RE.match(text)
    if not m:
        return None
    title = text[m.end() :].rstrip()
    unclosed = title.rstrip("#")
    if unclosed != title and (not unclosed or unclosed[-1].isspace()):  # closing #s (`## Titel ##`)
        title = unclosed.rstrip()
    return len(m.group(1)), title


def normalise_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def clean_line(text: str) -> str:
    """All character-level repairs of one line (no bullet or heading handling)."""
    text = unicodedata.normalize("NFC", text)
    return normalise_spaces(strip_markdown(remove_invisible(fix_ligatures(text))))


def keeps_hyphen(left: str, right: str) -> bool:
    """True when a line-end hyphen between `left` and `right` is a real Dutch hyphen.

    `huisartsen-` + `en ziekenhuiszorg` (elided compound), `niet-` + `gecontracteerde`
    (prefix that keeps its hyphen), `MSZ-` + `zorg` (abbreviation), `2024-` + `2026`.
    """
    next_word = right.split(" ", 1)[0].lower().strip(",.;:")
    if next_word in {"en", "of", "t/m", "tot"}:
        return True
    if not right[:1].isalpha() or right[:1].isupper():
        return True
    last_word = re.split(r"[\s/(]", left)[-1]
    if last_word.lower() in KEPT_HYPHEN_PREFIXES:
        return True
    return len(last_word) > 1 and (last_word.isupper() or any(ch.isdigit() for ch in last_word))


def join_wrapped(left: str, right: str) -> str:
    """Join two wrapped lines of one paragraph, undoing end-of-line hyphenation."""
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) > 1 and left[-2].isdigit() and right[:1].isdigit():
        return left + right  # a number range broken at its dash: 2024-|2026
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        word_before = left[:-1]
        if keeps_hyphen(word_before, right):
            if right.split(" ", 1)[0].lower() in {"en", "of", "t/m", "tot"}:
                return f"{left} {right}"
            return left + right
        return word_before + right
    return f"{left} {right}"


_WHITESPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w]+")


def normalise(text: str, *, words_only: bool = False, fold_accents: bool = False) -> str:
    """The one matching key of the package: lower case on one line, curly apostrophes made straight.

    words_only: every run of characters that are not letters or digits is one space (titles and
        vocabulary phrases compared word by word: `Medisch- specialistische zorg`).
    fold_accents: diacritics removed (`coöperatie` = `cooperatie`), for texts typed inconsistently.
    """
    key = text.replace("’", "'").lower()
    if fold_accents:
        key = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    return (_NON_WORD_RE if words_only else _WHITESPACE_RE).sub(" ", key).strip()
