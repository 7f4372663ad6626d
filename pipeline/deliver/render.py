"""The Jinja2 templates of the deliverables (`templates/`), with Dutch date and number filters.

HTML templates (`*.html.j2`) are autoescaped; Markdown templates (`*.md.j2`)
escape table cells with the `md` filter instead.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.deliver import labels

TEMPLATES = Path(__file__).with_name("templates")
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>|#])")
_SPACE_RE = re.compile(r"\s+")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=labels.long_date,
        short_date=labels.short_date,
        clock=labels.clock,
        domain_short=labels.care_domain_short,
        md=markdown_text,
    )
    env.globals["t"] = labels.labels()["text"]
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def markdown_text(value: object) -> str:
    """A value on one line with Markdown's special characters escaped (safe in a table cell)."""
    if value is None:
        return ""
    return _MD_SPECIAL_RE.sub(r"\\\1", _SPACE_RE.sub(" ", str(value)).strip())
