"""Stage: one batched spaCy pass over a document's sentences.

The Docs (one per sentence, in order) go into `Document.annotations` for the extractors that
read tokens, entities and rule hits (obligations, entities); `Document.model` records which
pipeline ran. Number extractors read the sentence text and need no Doc.

A run of more than `MAX_TOKEN_CHARS` characters without white space (a hostile or broken
text) does not go through spaCy's tokenizer: its prefix and suffix search is quadratic in a
token's length (5,000 opening brackets take 9 s, 20,000 over two minutes). The run is cut
into tokens of that length and the rest of the sentence tokenized as usual; the Doc's text
is the sentence unchanged, so every offset stays valid. Sentences themselves are capped
(structure/sentences.py), so no text reaches spaCy's `max_length`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.model import Document
from pipeline.nlp.build import build_nlp, model_info
from pipeline.settings import Options

MAX_TOKEN_CHARS = 300  # longer than any real token (URLs included); 300 brackets tokenize in 0.03 s
_LONG_RUN_RE = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def annotate(document: Document, options: Options) -> Document:
    nlp = build_nlp(options.nlp_model or None)
    texts = (spacy_input(nlp, s.text) for s in document.sentences)
    docs = list(nlp.pipe(texts, batch_size=options.batch_size))
    return replace(document, annotations=docs, model=model_info(nlp))


def spacy_input(nlp: Language, text: str) -> str | Doc:
    """The sentence as it is, or pre-tokenized when it holds a run over MAX_TOKEN_CHARS."""
    runs = list(_LONG_RUN_RE.finditer(text))
    if not runs:
        return text
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for run in runs:
        add_tokens(nlp, text[position : run.start()], words, spaces)
        piece_starts = range(run.start(), run.end(), MAX_TOKEN_CHARS)
        words += [text[i : min(i + MAX_TOKEN_CHARS, run.end())] for i in piece_starts]
        spaces += [False] * len(piece_starts)
        position = run.end()
        if text.startswith(" ", position):
            spaces[-1] = True
            position += 1
    add_tokens(nlp, text[position:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def add_tokens(nlp: Language, text: str, words: list[str], spaces: list[bool]) -> None:
    for token in nlp.tokenizer(text):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
