"""export: every file format, atomic writes, and never overwriting without --force."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
import yaml
from conftest import Run
from markdown_it import MarkdownIt

from tearlist import export, loading
from tearlist.errors import FileError


def names(folder: Path) -> list[str]:
    """The names of the files in a folder."""
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("tears.json", lambda text: len(json.loads(text)) == 10),
        ("tears.jsonl", lambda text: len([json.loads(line) for line in text.splitlines()]) == 10),
        ("tears.csv", lambda text: len(list(csv.DictReader(io.StringIO(text)))) == 10),
        ("tears.yaml", lambda text: len(yaml.safe_load(text)) == 10),
        ("tears.md", lambda text: text.startswith("# tearlist catalogue\n")),
    ],
)
def test_export_format_follows_the_extension(
    cli: Run, tmp_path: Path, name: str, check: object
) -> None:
    """The file's extension picks the format, and the file parses as that format."""
    target = tmp_path / name
    result = cli("export", str(target))
    assert (result.code, result.out) == (0, "")
    assert result.err == f"wrote 10 titles to {target}\n"
    assert check(target.read_text(encoding="utf-8"))  # type: ignore[operator]


def test_yaml_export_loads_back_identically(cli: Run, tmp_path: Path) -> None:
    """Exporting to YAML and loading the file gives the very same records."""
    target = tmp_path / "copy.yaml"
    assert cli("export", str(target)).code == 0
    assert loading.load(target) == loading.load()
    assert cli("--data", str(target), "list").out == cli("list").out


def test_json_export_loads_back_identically(cli: Run, tmp_path: Path) -> None:
    """A JSON export is a valid catalogue too."""
    target = tmp_path / "copy.json"
    assert cli("export", str(target)).code == 0
    assert loading.load(target) == loading.load()


def test_export_takes_the_list_filters(cli: Run, tmp_path: Path) -> None:
    """export writes what the filters and sort select."""
    target = tmp_path / "films.yaml"
    assert cli("export", str(target), "--kind", "film", "--sort", "released").code == 0
    titles = loading.load(target)
    assert [title.rank for title in titles] == [2, 9, 6, 3, 1, 7, 4, 5, 8]


def test_markdown_export_is_a_complete_document(cli: Run) -> None:
    """The Markdown document has a heading, a summary table and a section for each title."""
    out = cli("export", "-").out
    tokens = MarkdownIt("commonmark").enable("table").parse(out)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "tearlist catalogue"
    assert headings[1:] == [f"{t.rank}. {t.title}" for t in loading.load()]
    assert sum(1 for t in tokens if t.type == "tr_open") == 11
    assert "- **network**: KBS2" in out


def test_export_to_stdout_in_a_chosen_format(cli: Run) -> None:
    """export - writes to stdout, in the format asked for."""
    result = cli("export", "-", "--format", "csv", "--year", "2016")
    assert result.out.splitlines()[1].startswith(
        "5,Train to Busan,부산행,Busanhaeng,film,2016-07-20,"
    )


def test_export_refuses_to_overwrite(cli: Run, tmp_path: Path) -> None:
    """An existing file is left untouched without --force, and replaced with it."""
    target = tmp_path / "mine.md"
    target.write_text("my notes\n", encoding="utf-8")
    result = cli("export", str(target))
    assert result.code == 4
    assert result.err == f"tearlist: {target}: already exists; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "my notes\n"
    assert cli("export", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("# tearlist catalogue")
    assert names(tmp_path) == ["mine.md"]


def test_forced_export_keeps_the_files_permissions(cli: Run, tmp_path: Path) -> None:
    """Replacing a file keeps its mode."""
    target = tmp_path / "shared.json"
    target.write_text("[]", encoding="utf-8")
    target.chmod(0o640)
    assert cli("export", str(target), "--force").code == 0
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/out.md", "{tmp}/missing: no such folder to export to"),
        ("afile/out.md", "{tmp}/afile: is not a folder; cannot export into it"),
        (".", "{tmp}: is a folder; give a file name to export to"),
    ],
)
def test_export_to_a_bad_place_exits_4(cli: Run, tmp_path: Path, name: str, message: str) -> None:
    """A folder that does not exist, or is a file, is a file error naming the path."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = cli("export", str(tmp_path / name))
    assert result.code == 4
    assert result.err == "tearlist: " + message.format(tmp=tmp_path) + "\n"


def test_unknown_extension_is_a_usage_error(cli: Run, tmp_path: Path) -> None:
    """A file name whose extension names no format needs --format."""
    result = cli("export", str(tmp_path / "tears.txt"))
    assert result.code == 2
    assert "cannot tell the format of" in result.err and "use --format" in result.err
    assert cli("export", str(tmp_path / "tears.txt"), "--format", "json").code == 0


def test_a_failure_part_way_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails after some bytes leaves the target as it was and no temporary file."""
    target = tmp_path / "tears.json"
    target.write_text("old", encoding="utf-8")

    def failing_fsync(descriptor: int) -> None:
        os.write(descriptor, b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", failing_fsync)
    with pytest.raises(FileError, match="No space left on device"):
        export.write_atomic(target, "new content", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert names(tmp_path) == ["tears.json"]


def test_an_interrupt_part_way_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the write leaves no target and no temporary file."""
    target = tmp_path / "tears.json"

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.write_atomic(target, "new content")
    assert names(tmp_path) == []


def test_a_file_that_appears_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The no-overwrite rule holds at the final rename too, not only in the first check."""
    target = tmp_path / "race.md"
    real_fsync = os.fsync

    def someone_else_writes(descriptor: int) -> None:
        real_fsync(descriptor)
        target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(export.os, "fsync", someone_else_writes)
    with pytest.raises(FileError, match="already exists"):
        export.write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert names(tmp_path) == ["race.md"]


def test_without_hard_links_the_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links the file is renamed into place."""

    def no_links(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(export.os, "link", no_links)
    target = tmp_path / "out.md"
    export.write_atomic(target, "text")
    assert target.read_text(encoding="utf-8") == "text"
    assert names(tmp_path) == ["out.md"]
