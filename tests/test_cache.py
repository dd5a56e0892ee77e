"""The cache of parsed catalogues: used when the file is unchanged, ignored whenever in doubt."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tearlist import cache, loading
from tearlist.errors import DataError

GOOD = "- {rank: 1, title: Hope, kind: film, directors: [Lee Joon-ik], cast: []}\n"


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test count as settled, so that they are cached at once."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)


def entries() -> list[Path]:
    """The files in the cache folder."""
    folder = cache.folder()
    assert folder is not None
    return sorted(folder.glob("*.json")) if folder.exists() else []


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any parse fail loudly, to show that a load came from the cache."""

    def parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loading, "parse", parse)


def test_an_unchanged_file_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load of an unchanged file comes from the cache, with the same records."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    first = loading.load(path)
    assert len(entries()) == 1
    refuse_to_parse(monkeypatch)
    assert loading.load(path) == first


def test_the_bundled_catalogue_is_cached() -> None:
    """Loading the bundled catalogue twice gives the same records, the second from the cache."""
    assert loading.load() == loading.load()
    assert len(entries()) == 1


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    """Any change of size or time makes the entry stale."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    path.write_text(GOOD.replace("Hope", "Wish"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert loading.load(path)[0].title == "Wish"


def test_an_invalid_file_is_never_cached(tmp_path: Path) -> None:
    """A catalogue with problems is reported every time, and nothing is kept."""
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("film", "movie"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError):
            loading.load(path)
    assert entries() == []


def test_a_damaged_entry_is_ignored(tmp_path: Path) -> None:
    """A cache file that is not what it should be is passed over and rewritten."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    [entry] = entries()
    for damage in ("{not json", "[]", '{"identity": {}, "data": []}'):
        entry.write_text(damage, encoding="utf-8")
        assert loading.load(path)[0].title == "Hope"


def test_an_entry_that_fails_validation_is_ignored(tmp_path: Path) -> None:
    """Cached content is validated like the file; if it does not hold, the file is read."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    [entry] = entries()
    entry.write_text(
        entry.read_text(encoding="utf-8").replace('"film"', '"opera"'), encoding="utf-8"
    )
    assert loading.load(path)[0].title == "Hope"


def test_an_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the cache folder cannot be made, loading works as if there were no cache."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TEARLIST_CACHE", str(blocker / "cache"))
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert loading.load(path)[0].title == "Hope"


def test_an_empty_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TEARLIST_CACHE= (empty) means no cache at all."""
    monkeypatch.setenv("TEARLIST_CACHE", "")
    assert cache.folder() is None
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    assert cache.slot(path) is None


def test_the_xdg_cache_folder_is_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without TEARLIST_CACHE the cache is in $XDG_CACHE_HOME/tearlist, or ~/.cache/tearlist."""
    monkeypatch.delenv("TEARLIST_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "tearlist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.folder() == tmp_path / ".cache" / "tearlist"


def test_a_large_file_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files over the size limit are parsed each time instead of copied into the cache."""
    monkeypatch.setattr(cache, "LIMIT", 10)
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    assert entries() == []


def test_a_missing_file_has_no_entry(tmp_path: Path) -> None:
    """A file that cannot be found is not looked up in the cache."""
    assert cache.slot(tmp_path / "missing.yaml") is None


def test_a_file_changed_while_it_was_read_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The identity is taken before reading: a file replaced meanwhile is not cached as new."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    real_parse = loading.parse

    def parse_then_replace(*args: Any, **kwargs: Any) -> Any:
        data = real_parse(*args, **kwargs)
        replacement = tmp_path / "new.yaml"
        replacement.write_text(GOOD.replace("Hope", "Wish"), encoding="utf-8")
        replacement.replace(path)
        return data

    monkeypatch.setattr(loading, "parse", parse_then_replace)
    assert loading.load(path)[0].title == "Hope"
    monkeypatch.setattr(loading, "parse", real_parse)
    assert entries() == []
    assert loading.load(path)[0].title == "Wish"


def test_a_file_changed_a_moment_ago_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file modified within the last two seconds may change again unseen: it is not kept."""
    monkeypatch.setattr(cache, "SETTLED_NS", 2_000_000_000)
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    assert entries() == []
    os.utime(path, ns=(1, 1))
    loading.load(path)
    assert len(entries()) == 1


def test_a_link_in_the_cache_folder_is_replaced_not_followed(tmp_path: Path) -> None:
    """A symbolic link planted where an entry goes never gets its target overwritten."""
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    kept = cache.slot(path)
    assert kept is not None
    kept.entry.parent.mkdir(parents=True, exist_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    kept.entry.symlink_to(victim)
    loading.load(path)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not kept.entry.is_symlink()
