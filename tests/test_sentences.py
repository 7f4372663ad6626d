"""Dutch sentence segmentation: abbreviations, numbers and dates do not end a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.structure.sentences import split_sentences, split_spans

CASES = [
    ("Dit geldt m.u.v. ZBC's. Daarna volgt meer.", ["Dit geldt m.u.v. ZBC's.", "Daarna volgt meer."]),
    ("Wij kopen o.a. MSZ in. Dat is alles.", ["Wij kopen o.a. MSZ in.", "Dat is alles."]),
    ("Denk bijv. aan VECOZO. Of aan e-mail.", ["Denk bijv. aan VECOZO.", "Of aan e-mail."]),
    ("Zie art. 7 van de Zvw.", ["Zie art. 7 van de Zvw."]),
    ("Het kost ca. € 1.500,- per jaar. Dat is veel.", ["Het kost ca. € 1.500,- per jaar.", "Dat is veel."]),
    ("Alle kosten incl. btw. Verder niets.", ["Alle kosten incl. btw.", "Verder niets."]),
    ("Formulier nr. 12 is nodig.", ["Formulier nr. 12 is nodig."]),
    ("Van 1 april t/m 29 mei 2026. Daarna niet.", ["Van 1 april t/m 29 mei 2026.", "Daarna niet."]),
    ("Zie hoofdstuk 2.2.1 voor details.", ["Zie hoofdstuk 2.2.1 voor details."]),
    ("De groei is 1,5 procent. Dat is weinig.", ["De groei is 1,5 procent.", "Dat is weinig."]),
    ("Is dat zo? Ja! Zeker.", ["Is dat zo?", "Ja!", "Zeker."]),
    ("Uiterlijk om 17.00 uur. Niet later.", ["Uiterlijk om 17.00 uur.", "Niet later."]),
    ("Dit is de N.V. van CZ. Klaar.", ["Dit is de N.V. van CZ.", "Klaar."]),
    ("Zie www.vgz.nl/zorgaanbieders. Daar staat het.", ["Zie www.vgz.nl/zorgaanbieders.", "Daar staat het."]),
    ("geen hoofdletter. dus geen grens", ["geen hoofdletter. dus geen grens"]),
    ("Een lijst: de eerste; de tweede.", ["Een lijst: de eerste; de tweede."]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_sentences_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("aB. ,?!1€'\n")), max_size=80))
def test_sentences_spans_cover_text_in_order(text: str) -> None:
    spans = list(split_spans(text))
    for (_s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and e > s
    assert "".join("".join(text[s:e] for s, e in spans).split()) == "".join(text.split())
