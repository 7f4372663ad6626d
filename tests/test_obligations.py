"""Corpus tests for obligation detection (ANNOTATION.md: obligation; STYLE.md 2.10).

One case per line: (sentence, section title or None, expected modality, expected actor).
Every sentence is NEW, written in the style of Dutch procurement policies (none is copied from
the gold corpus), so these cases check that the rules generalise. The publishing insurer is
Menzis in all cases (`INSURER`). Known misses are in XFAIL (strict: a fix must move the case).
"""

# ruff: noqa: E501  (one case per line, STYLE.md 2.10)
from __future__ import annotations

import pytest
from helpers import obligations_of_texts
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Span

from pipeline.extract.obligations import explanatory_sections, is_legal_instrument, we_party_of
from pipeline.model import Section, Sentence
from pipeline.nlp.build import build_nlp
from pipeline.nlp.components import Anchor, load_rules, max_length, pattern_anchor, unbounded
from pipeline.nlp.grammar import Publisher, insurer_ids, party_of

INSURER = "Menzis"
N = None  # no actor for modality none

# fmt: off
CASES_OBLIGATION = [
    ("De zorgaanbieder moet beschikken over een geldig kwaliteitskeurmerk.", None, "obligation", "zorgaanbieder"),
    ("Daarom moet de huisarts de verwijzing vooraf vastleggen in het dossier.", None, "obligation", "zorgaanbieder"),
    ("U dient de declaratie binnen drie maanden na de behandeling in te sturen.", None, "obligation", "zorgaanbieder"),
    ("Zorggroepen zijn verplicht jaarlijks een kwaliteitsverslag te publiceren.", None, "obligation", "zorgaanbieder"),
    ("Als u met onderaannemers werkt, bent u verplicht dit vooraf aan ons te melden.", None, "obligation", "zorgaanbieder"),
    ("Voor deelname aan de pilot is een positief advies van de regionale commissie vereist.", None, "obligation", "zorgaanbieder"),
    ("Het is een voorwaarde dat de instelling beschikt over een actueel calamiteitenplan.", None, "obligation", "zorgaanbieder"),
    ("Wij stellen aanvullende kwaliteitseisen aan ziekenhuizen die oncologische zorg leveren.", None, "obligation", "zorgaanbieder"),
    ("Menzis hanteert voor wijkverpleging de landelijke minimumnormen van de beroepsgroep.", None, "obligation", "zorgaanbieder"),
    ("Voor alle gecontracteerde praktijken gelden de algemene inkoopvoorwaarden van Menzis.", None, "obligation", "zorgaanbieder"),
    ("Wij kopen alleen zorg in bij klinieken die aantoonbaar samenwerken met een ziekenhuis.", None, "obligation", "zorgaanbieder"),
    ("Menzis vergoedt de behandeling uitsluitend als de zorgaanbieder vooraf toestemming heeft gekregen.", None, "obligation", "zorgaanbieder"),
    ("Nieuwe aanbieders worden niet gecontracteerd als zij geen AGB-code hebben.", None, "obligation", "zorgaanbieder"),
    ("Zorgaanbieders komen in aanmerking voor een overeenkomst als zij voldoen aan de minimumeisen.", None, "obligation", "zorgaanbieder"),
    ("De ggz-aanbieder is verantwoordelijk voor een sluitende crisisdienst in de regio.", None, "obligation", "zorgaanbieder"),
    ("De praktijk beschikt over een actuele praktijkaccreditatie.", None, "obligation", "zorgaanbieder"),
    ("Het ziekenhuis neemt deel aan de landelijke kwaliteitsregistraties.", None, "obligation", "zorgaanbieder"),
    ("Vermeld in de e-mail altijd uw AGB-code en het contractnummer.", None, "obligation", "zorgaanbieder"),
    ("Bij de aanvraag voegt u een begroting en een projectplan toe.", None, "obligation", "zorgaanbieder"),
    ("Zorgaanbieders bieden uiterlijk 1 oktober hun offerte aan via het Zorginkoopportaal.", None, "obligation", "zorgaanbieder"),
    ("Uiterlijk 15 november maken wij bekend met welke zorgaanbieders wij een overeenkomst sluiten.", None, "obligation", "zorgverzekeraar"),
    ("U ontvangt uiterlijk 1 september van ons een voorstel voor de overeenkomst.", None, "obligation", "zorgverzekeraar"),
    ("Wij moeten jaarlijks voor 12 november ons gecontracteerde zorgaanbod publiceren.", None, "obligation", "zorgverzekeraar"),
    ("Het aanvraagformulier kunt u tot uiterlijk 1 mei indienen om voor een contract in aanmerking te komen.", None, "obligation", "zorgaanbieder"),
    ("Menzis heeft de wettelijke taak om de rechtmatigheid van declaraties te controleren.", None, "obligation", "zorgverzekeraar"),
    ("Alleen patiënten met een verwijzing van de huisarts komen in aanmerking voor deze behandeling.", None, "obligation", "overig"),
    ("Om dit te bereiken moeten we samen met gemeenten en zorgaanbieders nieuwe afspraken maken.", None, "obligation", "overig"),
]

CASES_REQUIREMENT_LISTS = [
    ("Er is een schriftelijke samenwerkingsafspraak met de regionale huisartsenpost;", "Minimumeisen", "obligation", "zorgaanbieder"),
    ("Alle behandelaars zijn BIG-geregistreerd;", "Voorwaarden voor een overeenkomst", "obligation", "zorgaanbieder"),
    ("Het team werkt volgens de actuele zorgstandaard.", "Kwaliteitseisen wijkverpleging", "obligation", "zorgaanbieder"),
    ("Voor deze zorgsoort is een aparte set criteria opgesteld.", "Inkoopcriteria", "none", N),
]

CASES_PROHIBITION = [
    ("Het is niet toegestaan om de prestatie naast een integraal tarief te declareren.", None, "prohibition", "zorgaanbieder"),
    ("Zorgaanbieders mogen geen eigen bijdrage vragen aan verzekerden voor gecontracteerde zorg.", None, "prohibition", "zorgaanbieder"),
    ("U mag de zorg niet volledig laten uitvoeren door een onderaannemer.", None, "prohibition", "zorgaanbieder"),
    ("Na de sluitingsdatum is het niet meer mogelijk om een offerte in te dienen.", None, "prohibition", "zorgaanbieder"),
    ("Vanaf 2026 vervalt de mogelijkheid voor praktijken om de module apart aan te vragen.", None, "prohibition", "zorgaanbieder"),
    ("Kosten voor vervoer kunnen niet apart in rekening worden gebracht.", None, "prohibition", "zorgaanbieder"),
    ("Het is verboden om patiëntgegevens zonder toestemming te delen met derden.", None, "prohibition", "zorgaanbieder"),
]

CASES_PERMISSION = [
    ("Menzis behoudt zich het recht voor om het inkoopbeleid tussentijds aan te passen.", None, "permission", "zorgverzekeraar"),
    ("Wij behouden ons het recht voor om aanvullende informatie op te vragen.", None, "permission", "zorgverzekeraar"),
    ("In dat geval mogen wij afwijken van de gestelde volumenormen.", None, "permission", "zorgverzekeraar"),
    ("U kunt een verzoek tot heronderhandeling indienen bij uw zorginkoper.", None, "permission", "zorgaanbieder"),
    ("Heeft u vragen over dit beleid, dan kunt u tot en met 20 juni uw vragen stellen via het portaal.", None, "permission", "zorgaanbieder"),
    ("Zorgaanbieders mogen het onderdeel ook in een regionaal samenwerkingsverband uitvoeren.", None, "permission", "zorgaanbieder"),
    ("Desgewenst kunnen aanvullende stukken door ons worden opgevraagd.", None, "permission", "zorgverzekeraar"),
    ("Partijen kunnen in overleg treden als het budget dreigt te worden overschreden.", None, "permission", "overig"),
]

CASES_EXPECTATION = [
    ("Wij verwachten van zorgaanbieders dat zij actief bijdragen aan regionale samenwerking.", None, "expectation", "zorgaanbieder"),
    ("Wij verwachten dat u wijzigingen in uw praktijk tijdig aan ons doorgeeft.", None, "expectation", "zorgaanbieder"),
    ("We vragen zorgaanbieders om hun wachttijden actueel te publiceren.", None, "expectation", "zorgaanbieder"),
    ("Menzis stimuleert het gebruik van digitale consulten.", None, "expectation", "zorgaanbieder"),
    ("Wij contracteren bij voorkeur met zorgaanbieders die in een netwerk werken.", None, "expectation", "zorgverzekeraar"),
    ("De zorgaanbieder spant zich in om de wachttijd onder de treeknorm te houden.", None, "expectation", "zorgaanbieder"),
    ("Het is belangrijk dat u uw gegevens in het AGB-register actueel houdt.", None, "expectation", "zorgaanbieder"),
    ("Graag ontvangen wij uw jaarplan voor de komende periode.", None, "expectation", "zorgaanbieder"),
    ("Nieuwe initiatieven zouden vooral moeten bijdragen aan minder administratieve lasten.", None, "expectation", "overig"),
]

CASES_EXPECTATION_VOCABULARY = [
    ("Van de zorgaanbieder wordt verwacht dat hij zijn cliënten tijdig informeert over wijzigingen.", None, "expectation", "zorgaanbieder"),
    ("Het zorgkantoor verwacht van de aanbieder een actieve rol in het regionale netwerk.", None, "expectation", "zorgaanbieder"),
    ("De verwachting is dat zorgaanbieders hun wachttijden maandelijks actualiseren.", None, "expectation", "zorgaanbieder"),
    ("Het is de verwachting dat u uw cliënten wijst op de mogelijkheden van e-health.", None, "expectation", "zorgaanbieder"),
    ("We verwachten van al onze gecontracteerde praktijken dat ze deelnemen aan het regionale overleg.", None, "expectation", "zorgaanbieder"),
    ("Wij nodigen zorgaanbieders uit om een innovatievoorstel in te dienen bij hun zorginkoper.", None, "expectation", "zorgaanbieder"),
    ("Gemeenten worden uitgenodigd om hun regionale inkoopplannen met ons te delen.", None, "expectation", "overig"),
    ("Wij adviseren u om uw contactgegevens in het portaal actueel te houden.", None, "expectation", "zorgaanbieder"),
    ("Wij raden nieuwe aanbieders aan om vroegtijdig contact op te nemen met de zorginkoper.", None, "expectation", "zorgaanbieder"),
    ("Het verdient aanbeveling om het kwaliteitsjaarverslag op uw website te publiceren.", None, "expectation", "zorgaanbieder"),
    ("Het is wenselijk dat aanbieders de huisarts informeren bij ontslag van de cliënt.", None, "expectation", "zorgaanbieder"),
    ("Onze voorkeur gaat uit naar praktijken die samenwerken in een zorggroep.", None, "expectation", "zorgaanbieder"),
    ("Digitale aanlevering van de stukken heeft onze voorkeur.", None, "expectation", "zorgaanbieder"),
]

CASES_OPTIONAL_STEPS = [
    ("U kunt uiterlijk 1 juni een verzoek tot heroverweging indienen bij de zorginkoper.", None, "permission", "zorgaanbieder"),
    ("Tot 1 maart kunt u een aanvraag voor extra productieruimte indienen.", None, "permission", "zorgaanbieder"),
    ("U kunt zich tot 15 april aanmelden voor de informatiebijeenkomst over de nieuwe werkwijze.", None, "permission", "zorgaanbieder"),
    ("Desgewenst kunt u tot 1 september een toelichting op uw begroting aanleveren.", None, "permission", "zorgaanbieder"),
    ("U kunt uiterlijk 1 oktober uw offerte indienen via het inkoopportaal.", None, "obligation", "zorgaanbieder"),
    # a step the publisher asks of the provider is the provider's
    ("Wij vragen u uiterlijk 1 oktober uw offerte in te dienen via het portaal.", None, "obligation", "zorgaanbieder"),
    ("U kunt zich tot uiterlijk 15 mei registreren voor de contracteerronde.", None, "obligation", "zorgaanbieder"),
]

NEGATIVE = [
    ("De vraag naar wijkverpleging blijft de komende jaren stijgen.", None, "none", N),
    ("Menzis wil samen met zorgaanbieders de zorg toekomstbestendig maken.", None, "none", N),
    ("Iedereen moet ook in de toekomst kunnen rekenen op goede zorg.", None, "none", N),
    ("In het IZA is afgesproken dat zorgaanbieders meer samenwerken in de regio.", None, "none", N),
    ("Zorgaanbieders dienen hun declaraties digitaal in via VECOZO.", None, "none", N),
    ("Dure geneesmiddelen kunnen een belangrijke bijdrage leveren aan de behandeling.", None, "none", N),
    ("Op onze website vindt u meer informatie over het inkoopproces.", None, "none", N),
    ("We verwachten dat het aantal aanvragen in 2026 verder toeneemt.", None, "none", N),
    ("In 2024 werden de tarieven voor het laatst geïndexeerd.", None, "none", N),
    ("Het is van groot belang dat verzekerden tijdig toegang hebben tot zorg.", None, "none", N),
    ("Wij beoordelen de offertes op basis van de criteria in hoofdstuk 4.", None, "none", N),
    ("Heeft u al een overeenkomst met ons voor 2025?", None, "none", N),
    ("Menzis is geen aanbestedende dienst in de zin van de Aanbestedingswet.", None, "none", N),
    ("De criteria staan beschreven in bijlage 2.", None, "none", N),
    ("Hiermee willen we inzicht krijgen in hoe de zorggroep kan bijdragen aan betere zorg.", None, "none", N),
    ("Wij verwachten een stijging van het aantal aanvragen voor wijkverpleging.", None, "none", N),
    ("De verwachting is dat de zorgvraag de komende jaren verder toeneemt.", None, "none", N),
    ("Wij nodigen u graag uit voor een kennismakingsgesprek.", None, "none", N),
    ("Het is wenselijk om de administratieve lasten verder te verminderen.", None, "none", N),
    ("De patiëntenvereniging adviseert de minister om de regels te vereenvoudigen.", None, "none", N),
    ("U kunt hierbij denken aan een regionaal coördinatiepunt.", None, "none", N),
    ("In dit hoofdstuk leest u hoe de contractering verloopt.", None, "none", N),
    # the present tense of an insurer's policy describes: only regulations bind by it
    ("Het college van burgemeester en wethouders besluit over de toegang tot de jeugdhulp.", None, "none", N),
    ("Het CIZ beoordeelt of iemand recht heeft op zorg uit de Wlz.", None, "none", N),
]

# Regulations and policy rules (ANNOTATION.md: other publishers and legal instruments): no insurer
# publishes them, their present tense binds; (sentence, section title, modality, actor).
CASES_INSTRUMENT = [
    ("De zorgverzekeraar maakt zijn zorginkoopbeleid bekend op zijn website.", "Artikel 3 Bekendmaking", "obligation", "zorgverzekeraar"),
    ("Uiterlijk op 1 april maakt de zorgverzekeraar de selectiecriteria bekend.", "Artikel 3 Bekendmaking", "obligation", "zorgverzekeraar"),
    ("Het college verstrekt de aanvrager een schriftelijke beschikking.", "Artikel 6 Beschikking", "obligation", "overig"),
    ("Het CIZ beoordeelt de aanvraag aan de hand van de toegangscriteria.", "Artikel 2 Beoordeling", "obligation", "overig"),
    ("De aanvrager verstrekt alle gegevens die voor de beoordeling nodig zijn.", "Artikel 5 Aanvraag", "obligation", "overig"),
    ("Zorgverzekeraars publiceren hun contracteerbeleid in een vindbare vorm.", "Artikel 4 Publicatie", "obligation", "zorgverzekeraar"),
    ("1. De zorgaanbieder levert de gegevens aan via het daartoe bestemde portaal.", "Artikel 7 Gegevensverstrekking", "obligation", "zorgaanbieder"),
    ("Als de aanvraag onvolledig is, stelt het college de aanvrager in de gelegenheid deze aan te vullen.", "Artikel 5 Aanvraag", "obligation", "overig"),
    ("Wij beslissen binnen acht weken op een volledige aanvraag.", "Artikel 8 Beslistermijn", "obligation", "overig"),
    ("De zorgverzekeraar kan de zorgaanbieder om een nadere toelichting vragen.", "Artikel 5 Aanvraag", "permission", "zorgverzekeraar"),
    ("De minister kan van deze regeling afwijken als toepassing leidt tot onbillijkheid.", "Artikel 9 Hardheidsclausule", "permission", "overig"),
    # definitions, descriptions of the instrument itself and explanatory notes stay none
    ("In deze regeling wordt verstaan onder:", "Artikel 1 Begripsbepalingen", "none", N),
    ("Onder gebruikelijke hulp verstaat het college de hulp die huisgenoten elkaar bieden.", "Artikel 2 Gebruikelijke hulp", "none", N),
    ("Deze regeling treedt in werking met ingang van 1 januari 2027.", "Artikel 10 Inwerkingtreding", "none", N),
    ("Deze beleidsregel is van toepassing op zorgverzekeraars en zorgaanbieders.", "Artikel 2 Reikwijdte", "none", N),
    ("In dit artikel beschrijven we hoe het college de hoogte van het budget vaststelt.", "Artikel 4 Budget", "none", N),
    ("De zorgverzekeraar maakt zijn beleid bekend op zijn website.", "Toelichting", "none", N),
    ("Het CIZ is een zelfstandig bestuursorgaan.", "Artikel 2 Beoordeling", "none", N),
    ("De verzekerde woont in een instelling voor langdurige zorg.", "Artikel 2 Beoordeling", "none", N),
    ("Het verzoek werd in 2024 door het college afgewezen.", "Artikel 5 Aanvraag", "none", N),
    # a definition may still carry a modal of its own
    ("Onder spoed wordt verstaan: zorg die binnen 24 uur moet worden geleverd.", "Artikel 1 Begripsbepalingen", "obligation", "zorgaanbieder"),
]

# Lists that complete a lead-in carry its modality and actor; (insurer, instrument, section title,
# [(kind, text, modality, actor), ...]). An item's own explicit norm wins; a vetoed lead-in
# (definitions, examples) leaves its items none.
LEAD_INS = [
    (INSURER, False, "Onderaanneming", [
        ("body", "De melding bevat:", "obligation", "zorgaanbieder"),
        ("list_item", "de naam en het KvK-nummer van de onderaannemer;", "obligation", "zorgaanbieder"),
        ("list_item", "de omvang van het uitbestede deel van de zorg.", "obligation", "zorgaanbieder"),
        ("body", "Wij bevestigen de ontvangst van de melding per e-mail.", "none", N),
    ]),
    (INSURER, False, "Tussentijdse wijzigingen", [
        ("body", "Wij behouden ons het recht voor om:", "permission", "zorgverzekeraar"),
        ("list_item", "aanvullende stukken op te vragen;", "permission", "zorgverzekeraar"),
        ("list_item", "de planning aan te passen als de omstandigheden daarom vragen.", "permission", "zorgverzekeraar"),
    ]),
    (INSURER, False, "Kwaliteit", [
        ("body", "De zorgaanbieder zorgt ervoor dat:", "obligation", "zorgaanbieder"),
        ("list_item", "cliënten binnen vijf werkdagen een intakegesprek krijgen;", "obligation", "zorgaanbieder"),
        ("list_item", "de wachttijd op de website staat;", "obligation", "zorgaanbieder"),
        ("list_item", "het team mag daarbij gebruikmaken van digitale middelen.", "permission", "zorgaanbieder"),
    ]),
    (None, False, "Samenwerking in de regio", [
        ("body", "Wij verwachten van de jeugdhulpaanbieder dat hij:", "expectation", "zorgaanbieder"),
        ("list_item", "samenwerkt met het lokale team;", "expectation", "zorgaanbieder"),
        ("list_item", "de jeugdige binnen vier weken ziet.", "expectation", "zorgaanbieder"),
    ]),
    (None, True, "Artikel 6 Beschikking", [
        ("body", "Het college vermeldt in de beschikking:", "obligation", "overig"),
        ("body", "a. de ingangsdatum;", "obligation", "overig"),
        ("body", "b. de duur van de toekenning, en", "obligation", "overig"),
        ("body", "c. de hoogte van het budget.", "obligation", "overig"),
    ]),
    (None, True, "Artikel 1 Begripsbepalingen", [
        ("body", "In deze regeling wordt verstaan onder:", "none", N),
        ("body", "a. zorgaanbieder: een instelling die zorg verleent;", "none", N),
        ("body", "b. college: het college van burgemeester en wethouders.", "none", N),
    ]),
    (INSURER, False, "Innovatie", [
        ("body", "U kunt hierbij denken aan:", "none", N),
        ("list_item", "een regionaal loket voor wachtlijstbemiddeling;", "none", N),
        ("list_item", "een gezamenlijke triage met de huisartsen.", "none", N),
    ]),
    # only an item's first sentence completes the lead-in; a heading or paragraph ends the list
    (INSURER, False, "Duurzaamheid", [
        ("body", "Wij verwachten van ziekenhuizen:", "expectation", "zorgaanbieder"),
        ("list_item", "een routekaart voor de verduurzaming van hun vastgoed.", "expectation", "zorgaanbieder"),
        ("list_item+", "Dit geeft inzicht in de opgave van de komende jaren.", "none", N),
        ("body", "Over de voortgang spreken wij in het jaarlijkse gesprek.", "none", N),
    ]),
]

# Known misses (strict): each is a failure class named in the module docstring of obligations.py.
XFAIL = [
    # an insurer step without a deadline that a planning table elsewhere makes binding
    ("Daarna informeren we de zorgaanbieders over de uitkomst.", None, "obligation", "zorgverzekeraar"),
    # a lexical "moeten" that only describes pressure on the insurer
    ("We moeten als zorgverzekeraar steeds vaker mensen helpen bij het vinden van zorg.", None, "none", N),
    # a nominal requirement item continues a lead-in; the item itself has no verb
    ("de naam en het adres van de onderaannemer;", None, "obligation", "zorgaanbieder"),
]
# fmt: on


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp(None)


def _label(nlp: Language, text: str, section_title: str | None) -> tuple[str, str | None]:
    section = Section("s1", None, 1, None, section_title or "Inleiding")
    kind = "list_item" if text.endswith(";") else "body"
    sentence = Sentence("x1", "s1", text, 0, len(text), kind=kind)
    found = obligations_of_texts(nlp, [sentence], [section], INSURER)
    return (found[0].modality, found[0].actor) if found else ("none", None)


ALL = (
    CASES_OBLIGATION
    + CASES_REQUIREMENT_LISTS
    + CASES_PROHIBITION
    + CASES_PERMISSION
    + CASES_EXPECTATION
    + CASES_EXPECTATION_VOCABULARY
    + CASES_OPTIONAL_STEPS
    + NEGATIVE
)


def _id(case: tuple) -> str:
    return f"{case[2][:5]}-{'-'.join(case[0].split()[:5])}"


@pytest.mark.parametrize("case", ALL, ids=[_id(c) for c in ALL])
def test_obligations_corpus(nlp: Language, case: tuple) -> None:
    text, section, modality, actor = case
    assert _label(nlp, text, section) == (modality, actor)


@pytest.mark.parametrize("case", XFAIL, ids=[_id(c) for c in XFAIL])
@pytest.mark.xfail(strict=True)
def test_obligations_known_misses(nlp: Language, case: tuple) -> None:
    text, section, modality, actor = case
    assert _label(nlp, text, section) == (modality, actor)


@pytest.mark.parametrize("case", CASES_INSTRUMENT, ids=[_id(c) for c in CASES_INSTRUMENT])
def test_obligations_legal_instrument(nlp: Language, case: tuple) -> None:
    text, title, modality, actor = case
    section = Section("s1", None, 1, None, title)
    sentence = Sentence("x1", "s1", text, 0, len(text), kind="body")
    found = obligations_of_texts(nlp, [sentence], [section], None, instrument=True)
    assert ((found[0].modality, found[0].actor) if found else ("none", None)) == (modality, actor)


def _list_sentences(lines: list[tuple[str, str, str, str | None]]) -> list[Sentence]:
    """Sentences in reading order; kind "list_item+" is a further sentence in the same list item."""
    sentences, offset = [], 0
    for i, (kind, text, _, _) in enumerate(lines):
        offset += 1 if kind.endswith("+") else 2  # blocks are two characters apart, sentences one
        sentences.append(Sentence(f"x{i}", "s1", text, offset, offset + len(text), kind=kind.rstrip("+")))
        offset += len(text)
    return sentences


@pytest.mark.parametrize("case", LEAD_INS, ids=[c[3][0][1][:40] for c in LEAD_INS])
def test_obligations_lead_in_inheritance(nlp: Language, case: tuple) -> None:
    insurer, instrument, title, lines = case
    sentences = _list_sentences(lines)
    section = Section("s1", None, 1, None, title)
    found = obligations_of_texts(nlp, sentences, [section], insurer, instrument=instrument)
    labels = {o.sentence_id: (o.modality, o.actor) for o in found}
    got = [labels.get(s.sentence_id, ("none", None)) for s in sentences]
    assert got == [(modality, actor) for _, _, modality, actor in lines]


# fmt: off
@pytest.mark.parametrize("title, section_titles, expected", [
    ("Regeling transparantie zorginkoop 2027", ["Hoofdstuk 1 Algemeen"], True),
    ("Beleidsregels toegang jeugdhulp 2026", ["Inleiding"], True),
    ("Subsidieregeling regionale samenwerking", [], True),
    ("Besluit zorgprofielen langdurige zorg", [], True),
    ("Verordening maatschappelijke ondersteuning gemeente 2025", [], True),
    (None, ["Artikel 1 Begripsbepalingen", "Artikel 2 Reikwijdte", "Artikel 3 Bekendmaking"], True),
    ("Zorginkoopbeleid wijkverpleging 2027", ["Inleiding", "Artikel 1 van de overeenkomst"], False),
    ("Inkoopkader Wlz 2026-2028", ["Planning", "Minimumeisen"], False),
    ("Handreiking besluitvorming in de regio", [], False),
    ("Tijdelijke beleidsregel contractering jeugdhulp", [], True),
    ("Nadere regel gegevensverstrekking wijkverpleging", [], True),
    (None, ["Verordening jeugdhulp 2026", "Hoofdstuk 1"], True),
    ("Zorginkoopbeleid 2027 en de uitvoering van de Regeling transparantie", [], False),
    ("Zorginkoopbeleid Zorgverzekeringswet 2027", [], False),
    ("Wet langdurige zorg", [], True),
])
# fmt: on
def test_is_legal_instrument(title: str | None, section_titles: list[str], expected: bool) -> None:
    sections = [Section(f"s{i}", None, 1, None, t) for i, t in enumerate(section_titles)]
    assert is_legal_instrument(title, sections) is expected


def test_explanatory_sections_cover_children_and_a_trailing_note() -> None:
    sections = [
        Section("s1", None, 1, None, "Inleiding"),
        Section("s2", "s1", 2, None, "Achtergrond van de regeling"),
        Section("s3", None, 1, None, "Hoofdstuk 2 Bekendmaking"),
        Section("s4", "s3", 2, None, "Artikel 3 Termijnen"),
        Section("s5", None, 1, None, "Toelichting"),
        Section("s6", None, 1, None, "Artikel 3"),  # a flat law export: the article notes follow
    ]
    assert explanatory_sections(sections) == frozenset({"s1", "s2", "s5", "s6"})


# fmt: off
@pytest.mark.parametrize("insurer, top_titles, expected", [
    ("Menzis", ["Inkoopbeleid wijkverpleging"], "insurer"),
    (None, ["Inkoopkader van de zorgkantoren 2026"], "insurer"),
    (None, ["Beleidsregels toegang langdurige zorg"], "other"),
    (None, ["Model inkoopdocument voor gemeenten"], "other"),
])
# fmt: on
def test_we_party_of_the_publisher(insurer: str | None, top_titles: list[str], expected: str) -> None:
    sections = [Section(f"s{i}", None, 1, None, t) for i, t in enumerate(top_titles)]
    assert we_party_of(insurer, sections) == expected


def test_obligations_record_fields(nlp: Language) -> None:
    text = "Indien de zorgaanbieder niet voldoet, mag hij de prestatie niet declareren."
    section = Section("s1", None, 1, None, "Declareren")
    (ob,) = obligations_of_texts(nlp, [Sentence("x1", "s1", text, 0, len(text))], [section], INSURER)
    assert (ob.modality, ob.negated, ob.sentence_id, ob.text) == ("prohibition", True, "x1", text)
    assert ob.condition is not None and ob.condition.startswith("Indien")
    assert ob.trigger and ob.action


def test_obligations_deadline_from_dates_extractor(nlp: Language) -> None:
    import datetime

    text = "De zorgaanbieder levert de gegevens aan voor de afgesproken datum."
    sentence = Sentence("x1", "s1", text, 0, len(text))
    when = datetime.date(2026, 9, 30)
    (ob,) = obligations_of_texts(
        nlp, [sentence], [Section("s1", None, 1, None, "Planning")], INSURER, {"x1": when}
    )
    assert ob.deadline == when


def test_obligations_descriptive_sentences_yield_nothing(nlp: Language) -> None:
    sentences = [Sentence(f"x{i}", None, c[0], 0, len(c[0])) for i, c in enumerate(NEGATIVE)]
    obligations = obligations_of_texts(nlp, sentences, [], INSURER)
    assert obligations == []


# --- the norm Matcher's speed-ups find what one plain Matcher finds --------------------------


def _plain_matcher(nlp: Language) -> Matcher:
    """One Matcher over every pattern as written: what the norm matcher must find."""
    matcher = Matcher(nlp.vocab)
    for rule in load_rules():
        if rule.patterns:
            matcher.add(rule.name, [list(p) for p in rule.patterns])
    return matcher


def _hits(spans: list[Span]) -> set[tuple[str, int, int]]:
    return {(s.label_, s.start, s.end) for s in spans}


def test_norm_matcher_equals_one_plain_matcher(nlp: Language) -> None:
    texts = [case[0] for case in ALL + XFAIL]
    texts.append("Wij stellen " + "aan de zorgaanbieder die in de regio werkt en daar " * 3 + "eisen.")
    norm, plain = nlp.get_pipe("policy_norm_matcher"), _plain_matcher(nlp)
    for doc in nlp.pipe(texts):
        assert _hits(norm.find(doc)) == _hits(plain(doc, as_spans=True)), doc.text


# fmt: off
@pytest.mark.parametrize("pattern, anchor, length", [
    ([{"LOWER": "moet"}], Anchor(frozenset({"moet"})), 1),
    ([{"LOWER": {"IN": ["de", "het"]}}, {"LOWER": "eisen"}], Anchor(frozenset({"eisen"})), 2),
    ([{"LOWER": "niet", "OP": "?"}, {"LOWER": {"IN": ["mag", "mogen"]}}], Anchor(frozenset({"mag", "mogen"})), 2),
    # a frequent word (`wij`) anchors worse than a rarer one
    ([{"LOWER": "wij"}, {"OP": "{0,10}"}, {"LOWER": {"IN": ["stellen", "stelt"]}}],
     Anchor(frozenset({"stellen", "stelt"})), 12),
    # a provider word anchors better than a frequent word, worse than a rare one
    ([{"_": {"provider": True}}, {"OP": "*"}, {"LOWER": "aan"}], Anchor(extension="provider"), float("inf")),
    ([{"_": {"provider": True}}, {"LOWER": "toepassing"}], Anchor(frozenset({"toepassing"})), 2),
    ([{"_": {"insurer_ref": True}}, {"LOWER": {"REGEX": "^moet"}}], None, 2),
])
# fmt: on
def test_norm_pattern_anchor_and_length(pattern: list, anchor: Anchor | None, length: float) -> None:
    assert pattern_anchor(pattern) == anchor
    assert max_length(pattern) == length
    assert all(t.get("OP") != "{0,10}" for t in unbounded(pattern))


# fmt: off
# (sentence, its kind, the section's title, modality or None for no row, action)
CASES_KIND_AND_ACTION = [
    ("De zorgaanbieder beschikt over een geldige AGB-code;", "list_item", "Minimumeisen", "obligation", "over een geldige AGB-code"),
    ("• een kwaliteitsstatuut dat is goedgekeurd; en", "list_item", "Minimumeisen", "obligation", "een kwaliteitsstatuut dat is goedgekeurd"),  # noqa: E501
    ("De zorgaanbieder moet de offerte tijdig indienen.", "body", "Planning", "obligation", "de offerte tijdig indienen."),  # noqa: E501
    ("Kwaliteitseisen voor zorgaanbieders", "heading", "Minimumeisen", None, None),
    ("Selectieve inkoop", "heading", "Minimumeisen", None, None),
    ("3.7 U kunt op eigen verzoek kiezen voor een lager tarief 22", "toc", "Inhoudsopgave", None, None),
    ("U kunt zich ook tussentijds inschrijven voor een overeenkomst", "heading", "Contractering", "permission", None),  # noqa: E501
]
# fmt: on


@pytest.mark.parametrize(("text", "kind", "title", "modality", "action"), CASES_KIND_AND_ACTION)
def test_obligations_of_headings_and_contents_lines_and_their_actions(
    nlp: Language, text: str, kind: str, title: str, modality: str | None, action: str | None
) -> None:
    section = Section("s1", None, 1, None, title)
    found = obligations_of_texts(
        nlp, [Sentence("x1", "s1", text, 0, len(text), kind=kind)], [section], INSURER
    )
    assert [o.modality for o in found] == ([modality] if modality else [])
    if found and action is not None:
        assert found[0].action == action


VGZ, NO_INSURER = Publisher(insurer="VGZ"), Publisher(insurer=None, we="other")


@pytest.mark.parametrize(
    "text,index,publisher,expected",
    [
        ("Wij stellen eisen.", 0, VGZ, "insurer"),
        ("Wij stellen eisen.", 0, NO_INSURER, "other"),  # the publisher speaking of itself
        ("Ons team beoordeelt de aanvraag.", 0, VGZ, "insurer"),
        ("Onze verzekerden kiezen zelf.", 0, VGZ, "beneficiary"),  # ons/onze before a beneficiary
        ("De zorgverzekeraars bepalen dat.", 1, VGZ, "other"),  # other insurers in an insurer's policy
        ("De zorgverzekeraars bepalen dat.", 1, NO_INSURER, "insurer"),  # the insurers a regulation binds
        ("Het zorgkantoor beslist.", 1, VGZ, "insurer"),
        ("De patiënten wachten.", 1, VGZ, "beneficiary"),
        ("De gemeente beslist.", 1, VGZ, "other"),
        ("De zorgaanbieder levert.", 1, VGZ, "provider"),
        ("De ziekenhuizen leveren.", 1, VGZ, "provider"),
        ("De tafel staat.", 1, VGZ, None),
        ("De NZa beslist.", 1, VGZ, "other"),  # a regulator's name: an entity, in no word list
        ("De ZBC's leveren.", 1, VGZ, "provider"),  # a plural 's on a provider word
        ("Het Zorginstituut beslist.", 1, VGZ, "other"),  # a provider-like word that is a regulator's name
    ],
)
def test_party_of_a_word(
    nlp: Language, text: str, index: int, publisher: Publisher, expected: str | None
) -> None:
    doc = nlp(text)
    assert party_of(doc[index], insurer_ids(doc, publisher), publisher) == expected
