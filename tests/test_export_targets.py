"""Where export may write: names of folders are refused, and a replaced file keeps its owner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Run


@pytest.mark.parametrize("suffix", ["/", "//", "/.", "/..", "/./"])
def test_a_name_that_means_a_folder_is_refused(cli: Run, tmp_path: Path, suffix: str) -> None:
    """z.md/ (or z.md/., z.md/..) names a folder, as cp takes it, whether or not one exists."""
    target = f"{tmp_path}/z.md{suffix}"
    result = cli("export", target)
    assert result.code == 4
    assert result.err == f"tearlist: {target}: names a folder; give a file name to export to\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", [".", "..", "./", ""])
def test_the_current_and_parent_folders_are_refused(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The folder itself, its parent, or an empty name: refused, with one line and exit 4."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = cli("export", name, "--force")
    assert result.code == 4
    assert result.err.startswith("tearlist: ")
    assert result.err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [work]
    assert list(work.iterdir()) == []


def test_a_parent_that_is_a_file_is_named(cli: Run, tmp_path: Path) -> None:
    """A path through a file says the file is not a folder."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = cli("export", f"{tmp_path}/notes.txt/deeper/z.md")
    assert result.code == 4
    assert "is not a folder" in result.err or "no such folder" in result.err
    result = cli("export", f"{tmp_path}/notes.txt/z.md")
    assert result.err == f"tearlist: {tmp_path}/notes.txt: is not a folder; cannot export into it\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_forced_export_as_root_keeps_the_owner_and_group(cli: Run, tmp_path: Path) -> None:
    """Replacing a user's file as root leaves it the user's, with its group and mode."""
    target = tmp_path / "theirs.md"
    target.write_text("old", encoding="utf-8")
    os.chown(target, 4321, 8765)
    target.chmod(0o640)
    assert cli("export", str(target), "--force").code == 0
    status = target.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (4321, 8765, 0o640)
    assert target.read_text(encoding="utf-8").startswith("# tearlist catalogue")


def test_forced_export_keeps_a_group_the_user_may_set(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the owner cannot be set, the group still is; where neither can, the file is ours."""
    target = tmp_path / "shared.md"
    target.write_text("old", encoding="utf-8")
    before = target.stat()
    calls: list[tuple[int, int]] = []

    def fchown(descriptor: int, owner: int, group: int) -> None:
        calls.append((owner, group))
        if owner != -1:
            raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", fchown)
    assert cli("export", str(target), "--force").code == 0
    assert calls == [(before.st_uid, before.st_gid), (-1, before.st_gid)]


def test_forced_export_replaces_the_file_not_its_hard_links(cli: Run, tmp_path: Path) -> None:
    """Replacing makes a new file: another name for the old one keeps the old content."""
    target = tmp_path / "tears.md"
    target.write_text("old", encoding="utf-8")
    other = tmp_path / "other-name.md"
    os.link(target, other)
    assert cli("export", str(target), "--force").code == 0
    assert other.read_text(encoding="utf-8") == "old"
    assert target.read_text(encoding="utf-8") != "old"


def test_the_diary_export_refuses_a_folder_name_too(cli: Run, tmp_path: Path) -> None:
    """diary export checks its target by the same rule as export."""
    target = f"{tmp_path}/viewings.json/"
    result = cli("diary", "export", target)
    assert result.code == 4
    assert result.err == f"tearlist: {target}: names a folder; give a file name to export to\n"
    assert list(tmp_path.iterdir()) == []
