"""The spaCy layer: blank fallback, entity ruler, and the statistical-model path.

The statistical path is exercised without nl_core_news_md: a tiny NER model is trained here
(a handful of sentences, one custom label), saved with `to_disk`, and `build_nlp` is pointed at
that directory, as the run would be pointed at an installed model (STYLE.md 2.11).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from helpers import obligations_of_texts
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed

from pipeline.extract.entities import entities_of
from pipeline.model import Section, Sentence
from pipeline.nlp.build import build_nlp, model_info
from pipeline.nlp.identity import BLANK_NAME, model_identity

MODEL_LABEL = "PROGRAMMA"
TRAIN = [
    ("Het programma Samen Gezond loopt tot 2026.", "Samen Gezond"),
    ("Wij bekostigen Samen Gezond via een module.", "Samen Gezond"),
    ("Deelname aan Samen Gezond is vrijwillig.", "Samen Gezond"),
    ("Het programma Fit Thuis start in april.", "Fit Thuis"),
    ("Zorggroepen kunnen Fit Thuis aanvragen.", "Fit Thuis"),
    ("Fit Thuis is bedoeld voor ouderen.", "Fit Thuis"),
]


def _sentences(*texts: str) -> list[Sentence]:
    return [Sentence(f"x{i}", "s1", t, 0, len(t)) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def blank() -> Language:
    return build_nlp("no_such_model_installed")


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    fix_random_seed(0)
    nlp = spacy.blank("nl")
    ner = nlp.add_pipe("ner")
    ner.add_label(MODEL_LABEL)
    examples = []
    for text, name in TRAIN:
        start = text.index(name)
        examples.append(
            Example.from_dict(nlp.make_doc(text), {"entities": [(start, start + len(name), MODEL_LABEL)]})
        )
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("tiny_ner")
    nlp.to_disk(path)
    return path


def test_nlp_blank_fallback_records_its_name(blank: Language) -> None:
    info = model_info(blank)
    assert (info.name, info.statistical) == (BLANK_NAME, False)
    # no lemmatizer: no rule reads lemmas
    assert blank.pipe_names == ["policy_entity_ruler", "policy_norm_matcher"]
    assert build_nlp("no_such_model_installed") is blank  # built once per process


@pytest.mark.parametrize(
    ("text", "label", "canonical"),
    [
        ("Coöperatie VGZ publiceert het beleid.", "INSURER", "VGZ"),
        ("Het beleid van CZ groep geldt vanaf 1 januari.", "INSURER", "CZ"),
        ("Ook Anderzorg volgt dit beleid.", "INSURER", "Menzis"),
        ("De Nederlandse Zorgautoriteit houdt toezicht.", "REGULATOR", "NZa"),
        ("De zorgaanbieder voldoet aan de Wkkgz.", "LAW", "Wkkgz"),
        ("Dit volgt uit het Integraal Zorgakkoord.", "AGREEMENT", "IZA"),
        ("U dient de offerte in via het VECOZO Zorginkoopportaal.", "PORTAL", "Zorginkoopportaal"),
        ("Zorgverzekeraars Nederland stelt de uniforme bepalingen op.", "BRANCH_ORG", "ZN"),
    ],
    ids=["vgz-cooperatie", "cz-groep", "menzis-brand", "nza-full", "law", "iza-full", "portal-longest", "zn"],
)
def test_nlp_entity_ruler_canonicalises(blank: Language, text: str, label: str, canonical: str) -> None:
    (ent,) = list(entities_of(blank(text)))
    assert (ent.label, ent.canonical, ent.source) == (label, canonical, "ruler")
    assert text[ent.start : ent.end] == ent.text


@pytest.mark.parametrize(
    "text",
    ["Wij zorgen voor goede zorg en zekerheid.", "Salland is een regio."],
    ids=["lowercase-zorg-en-zekerheid", "region-salland"],
)
def test_nlp_entity_ruler_skips_ordinary_words(blank: Language, text: str) -> None:
    assert list(entities_of(blank(text))) == []


def test_nlp_statistical_model_from_path(tiny_model_dir: Path) -> None:
    nlp = build_nlp(str(tiny_model_dir))
    assert model_info(nlp).statistical is True
    assert "ner" in nlp.pipe_names and nlp.pipe_names.index("policy_entity_ruler") < nlp.pipe_names.index(
        "ner"
    )
    sentences = _sentences(
        "Deelname aan Samen Gezond is vrijwillig.", "Coöperatie VGZ moet het beleid publiceren."
    )
    sections = [Section("s1", None, 1, None, "Programma's")]
    obligations = obligations_of_texts(nlp, sentences, sections, "VGZ")
    entities = [e for doc in nlp.pipe(s.text for s in sentences) for e in entities_of(doc)]
    by_source = {(e.source, e.label, e.canonical) for e in entities}
    assert ("model", MODEL_LABEL, "Samen Gezond") in by_source
    assert ("ruler", "INSURER", "VGZ") in by_source
    assert [(o.sentence_id, o.modality, o.actor) for o in obligations] == [
        ("x1", "obligation", "zorgverzekeraar")
    ]


def test_nlp_model_identity_names_what_would_run(tiny_model_dir: Path) -> None:
    assert model_identity(str(tiny_model_dir)) == "nl_pipeline==0.0.0"
    assert (
        model_identity("no_such_model_installed") == model_identity("") == model_identity(None) == BLANK_NAME
    )
