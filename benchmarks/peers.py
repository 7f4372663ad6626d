"""Peer benchmark: our dates and amounts against Duckling (nl) and dateparser's search_dates.

Not a test. Runs each peer over the raw policy documents, writes its dates/amounts in the
CONTRACT.md table format, scores every output with eval/score.py and prints one table:

    python benchmarks/peers.py --raw ../shared/corpus --ours /tmp/scored --out /tmp/peers

--ours is a normal `python -m pipeline run` output directory; its documents table (doc_id,
policy_year, ...) is copied into the peer outputs so the scorer matches the same documents.
Both peers get a fixed reference time (1 January of the contracting round, policy_year - 1),
never today's date. Peers label every date `mention`; they have no notion of qualifiers.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW = ROOT.parent / "shared" / "corpus"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "gold"
FALLBACK_REFERENCE = datetime.datetime(2024, 1, 1)
DATE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sentence_id", pa.string()),
        ("text", pa.string()),
        ("value", pa.date32()),
        ("granularity", pa.string()),
        ("qualifier", pa.string()),
    ]
)
GRAINS = {
    "day": "day",
    "hour": "day",
    "minute": "day",
    "second": "day",
    "month": "month",
    "quarter": "quarter",
}


def read_document(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n\n".join(page.extract_text() or "" for page in pdf.pages)
    return path.read_text(encoding="utf-8", errors="replace")


def paragraphs(text: str) -> Iterator[tuple[str, str]]:
    """(paragraph id, paragraph text with line breaks joined)."""
    for number, block in enumerate(re.split(r"\n\s*\n", text)):
        joined = " ".join(block.split())
        if joined:
            yield f"p{number}", joined


def documents_table(raw: Path, ours: Path | None) -> pd.DataFrame:
    files = sorted(p for p in raw.iterdir() if p.suffix.lower() in (".txt", ".md", ".pdf", ".html"))
    if ours is not None and (ours / "documents.parquet").exists():
        known = pd.read_parquet(ours / "documents.parquet")
        known = known[known.source_file.map(lambda s: Path(str(s)).name).isin({p.name for p in files})]
        if len(known):
            return known.reset_index(drop=True)
    rows = [
        {
            "doc_id": hashlib.sha256(p.read_bytes()).hexdigest()[:16],
            "source_file": p.name,
            "insurer": None,
            "care_domain": None,
            "policy_year": None,
            "title": None,
        }
        for p in files
    ]
    return pd.DataFrame(rows)


def reference_time(policy_year: object) -> datetime.datetime:
    if policy_year is None or pd.isna(policy_year):
        return FALLBACK_REFERENCE
    return datetime.datetime(int(policy_year) - 1, 1, 1)


# --- Duckling ------------------------------------------------------------------------------


class DucklingPeer:
    """pyduckling-native: dims time and amount-of-money, Dutch locale, fixed reference time."""

    name = "duckling"

    def __init__(self) -> None:
        import duckling

        self._duckling = duckling
        self._zones = duckling.load_time_zones("/usr/share/zoneinfo")
        self._locale = duckling.default_locale_lang(duckling.parse_lang("NL"))
        self._dims = duckling.parse_dimensions(["time", "amount-of-money"])

    def run(self, text: str, reference: datetime.datetime) -> tuple[list[dict], list[dict]]:
        stamp = int(reference.replace(tzinfo=datetime.UTC).timestamp())
        context = self._duckling.Context(
            self._duckling.parse_ref_time(self._zones, "Europe/Amsterdam", stamp), self._locale
        )
        dates: list[dict] = []
        amounts: list[dict] = []
        for pid, paragraph in paragraphs(text):
            for hit in self._duckling.parse(paragraph, context, self._dims, False):
                if hit["dim"] == "time":
                    dates.extend(self._dates(pid, paragraph[hit["start"] : hit["end"]], hit["value"]))
                elif hit["dim"] == "amount-of-money" and hit["value"].get("value") is not None:
                    amounts.append(
                        {
                            "sentence_id": pid,
                            "text": paragraph[hit["start"] : hit["end"]],
                            "value": float(hit["value"]["value"]),
                            "currency": "EUR"
                            if hit["value"].get("unit") in ("EUR", "€")
                            else str(hit["value"].get("unit")),
                        }
                    )
        return dates, amounts

    @staticmethod
    def _dates(pid: str, surface: str, value: dict) -> Iterator[dict]:
        points = (
            [value]
            if value.get("type") == "value"
            else [v for v in (value.get("from"), value.get("to")) if v]
        )
        for point in points:
            grain = GRAINS.get(point.get("grain", ""))
            if grain and point.get("value"):
                yield {
                    "sentence_id": pid,
                    "text": surface,
                    "value": datetime.date.fromisoformat(point["value"][:10]),
                    "granularity": grain,
                    "qualifier": "mention",
                }


# --- dateparser ----------------------------------------------------------------------------


class DateparserPeer:
    """dateparser.search.search_dates(languages=["nl"]) with a fixed RELATIVE_BASE; no amounts."""

    name = "dateparser"

    def run(self, text: str, reference: datetime.datetime) -> tuple[list[dict], list[dict]]:
        from dateparser.search import search_dates

        settings = {"DATE_ORDER": "DMY", "RELATIVE_BASE": reference, "PREFER_DAY_OF_MONTH": "first"}
        dates: list[dict] = []
        for pid, paragraph in paragraphs(text):
            for surface, moment in search_dates(paragraph, languages=["nl"], settings=settings) or []:
                dates.append(
                    {
                        "sentence_id": pid,
                        "text": surface,
                        "value": moment.date(),
                        "granularity": "day",
                        "qualifier": "mention",
                    }
                )
        return dates, []


# --- driver --------------------------------------------------------------------------------


def run_peer(peer: DucklingPeer | DateparserPeer, raw: Path, documents: pd.DataFrame, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    dates: list[dict] = []
    amounts: list[dict] = []
    for doc in documents.itertuples():
        text = read_document(raw / Path(str(doc.source_file)).name)
        found_dates, found_amounts = peer.run(text, reference_time(doc.policy_year))
        dates += [{"doc_id": doc.doc_id, **d} for d in found_dates]
        amounts += [{"doc_id": doc.doc_id, **a} for a in found_amounts]
    documents.to_parquet(out / "documents.parquet", index=False)
    frame = pd.DataFrame(dates, columns=[f.name for f in DATE_SCHEMA])
    pq.write_table(
        pa.Table.from_pandas(frame, schema=DATE_SCHEMA, preserve_index=False), out / "dates.parquet"
    )
    pd.DataFrame(amounts, columns=["doc_id", "sentence_id", "text", "value", "currency"]).to_parquet(
        out / "amounts.parquet", index=False
    )


def score(pred: Path, gold: Path, scorer: Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [sys.executable, str(scorer), "--pred", str(pred), "--gold", str(gold), "--json", report.name],
            check=True,
            capture_output=True,
        )
        return json.loads(Path(report.name).read_text())["overall"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    parser.add_argument("--ours", type=Path, help="output dir of `python -m pipeline run` on --raw")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "peers")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    args = parser.parse_args()

    documents = documents_table(args.raw, args.ours)
    results: dict[str, dict] = {}
    if args.ours is not None:
        results["ours"] = score(args.ours, args.gold, args.scorer)
    for peer in (DucklingPeer(), DateparserPeer()):
        run_peer(peer, args.raw, documents, args.out / peer.name)
        results[peer.name] = score(args.out / peer.name, args.gold, args.scorer)

    print(f"{'system':<12} {'dates F1':>9} {'dates+q F1':>11} {'amounts F1':>11}")
    for name, overall in results.items():
        cells = [overall.get(k, {}).get("f1", float("nan")) for k in ("dates", "dates_q", "amounts")]
        print(f"{name:<12} {cells[0]:>9.3f} {cells[1]:>11.3f} {cells[2]:>11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
