"""Fixture tables of a small run that fill every column the deliverables read (issue 13's target columns).

Three policies: VGZ MSZ 2025 and 2027 (one series, 2026 missing) and CZ MSZ 2027
(a PDF, with pages). VGZ 2027 has a planning for two provider groups with a
repeated table row, a hard deadline at 17:00, a preferred date, start and end,
an insurer step, a relative step and a past deadline; requirements for every
provider and for ZBC's; amounts and percentages with their subjects; changes
since 2025. Written with `pipeline.store`, so they are read as a real run's tables.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from pipeline.schema import TABLES
from pipeline.store.parquet import ensure_table_dirs, write_corpus_table, write_document_table


def table(name: str, rows: list[dict]) -> pa.Table:
    """Rows as a table of the schema (keys a row lacks are null)."""
    return pa.Table.from_pylist(rows, schema=TABLES[name].schema)


TODAY = date(2026, 4, 15)
VGZ_OLD, VGZ_NEW, CZ = "a0a0a0a0a0a0a001", "b0b0b0b0b0b0b002", "c0c0c0c0c0c0c003"
SERIES_VGZ, SERIES_CZ = "series-vgz-msz", "series-cz-msz"

DOCUMENTS = [
    dict(
        doc_id=VGZ_OLD,
        source_file="vgz_2025.txt",
        insurer="VGZ",
        care_domain="medisch-specialistische zorg",
        policy_year=2025,
        policy_year_end=2025,
        title="Inkoopbeleid medisch-specialistische zorg 2025",
        series_id=SERIES_VGZ,
        format="txt",
    ),
    dict(
        doc_id=VGZ_NEW,
        source_file="vgz_2027.txt",
        insurer="VGZ",
        care_domain="medisch-specialistische zorg",
        policy_year=2027,
        policy_year_end=2027,
        title="Inkoopbeleid medisch-specialistische zorg 2027",
        updated=date(2026, 3, 30),
        series_id=SERIES_VGZ,
        format="txt",
    ),
    dict(
        doc_id=CZ,
        source_file="cz_2027.pdf",
        insurer="CZ",
        care_domain="medisch-specialistische zorg",
        policy_year=2027,
        policy_year_end=2027,
        title="Zorginkoopbeleid MSZ 2027 CZ",
        series_id=SERIES_CZ,
        format="pdf",
        pages=40,
    ),
]

# (doc_id, sentence number, section number, text, page)
SENTENCES = [
    (VGZ_OLD, 1, 1, "De offerte levert u uiterlijk 1 september 2024 aan via VECOZO.", None),
    (VGZ_OLD, 2, 2, "De zorgaanbieder beschikt over een kwaliteitskeurmerk.", None),
    (VGZ_NEW, 1, 1, "Aanleveren offerte | 16 september 2026 17:00 uur | VECOZO", None),
    (VGZ_NEW, 2, 1, "Aanleveren offerte | 16 september 2026 17:00 uur | VECOZO", None),
    (VGZ_NEW, 3, 1, "Wij ontvangen uw offerte bij voorkeur vóór 1 september 2026.", None),
    (VGZ_NEW, 4, 1, "Uw offerte moet uiterlijk 16 september 2026 om 17:00 uur bij ons binnen zijn.", None),
    (VGZ_NEW, 5, 1, "Wij publiceren het inkoopbeleid op 1 april 2026.", None),
    (VGZ_NEW, 6, 2, "Interesse kenbaar maken | 1 juni 2026 t/m 30 juni 2026 | e-mail", None),
    (VGZ_NEW, 7, 2, "Aanleveren offerte ZBC | 16 september 2026 17:00 uur | VECOZO", None),
    (VGZ_NEW, 8, 2, "Binnen 6 weken na ontvangst van de offerte reageert u op ons tegenvoorstel.", None),
    (VGZ_NEW, 9, 2, "Aanmelden als nieuwe zorgaanbieder kon tot 1 maart 2026.", None),
    (VGZ_NEW, 10, 3, "De zorgaanbieder beschikt over een kwaliteitskeurmerk.", None),
    (VGZ_NEW, 11, 3, "De zorgaanbieder levert een jaarverslag aan.", None),
    (VGZ_NEW, 12, 3, "De nieuwe ZBC heeft minimaal € 250.000 omzet per specialisme.", None),
    (VGZ_NEW, 13, 3, "Het ZBC heeft ten minste 3 jaar ervaring.", None),
    (VGZ_NEW, 14, 4, "De prijsindex is maximaal 2,5% en de doelmatigheidskorting 10%.", None),
    (VGZ_NEW, 15, 4, "Het tarief is € 12,50 per consult.", None),
    (VGZ_NEW, 16, 4, "De ZBC-drempel gaat van € 225.000 naar € 250.000.", None),
    (CZ, 1, 1, "Uw offerte dient uiterlijk 1 juli 2026 in het Zorginkoopportaal te staan.", 7),
    (CZ, 2, 1, "Uiterlijk 1 oktober 2026 om 12:00 uur tekent u de overeenkomst.", 8),
    (CZ, 3, 2, "De zorgaanbieder is aangesloten bij een geschillencommissie.", 12),
]
SECTIONS = {  # (doc_id, section number) -> (number, title)
    (VGZ_OLD, 1): ("1", "Planning"),
    (VGZ_OLD, 2): ("2", "Minimumeisen"),
    (VGZ_NEW, 1): ("2.1", "Planning ziekenhuizen"),
    (VGZ_NEW, 2): ("2.2", "Planning ZBC's"),
    (VGZ_NEW, 3): ("3", "Minimumeisen"),
    (VGZ_NEW, 4): ("4", "Tarieven"),
    (CZ, 1): ("1", "Tijdpad"),
    (CZ, 2): ("2", "Eisen"),
}


def sid(doc_id: str, n: int) -> str:
    return f"{doc_id}-{n:05d}"


def section_id(doc_id: str, n: int) -> str:
    return f"{doc_id}-s{n:04d}"


def section_of(doc_id: str, n: int) -> str:
    return next(section_id(d, s) for d, k, s, _, _ in SENTENCES if d == doc_id and k == n)


def page_of(doc_id: str, n: int) -> int | None:
    return next(p for d, k, _, _, p in SENTENCES if d == doc_id and k == n)


def step(doc_id: str, n: int, day: date | None, kind: str, actor: str, action: str, **more: object) -> dict:
    return dict(
        doc_id=doc_id,
        sentence_id=sid(doc_id, n),
        section_id=section_of(doc_id, n),
        date=day,
        kind=kind,
        qualifier={"preferred": "deadline", "event": "mention"}.get(kind, kind),
        actor=actor,
        action=action,
        page=page_of(doc_id, n),
        source=more.pop("source", "sentence"),
        **more,
    )


DEADLINES = [
    step(VGZ_OLD, 1, date(2024, 9, 1), "deadline", "zorgaanbieder", "Aanleveren offerte", channel="VECOZO"),
    step(
        VGZ_NEW,
        1,
        date(2026, 9, 16),
        "deadline",
        "zorgaanbieder",
        "Aanleveren offerte (inclusief toelichting)",
        time="17:00",
        channel="VECOZO",
        group="ziekenhuizen",
        source="table",
        repeated_in=sid(VGZ_NEW, 4),
    ),
    # the same table row again (the planning printed twice): one step in the brief and the calendar
    step(
        VGZ_NEW,
        2,
        date(2026, 9, 16),
        "deadline",
        "zorgaanbieder",
        "Aanleveren offerte (inclusief toelichting)",
        time="17:00",
        channel="VECOZO",
        group="ziekenhuizen",
        source="table",
    ),
    step(
        VGZ_NEW,
        3,
        date(2026, 9, 1),
        "preferred",
        "zorgaanbieder",
        "Offerte indienen bij voorkeur",
        group="ziekenhuizen",
    ),
    step(VGZ_NEW, 5, date(2026, 4, 1), "event", "zorgverzekeraar", "Publiceren inkoopbeleid"),
    step(
        VGZ_NEW,
        6,
        date(2026, 6, 1),
        "start",
        "zorgaanbieder",
        "Interesse kenbaar maken",
        group="ZBC's",
        channel="e-mail",
        source="table",
    ),
    step(
        VGZ_NEW,
        6,
        date(2026, 6, 30),
        "end",
        "zorgaanbieder",
        "Interesse kenbaar maken",
        group="ZBC's",
        channel="e-mail",
        source="table",
    ),
    step(
        VGZ_NEW,
        7,
        date(2026, 9, 16),
        "deadline",
        "zorgaanbieder",
        "Aanleveren offerte (inclusief toelichting)",
        time="17:00",
        channel="VECOZO",
        group="ZBC's",
        source="table",
    ),
    step(
        VGZ_NEW,
        8,
        None,
        "deadline",
        "zorgaanbieder",
        "Reageren op het tegenvoorstel",
        group="ZBC's",
        relative="binnen 6 weken na ontvangst van de offerte",
        number=6,
        unit="week",
        anchor="ontvangst van de offerte",
    ),
    step(
        VGZ_NEW,
        9,
        date(2026, 3, 1),
        "deadline",
        "zorgaanbieder",
        "Aanmelden als nieuwe zorgaanbieder",
        group="ZBC's",
    ),
    step(
        CZ,
        1,
        date(2026, 7, 1),
        "deadline",
        "zorgaanbieder",
        "Offerte in het Zorginkoopportaal zetten",
        channel="Zorginkoopportaal",
    ),
    step(CZ, 2, date(2026, 10, 1), "deadline", "zorgaanbieder", "Overeenkomst tekenen", time="12:00"),
]

REQUIREMENTS = [
    dict(
        doc_id=VGZ_OLD,
        sentence_id=sid(VGZ_OLD, 2),
        text="De zorgaanbieder beschikt over een kwaliteitskeurmerk.",
    ),
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 10),
        text="De zorgaanbieder beschikt over een kwaliteitskeurmerk.",
    ),
    dict(doc_id=VGZ_NEW, sentence_id=sid(VGZ_NEW, 11), text="De zorgaanbieder levert een jaarverslag aan."),
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 12),
        provider_kind="ZBC",
        text="De nieuwe ZBC heeft minimaal € 250.000 omzet per specialisme.",
    ),
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 13),
        provider_kind="ZBC",
        text="Het ZBC heeft ten minste 3 jaar ervaring.",
    ),
    dict(
        doc_id=CZ, sentence_id=sid(CZ, 3), text="De zorgaanbieder is aangesloten bij een geschillencommissie."
    ),
]

AMOUNTS = [
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 12),
        text="€ 250.000",
        value=250000.0,
        currency="EUR",
        bound="min",
        per_unit="per specialisme",
        subject="omzet nieuwe ZBC",
        start=30,
        end=39,
    ),
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 15),
        text="€ 12,50",
        value=12.5,
        currency="EUR",
        per_unit="per consult",
        subject="tarief",
        start=14,
        end=21,
    ),
]
PERCENTAGES = [
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 14),
        text="2,5%",
        value=2.5,
        bound="max",
        subject="prijsindex",
        start=27,
        end=31,
    ),
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 14),
        text="10%",
        value=10.0,
        subject="doelmatigheidskorting",
        start=61,
        end=64,
    ),
]

COMPARISONS = [
    dict(
        series_id=SERIES_VGZ,
        doc_id_old=VGZ_OLD,
        doc_id_new=VGZ_NEW,
        year_old=2025,
        year_new=2027,
        kind="deadline_moved",
        about="Aanleveren offerte",
        old_date=date(2024, 9, 1),
        new_date=date(2026, 9, 16),
        missing_years="2026",
    ),
    dict(
        series_id=SERIES_VGZ,
        doc_id_old=VGZ_OLD,
        doc_id_new=VGZ_NEW,
        year_old=2025,
        year_new=2027,
        kind="requirement_added",
        new_text="De zorgaanbieder levert een jaarverslag aan.",
        missing_years="2026",
    ),
    dict(
        series_id=SERIES_VGZ,
        doc_id_old=VGZ_OLD,
        doc_id_new=VGZ_NEW,
        year_old=2025,
        year_new=2027,
        kind="amount_changed",
        about="ZBC-drempel",
        old_text="€ 225.000",
        new_text="€ 250.000",
        old_value=225000.0,
        new_value=250000.0,
        missing_years="2026",
    ),
]
CHANGES = [
    dict(
        doc_id=VGZ_NEW,
        sentence_id=sid(VGZ_NEW, 16),
        topic="ZBC-drempel",
        old_text="€ 225.000",
        new_text="€ 250.000",
        year_from=2026,
        year_to=2027,
    ),
]


def write_policy_tables(out: Path, deadlines: list[dict] | None = None) -> Path:
    """Write the fixture run to `out` (every table, as the pipeline lays it out); returns `out`."""
    tables = {
        "documents": DOCUMENTS,
        "sentences": [
            dict(doc_id=d, sentence_id=sid(d, n), section_id=section_id(d, s), text=t, kind="body", page=p)
            for d, n, s, t, p in SENTENCES
        ],
        "sections": [
            dict(doc_id=d, section_id=section_id(d, n), level=1, number=num, title=title, ordinal=n)
            for (d, n), (num, title) in SECTIONS.items()
        ],
        "deadlines": DEADLINES if deadlines is None else deadlines,
        "requirements": REQUIREMENTS,
        "amounts": AMOUNTS,
        "percentages": PERCENTAGES,
        "changes": CHANGES,
    }
    for name, rows in tables.items():
        for doc in DOCUMENTS:
            doc_rows = [r for r in rows if r["doc_id"] == doc["doc_id"]]
            write_document_table(out, name, doc["doc_id"], table(name, doc_rows))
    write_corpus_table(out, "comparisons", table("comparisons", COMPARISONS))
    ensure_table_dirs(out)
    return out
