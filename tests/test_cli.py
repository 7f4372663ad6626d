"""The command line: wrong folders and options give one clear line and exit status 2, creating nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.__main__ import app
from pipeline.deliver.tables import count_rows
from tests.policy_tables import write_policy_tables

USAGE = 2
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A raw folder, a fixture run, an empty folder, a folder of other files and a plain file."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.docx").write_bytes(b"not a run")
    (tmp_path / "file.txt").write_text("a file", encoding="utf-8")
    write_policy_tables(tmp_path / "run")
    return tmp_path


def invoke(place: Path, args: str):
    return CliRunner().invoke(app, args.format(tmp=place).split())


# (command line with {tmp}, exit status, words of the one error line, path that must not exist afterwards)
ERROR_CASES = [
    ("run --raw {tmp}/missing --out {tmp}/out", USAGE, "--raw {tmp}/missing: no such folder", "out"),
    ("run --raw {tmp}/file.txt --out {tmp}/out", USAGE, "is a file, not a folder", "out"),
    ("run --raw {tmp}/raw --out {tmp}/file.txt", USAGE, "--out {tmp}/file.txt is a file, not a folder", None),
    ("run --raw {tmp}/raw --out {tmp}/no/such/out", USAGE, "does not exist", "no"),
    ("run --raw {tmp}/raw --out {tmp}/raw/out", USAGE, "lies inside --raw", "raw/out"),
    ("run --raw {tmp}/raw --out {tmp}/other", USAGE, "holds other files", "other/documents.parquet"),
    ("compare --out {tmp}/empty", USAGE, "no pipeline tables in {tmp}/empty", "empty/comparisons.parquet"),
    ("compare --out {tmp}/missing", USAGE, "no pipeline tables in {tmp}/missing", "missing"),
    ("calendar --out {tmp}/empty --ics {tmp}/p.ics", USAGE, "no pipeline tables in {tmp}/empty", "p.ics"),
    ("brief --out {tmp}/empty --to {tmp}/briefs", USAGE, "no pipeline tables in {tmp}/empty", "briefs"),
    ("brief --out {tmp}/other --to {tmp}/briefs", USAGE, "no pipeline tables in {tmp}/other", "briefs"),
    ("calendar --out {tmp}/run --ics {tmp}/p.ics --kind soon", USAGE, "--kind soon: choose from", "p.ics"),
    ("calendar --out {tmp}/run --ics {tmp}/p.ics --actor iedereen", USAGE, "--actor iedereen", "p.ics"),
    ("calendar --out {tmp}/run --ics {tmp}/run", USAGE, "is a folder, not a file", None),
    ("brief --out {tmp}/run --to {tmp}/briefs --format pdf", USAGE, "--format pdf: choose from", "briefs"),
    (
        "brief --out {tmp}/run --to {tmp}/briefs --insurer Menzis",
        USAGE,
        "--insurer Menzis has no policy",
        "briefs",
    ),
    ("brief --out {tmp}/run --to {tmp}/briefs --doc ffff", USAGE, "--doc ffff is not in this run", "briefs"),
    ("calendar --out {tmp}/run --ics {tmp}/p.ics --from 2030-01-01", 1, "nothing written", "p.ics"),
]


@pytest.mark.parametrize(
    ("args", "status", "message", "absent"),
    ERROR_CASES,
    ids=[
        "run_missing_raw",
        "run_raw_is_file",
        "run_out_is_file",
        "run_out_parent_missing",
        "run_out_inside_raw",
        "run_out_holds_other_files",
        "compare_empty_folder",
        "compare_missing_folder",
        "calendar_empty_folder",
        "brief_empty_folder",
        "brief_folder_of_other_files",
        "calendar_unknown_kind",
        "calendar_unknown_actor",
        "calendar_ics_is_folder",
        "brief_unknown_format",
        "brief_unknown_insurer",
        "brief_unknown_doc",
        "calendar_nothing_matches",
    ],
)
def test_cli_error_is_one_clear_line_and_creates_nothing(
    place: Path, args: str, status: int, message: str, absent: str | None
) -> None:
    result = invoke(place, args)
    assert result.exit_code == status, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert message.format(tmp=place) in lines[0]
    assert "Traceback" not in result.output
    if absent:
        assert not (place / absent).exists()


@pytest.mark.parametrize(
    "args",
    ["calendar --out {tmp}/run --from 16-09-2026", "brief --out {tmp}/run --today morgen", "run --jobs veel"],
    ids=["calendar_date_format", "brief_date_format", "run_jobs_not_a_number"],
)
def test_cli_bad_option_values_are_usage_errors(place: Path, args: str) -> None:
    result = invoke(place, args)
    assert result.exit_code == USAGE
    assert "Traceback" not in result.output


def test_cli_compare_prints_what_it_wrote(place: Path) -> None:
    result = invoke(place, "compare --out {tmp}/run")
    assert result.exit_code == 0, result.output
    rows = count_rows(place / "run", "comparisons")
    assert rows > 0
    assert result.output.strip() == (
        f"{rows} differences (1 series, 1 pair of consecutive policies) written to "
        f"{place / 'run' / 'comparisons.parquet'}"
    )


def test_cli_calendar_prints_the_events_written(place: Path) -> None:
    result = invoke(place, "calendar --out {tmp}/run --ics {tmp}/p.ics --from 2026-04-15")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"4 events written to {place / 'p.ics'}"
    assert (place / "p.ics").read_bytes().count(b"BEGIN:VEVENT") == 4


@pytest.mark.parametrize(
    ("fmt", "files"),
    [("html", 4), ("md", 4), ("xlsx", 1)],
)
def test_cli_brief_prints_every_file_written(place: Path, fmt: str, files: int) -> None:
    result = invoke(place, f"brief --out {{tmp}}/run --to {{tmp}}/briefs --format {fmt} --today 2026-04-15")
    assert result.exit_code == 0, result.output
    written = [Path(line.removeprefix("written ")) for line in result.output.strip().splitlines()]
    assert len(written) == files
    assert all(p.exists() and p.suffix == f".{fmt}" for p in written)


def test_cli_run_of_one_policy_never_imports_pandas(tmp_path: Path) -> None:
    """No series of two policy years, nothing to compare: the command's process spares itself
    pandas (about 0.7 CPU s of every run) and still writes every table, comparisons included."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "beleid.txt").write_text(
        "Inkoopbeleid wijkverpleging 2027\n\nDe zorgaanbieder levert uiterlijk 1 juni 2026 de offerte in.\n",
        encoding="utf-8",
    )
    code = (
        "import sys\nfrom pipeline.__main__ import app\n"
        f"app(['run', '--raw', {str(tmp_path / 'raw')!r}, '--out', {str(tmp_path / 'out')!r}, '--jobs', '1',"
        " '--no-progress'], standalone_mode=False)\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]
    assert (tmp_path / "out" / "comparisons.parquet" / "part-0.parquet").exists()
    assert count_rows(tmp_path / "out", "dates") == 1
