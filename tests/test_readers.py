"""Text and HTML readers: encodings, markdown, tables, HTML headings, language check."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import DocumentError
from pipeline.ingest import read_document

DUTCH = (
    "De zorgaanbieder dient de offerte uiterlijk 1 september in te dienen bij de zorgverzekeraar. "
    "Wij kopen zorg in voor onze verzekerden en maken afspraken over de kwaliteit van de zorg. "
) * 5


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_readers_cp1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", ("Coöperatie: " + DUTCH + " € 250.000").encode("cp1252")))
    assert any("cp1252" in w or "1252" in w for w in doc.warnings)
    assert "Coöperatie" in doc.lines[0].text and "€ 250.000" in doc.lines[0].text


def test_readers_markdown_headings_links_and_tables(tmp_path: Path) -> None:
    md = (
        f"# Inkoopbeleid\n\n## Planning\n\nZie [de website](https://x.nl).\n\n| Datum | Actie |\n|---|---|\n"
        f"| 1 april 2026 | Publicatie |\n\n{DUTCH}\n"
    )
    doc = read_document(write(tmp_path, "a.md", md))
    kinds = [(ln.kind, ln.heading_level, ln.text) for ln in doc.lines if ln.kind != "blank"]
    assert kinds[0] == ("heading", 1, "Inkoopbeleid") and kinds[1] == ("heading", 2, "Planning")
    assert kinds[2][2] == "Zie de website."
    assert doc.tables and doc.tables[0].rows[1] == ["1 april 2026", "Publicatie"]


def test_readers_tab_separated_rows_stay_rows(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", f"{DUTCH}\nUiterlijk 1 juni\tOfferte indienen\tVECOZO\n"))
    rows = [ln for ln in doc.lines if ln.kind == "table_row"]
    assert rows[0].cells == ["Uiterlijk 1 juni", "Offerte indienen", "VECOZO"]


def test_readers_html_main_text_and_headings(tmp_path: Path) -> None:
    html = (
        f"<html><head><title>Inkoopbeleid GGZ 2026</title><script>x()</script></head><body><nav>Menu</nav>"
        f"<h1>Inkoopbeleid</h1><h2>Planning</h2><p>{DUTCH}</p><ul><li>Eerste eis</li></ul></body></html>"
    )
    doc = read_document(write(tmp_path, "a.html", html))
    assert doc.metadata_title == "Inkoopbeleid GGZ 2026"
    assert [(ln.kind, ln.heading_level) for ln in doc.lines if ln.kind == "heading"] == [
        ("heading", 1),
        ("heading", 2),
    ]
    assert "Menu" not in " ".join(ln.text for ln in doc.lines)
    assert any(ln.kind == "list_item" and ln.text == "Eerste eis" for ln in doc.lines)


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("leeg.txt", b"", "empty"),
        ("spaties.txt", b"   \n\n ", "empty"),
        (
            "english.txt",
            (
                "The provider must submit the offer before the deadline and the insurer will review it. " * 10
            ).encode(),
            "language",
        ),
        ("geen-body.html", b"<html><head><title>x</title></head></html>", "empty"),
        ("document.docx", b"PK\x03\x04 not really", "unsupported"),
    ],
)
def test_readers_bad_input_raises_a_named_error(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    with pytest.raises(DocumentError) as err:
        read_document(write(tmp_path, name, data))
    assert err.value.kind == kind and name in err.value.message
