"""A damaged, planted or foreign cache entry is a miss, never a crash, a hang or a lie."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tearlist import cache, loading
from tearlist.errors import DataError

GOOD = "- {rank: 1, title: Hope, kind: film, directors: [Lee Joon-ik], cast: []}\n"


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test count as settled, so that they are cached at once."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)


def cached_file(folder: Path) -> tuple[Path, Path]:
    """A catalogue loaded once, and its cache entry."""
    path = folder / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loading.load(path)
    kept = cache.slot(path)
    assert kept is not None
    assert kept.entry.is_file()
    return path, kept.entry


def deep_json(entry: Path) -> None:
    entry.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")


def deep_but_parsable(entry: Path) -> None:
    identity = json.loads(entry.read_text(encoding="utf-8"))["identity"]
    data = {"identity": identity, "data": [{"rank": 1, "title": "x", "cast": [[[[[[[]]]]]]]}]}
    entry.write_text(json.dumps(data), encoding="utf-8")


def wrong_shapes(entry: Path) -> None:
    identity = json.loads(entry.read_text(encoding="utf-8"))["identity"]
    data = {"identity": identity, "data": {"titles": [{"rank": [], "title": {}, "kind": 3}]}}
    entry.write_text(json.dumps(data), encoding="utf-8")


def bad_utf8(entry: Path) -> None:
    entry.write_bytes(b'{"identity": "\xff\xfe", "data": []}')


def a_fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def link_to_dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def link_to_a_good_entry(entry: Path) -> None:
    copy = entry.with_name("elsewhere.json")
    entry.rename(copy)
    entry.symlink_to(copy)


def huge(entry: Path) -> None:
    with entry.open("ab") as stream:
        stream.truncate(cache.ENTRY_LIMIT + 1)


def a_folder(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


def writable_by_others(entry: Path) -> None:
    entry.chmod(0o666)


DAMAGE: list[Callable[[Path], None]] = [
    deep_json,
    deep_but_parsable,
    wrong_shapes,
    bad_utf8,
    link_to_a_good_entry,
    huge,
    a_folder,
    writable_by_others,
]
# These would hang or fill memory if read as files are: they are tried in a separate
# process, with a time limit and a memory cap.
HANGING: list[Callable[[Path], None]] = [a_fifo, link_to_dev_zero]


@pytest.mark.parametrize("damage", DAMAGE, ids=[damage.__name__ for damage in DAMAGE])
def test_a_damaged_entry_is_a_miss(
    damage: Callable[[Path], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever is in an entry's place, the file is parsed again and gives its titles."""
    path, entry = cached_file(tmp_path)
    damage(entry)
    kept = cache.slot(path)
    assert kept is not None
    assert kept.read() is None or damage in (deep_but_parsable, wrong_shapes)
    assert [title.title for title in loading.load(path)] == ["Hope"]


def _capped() -> None:
    """Cap the process's memory, so that an unbounded read fails instead of filling it."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("damage", HANGING, ids=[damage.__name__ for damage in HANGING])
def test_an_entry_that_would_block_or_never_end_is_a_miss(
    damage: Callable[[Path], None], tmp_path: Path
) -> None:
    """A FIFO or a link to /dev/zero planted as an entry: the command still answers at once."""
    tearlist = shutil.which("tearlist")
    if tearlist is None:
        pytest.skip("the tearlist command is not installed")
    env = {**os.environ, "TEARLIST_CACHE": str(tmp_path / "cache")}
    env.pop("TEARLIST_DATA", None)
    first = subprocess.run([tearlist, "list"], env=env, capture_output=True, timeout=60)
    assert first.returncode == 0
    planted = list((tmp_path / "cache").glob("*.json"))
    assert planted
    for entry in planted:
        damage(entry)
    again = subprocess.run(
        [tearlist, "list"], env=env, capture_output=True, timeout=30, preexec_fn=_capped
    )
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, b"")


def test_an_entry_of_another_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry (or cache folder) owned by someone else is never read: it could plant titles."""
    path, entry = cached_file(tmp_path)
    kept = cache.slot(path)
    assert kept is not None
    assert kept.read() is not None
    monkeypatch.setattr(os, "getuid", lambda: entry.stat().st_uid + 1)
    assert kept.read() is None


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    """A shared, writable cache folder is neither read nor written."""
    path, entry = cached_file(tmp_path)
    folder = entry.parent
    folder.chmod(0o777)
    kept = cache.slot(path)
    assert kept is not None
    assert kept.read() is None
    entry.unlink()
    loading.load(path)
    assert list(folder.iterdir()) == []


def test_entries_are_private(tmp_path: Path) -> None:
    """Entries are written readable and writable by their owner only, whatever the umask."""
    old = os.umask(0o002)
    try:
        _, entry = cached_file(tmp_path)
    finally:
        os.umask(old)
    assert entry.stat().st_mode & 0o777 == 0o600


def test_the_parser_is_part_of_the_key(tmp_path: Path) -> None:
    """JSON read once as YAML (through a .yaml link) does not make a later JSON read succeed."""
    # Valid YAML, but not valid JSON: a JSON read must fail every time.
    path = tmp_path / "c.json"
    path.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "c.yaml"
    link.symlink_to(path)
    assert [title.title for title in loading.load(link)] == ["Hope"]
    with pytest.raises(DataError):
        loading.load(path)
    yaml_slot, json_slot = cache.slot(link, "yaml"), cache.slot(path, "json")
    assert yaml_slot is not None
    assert json_slot is not None
    assert yaml_slot.entry != json_slot.entry


def test_json_through_standard_input_does_not_poison_the_cache(tmp_path: Path) -> None:
    """A .json file given as /dev/stdin is read as YAML; a later --data FILE.json still fails."""
    tearlist = shutil.which("tearlist")
    if tearlist is None or not Path("/dev/stdin").exists():
        pytest.skip("needs the installed command and /dev/stdin")
    path = tmp_path / "c.json"
    path.write_text(GOOD, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # settled, so that it would be cached
    env = {**os.environ, "TEARLIST_CACHE": str(tmp_path / "cache")}
    env.pop("TEARLIST_DATA", None)
    with path.open("rb") as stdin:
        through = subprocess.run(
            [tearlist, "--data", "/dev/stdin", "list"],
            stdin=stdin,
            env=env,
            capture_output=True,
            timeout=60,
        )
    assert through.returncode == 0
    direct = subprocess.run(
        [tearlist, "--data", str(path), "list"], env=env, capture_output=True, timeout=60
    )
    assert direct.returncode == 3
    assert b"JSON syntax error" in direct.stderr


@pytest.mark.parametrize("relative", ["~/.cache", ".cache", "cache/here"])
def test_a_relative_xdg_cache_home_is_ignored(
    relative: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative XDG_CACHE_HOME is ignored, as the XDG specification says: ~/.cache is used."""
    monkeypatch.delenv("TEARLIST_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", relative)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "tearlist"


@pytest.mark.parametrize("home", [None, "", "relative/home", "~"])
def test_without_a_usable_home_there_is_no_cache(
    home: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No HOME, an empty or a relative one: no cache at all, and nothing is created."""
    monkeypatch.delenv("TEARLIST_CACHE")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    monkeypatch.chdir(tmp_path)
    assert cache.folder() is None
    assert loading.load()
    assert list(tmp_path.iterdir()) == []


def test_a_relative_tearlist_cache_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TEARLIST_CACHE must be absolute; a relative one makes no folder where tearlist runs."""
    monkeypatch.setenv("TEARLIST_CACHE", "~/.cache/tearlist")
    monkeypatch.chdir(tmp_path)
    assert cache.folder() is None
    assert loading.load()
    assert list(tmp_path.iterdir()) == []


def test_a_relative_xdg_cache_home_creates_nothing_here(tmp_path: Path) -> None:
    """The installed command, run with XDG_CACHE_HOME='~/.cache', makes no ./~ folder."""
    tearlist = shutil.which("tearlist")
    if tearlist is None:
        pytest.skip("the tearlist command is not installed")
    env = {k: v for k, v in os.environ.items() if k != "TEARLIST_CACHE"}
    env.update(XDG_CACHE_HOME="~/.cache", HOME=str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run([tearlist, "list"], cwd=work, env=env, capture_output=True, timeout=60)
    assert done.returncode == 0
    assert list(work.iterdir()) == []
    assert (tmp_path / "home" / ".cache" / "tearlist").is_dir()
