"""The Dutch vocabulary of the text-quality check, built once and kept in the cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.ingest import quality
from pipeline.settings import CACHE_DIR_ENV, cache_dir


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    quality._dutch_vocabulary.cache_clear()
    yield tmp_path / "cache"
    quality._dutch_vocabulary.cache_clear()


def test_quality_vocabulary_is_cached_and_read_back_the_same(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = quality._dutch_vocabulary()
    assert {"zorgaanbieder", "offerte", "de", "uiterlijk"} <= built
    (cached,) = fresh_cache.glob("dutch-words-*.txt")
    quality._dutch_vocabulary.cache_clear()

    def never(*_: object) -> frozenset[str]:
        raise AssertionError("built again although cached")

    monkeypatch.setattr(quality, "_build_vocabulary", never)
    assert quality._dutch_vocabulary() == built
    assert cached.stat().st_size > 1_000_000


def test_quality_vocabulary_without_a_writable_cache_folder(fresh_cache: Path) -> None:
    fresh_cache.parent.mkdir(exist_ok=True)
    fresh_cache.write_text("a file where the folder should be", encoding="utf-8")
    assert "zorgaanbieder" in quality._dutch_vocabulary()
    assert fresh_cache.is_file()  # left alone


def test_quality_vocabulary_an_emptied_cache_file_is_rebuilt(fresh_cache: Path) -> None:
    built = quality._dutch_vocabulary()
    (cached,) = fresh_cache.glob("dutch-words-*.txt")
    cached.write_text("", encoding="utf-8")
    quality._dutch_vocabulary.cache_clear()
    assert quality._dutch_vocabulary() == built
    assert cached.stat().st_size > 1_000_000


def test_quality_vocabulary_key_follows_its_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "words.json.gz"
    source.write_bytes(b"1")
    key = quality._vocabulary_key(["de", "het"], (source,))
    assert key == quality._vocabulary_key(["de", "het"], (source,))
    assert key != quality._vocabulary_key(["de", "het", "een"], (source,))
    monkeypatch.setattr(quality, "VOCABULARY_BUILD", quality.VOCABULARY_BUILD + 1)
    assert key != quality._vocabulary_key(["de", "het"], (source,))
    monkeypatch.undo()
    source.write_bytes(b"12")
    assert key != quality._vocabulary_key(["de", "het"], (source,))


def test_quality_vocabulary_file_is_readable_by_all_and_replaces_older_keys(fresh_cache: Path) -> None:
    fresh_cache.mkdir(parents=True)
    older = fresh_cache / "dutch-words-0000000000000000.txt"
    older.write_text("oud", encoding="utf-8")
    quality._dutch_vocabulary()
    (cached,) = fresh_cache.glob("dutch-words-*.txt")
    assert cached != older
    assert cached.stat().st_mode & 0o777 == 0o644
    assert list(fresh_cache.iterdir()) == [cached]  # no temporary file left either


def test_quality_vocabulary_without_a_home_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (CACHE_DIR_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache_dir() is None
    quality._dutch_vocabulary.cache_clear()
    try:
        assert "zorgaanbieder" in quality._dutch_vocabulary()
    finally:
        quality._dutch_vocabulary.cache_clear()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({CACHE_DIR_ENV: "/data/cache"}, Path("/data/cache")),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/zorginkoop-pipeline")),
        ({}, Path.home() / ".cache" / "zorginkoop-pipeline"),
    ],
)
def test_quality_cache_folder(
    environment: dict[str, str], expected: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (CACHE_DIR_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert cache_dir() == expected
