"""Metadata and headings of real documents by other publishers (`../shared/corpus-other`, no gold).

The expected values are what a careful reader takes from each document's cover and first pages;
the comments say why. The documents are development material: the rules are not tuned to their
sentences, and the tests are skipped when the folder is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.ingest import read_document
from pipeline.structure import segment
from pipeline.structure.metadata import Metadata, find_metadata
from tests.conftest import ROOT

OTHER = ROOT.parent / "shared" / "corpus-other"
VNG_MODEL = OTHER / "x07_c567f56c.md"
CIZ_RULES = OTHER / "x08_dfc94ecb.pdf"
YOUTH_AGENDA = OTHER / "x01_c1f4a36a.pdf"


def read(path: Path):
    if not path.exists():
        pytest.skip(f"{path.name} is not in ../shared/corpus-other")
    return read_document(path, path.name)


def metadata(path: Path) -> Metadata:
    return find_metadata(read(path))


def assert_headings_have_titles(path: Path) -> None:
    seg = segment(read(path))
    assert seg.sections
    for s in seg.sections:
        assert s.title.strip(), s
        assert not re.fullmatch(r"[\d.\s]+", s.title), f"a heading titled only by a number: {s}"


def test_other_vng_model_procurement_document_metadata() -> None:
    """x07, a model procurement document for Wmo care by the VNG's Ketenbureau i-Sociaal Domein.

    Insurer: none; municipalities buy Wmo care, and the document names no insurer. Care domain: its
    title `Inkoopdocument-Wmo-met-Emvi` names the Wmo (the cover repeats it as `maatschappelijke
    ondersteuning`; the gold would accept either). Policy year: none; a template whose cover leaves
    the contract years open (`202* - 20**`); its only years belong to law names (`Wet
    maatschappelijke ondersteuning 2015`, `Aanbestedingswet 2012`) and to version dates."""
    meta = metadata(VNG_MODEL)
    assert (meta.insurer, meta.care_domain, meta.policy_year) == (None, "wmo", None)


def test_other_vng_model_procurement_document_headings() -> None:
    """x07: the table of contents (anchor links) and empty `## ` lines are no headings."""
    assert_headings_have_titles(VNG_MODEL)
    seg = segment(read(VNG_MODEL))
    toc_lines = {s.text for s in seg.sentences if s.kind == "toc"}
    assert len(toc_lines) > 20
    titles = {s.title for s in seg.sections}
    assert "Inhoudsopgave" not in titles and not titles & toc_lines


@pytest.mark.slow
def test_other_ciz_policy_rules_metadata() -> None:
    """x08, `Beleidsregels indicatiestelling Wlz 2025` by the CIZ (a public body, with the ministry of
    VWS).

    Insurer: none; the CIZ publishes it (footer `CIZ | ...`, `Het CIZ, gelet op ... besluit:`).
    Care domain: the Wlz, as the cover title names it (`Wet langdurige zorg` in the heading on page 3,
    so either form). Policy year: 2025, the cover title's year, and the rules take effect on 1 January
    2025 (Artikel 2); `Wmo 2015` in the text is a law's name and `Utrecht, 11 november 2024` the
    signing date."""
    meta = metadata(CIZ_RULES)
    assert meta.insurer is None
    assert meta.care_domain in {"wlz", "langdurige zorg"}
    assert (meta.policy_year, meta.policy_year_end) == (2025, 2025)


@pytest.mark.slow
def test_other_ciz_policy_rules_headings() -> None:
    """x08: `Hoofdstuk N` headings carry their number, and the articles of the decision are headings."""
    assert_headings_have_titles(CIZ_RULES)
    sections = segment(read(CIZ_RULES)).sections
    chapters = [(s.number, s.level) for s in sections if s.title == "Definities"]
    assert chapters == [("1", 1)]
    assert ("1", "Artikel 1") in [(s.number, s.title) for s in sections]


@pytest.mark.slow
def test_other_youth_care_agreement_has_no_insurer() -> None:
    """x01, `Hervormingsagenda Jeugd 2023-2028`, a bestuurlijk akkoord of the national government,
    the VNG and sector parties: no insurer publishes it."""
    assert metadata(YOUTH_AGENDA).insurer is None


@pytest.mark.slow
def test_other_youth_care_agreement_domain_and_years() -> None:
    """x01: the cover title names youth care (`Jeugd`, subtitle `Hervorming van de jeugdzorg`) and the
    years 2023-2028 it runs."""
    meta = metadata(YOUTH_AGENDA)
    assert (meta.care_domain, meta.policy_year, meta.policy_year_end) == ("jeugdzorg", 2023, 2028)
    assert meta.title and "Hervormingsagenda" in meta.title
