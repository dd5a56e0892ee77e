"""A catalogue of one's own: made by the first add, read by every command, changed by add,
remove and edit in place, with the rest of the file kept as it was."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import Run
from test_installed import TEARLIST, tearlist

from tearlist import catalogue_file, editing, loading
from tearlist.errors import FileError
from tearlist.own_catalogue import own_path

HANDMAIDEN = (
    "add",
    "--title",
    "The Handmaiden",
    "--released",
    "2016-06-01",
    "--korean-title",
    "아가씨",
    "--director",
    "Park Chan-wook (박찬욱)",
    "--cast",
    "Kim Min-hee (김민희)",
    "--cast",
    "김태리",
    "--runtime",
    "145",
    "--genre",
    "Thriller",
)


@pytest.fixture
def bundled_untouched() -> object:
    """The bundled catalogue is never written: its bytes and times are as they were."""
    path = loading.bundled_path()
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    yield
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def copy_of_bundled(tmp_path: Path, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(loading.bundled_path().read_bytes())
    return path


def test_the_first_add_makes_the_catalogue_every_command_then_reads(
    cli: Run, bundled_untouched: object
) -> None:
    """The first add copies the bundled titles under a header; list then reads that file,
    and an empty --data or TEARLIST_DATA still means the bundled catalogue."""
    assert not own_path().exists()
    result = cli(*HANDMAIDEN)
    assert result.code == 0, result.err
    assert result.out == f"added 11: The Handmaiden (2016) to {own_path()}\n"
    assert "made your own catalogue" in result.err
    text = own_path().read_text(encoding="utf-8")
    assert text.startswith("# Your own tearlist catalogue, made by `tearlist add` on ")
    assert text.endswith(
        "\n- rank: 11\n  title: The Handmaiden\n  korean_title: 아가씨\n  kind: film\n"
        "  released: 2016-06-01\n  directors:\n    - {name: Park Chan-wook, hangul: 박찬욱}\n"
        "  cast:\n    - {name: Kim Min-hee, hangul: 김민희}\n    - {name: Gim Tae-ri, hangul: 김태리}\n"
        "  runtime: 145\n  genres: [thriller]\n"
    )
    assert cli("list", "--fields", "rank").out.split() == [str(n) for n in range(1, 12)]
    assert len(cli("--data", "", "list").out.splitlines()) == 10
    os.environ["TEARLIST_DATA"] = ""
    try:
        assert len(cli("list").out.splitlines()) == 10
    finally:
        del os.environ["TEARLIST_DATA"]
    # Every spelling derived from the Hangul finds the people added by hand.
    assert cli("search", "Pak Ch'an-uk").out.split("\t")[1] == "The Handmaiden"
    assert cli("search", "Kim Tae-ri").out.split("\t")[1] == "The Handmaiden"


def test_a_dry_run_prints_the_record_and_writes_nothing(cli: Run) -> None:
    result = cli(*HANDMAIDEN, "--dry-run")
    assert result.code == 0
    assert yaml.safe_load(result.out)[0]["title"] == "The Handmaiden"
    assert not own_path().exists()


def test_a_title_already_there_is_not_added_again(cli: Run, tmp_path: Path) -> None:
    """The same title and year (in any spelling) is already there: exit 0, nothing written."""
    path = copy_of_bundled(tmp_path)
    before = path.read_bytes()
    for title in ("Train to Busan", "부산행", "train-to-busan"):
        result = cli("--data", str(path), "add", "--title", title, "--released", "2016-07-20")
        assert (result.code, result.out) == (
            0,
            "already in the catalogue as 5: Train to Busan (2016)\n",
        )
    assert path.read_bytes() == before


def test_a_title_of_another_year_gets_its_year(cli: Run, tmp_path: Path) -> None:
    """Titles are unique in a catalogue: a second Hope is added as Hope (2024)."""
    path = copy_of_bundled(tmp_path)
    result = cli("--data", str(path), "add", "--title", "Hope", "--released", "2024-05-01")
    assert result.out == f"added 11: Hope (2024) to {path}\n"
    assert "'Hope' is the title of 7: Hope; added as 'Hope (2024)'" in result.err


def test_a_rank_is_chosen_among_the_free_ones(cli: Run, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    taken = cli(
        "--data", str(path), "add", "--title", "X", "--released", "2020-01-01", "--rank", "5"
    )
    assert taken.code == 2 and "--rank 5: taken by 'Train to Busan'" in taken.err
    free = cli(
        "--data", str(path), "add", "--title", "X", "--released", "2020-01-01", "--rank", "40"
    )
    assert free.out == f"added 40: X (2020) to {path}\n"
    after = cli("--data", str(path), "add", "--title", "Y", "--released", "2020-01-01")
    assert after.out.startswith("added 41: Y (2020)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add",), "give a REF, or --title and --released"),
        (("add", "--title", "X"), "give a REF, or --title and --released"),
        (("add", "--title", "X", "--released", "2013-02-30"), "not a real date"),
        (("add", "--title", "X", "--released", "2013-01-01", "--runtime", "0"), "--runtime"),
        (("--data", "", "add", "--title", "X", "--released", "2020-01-01"), "never changed"),
        (("--data", str(loading.bundled_path()), "remove", "1"), "never changed"),
    ],
)
def test_a_bad_add_is_one_line_and_writes_nothing(
    cli: Run, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert result.code == 2 and message in result.err
    assert result.err.count("\n") == 1
    assert not own_path().exists()


def test_a_file_with_problems_is_refused_before_any_change(cli: Run, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: film", "kind: movie", 1))
    before = path.read_bytes()
    for args in (("add", "--title", "X", "--released", "2020-01-01"), ("remove", "2")):
        result = cli("--data", str(path), *args)
        assert result.code == 3 and "expected 'film' or 'series', found 'movie'" in result.err
    assert path.read_bytes() == before


def only_cut(before: str, after: str) -> list[str]:
    """The lines taken out of before to make after; fails if anything else changed."""
    removed = []
    matcher = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True))
    for tag, low, high, _, _ in matcher.get_opcodes():
        assert tag in ("equal", "delete"), tag
        if tag == "delete":
            removed += before.splitlines(True)[low:high]
    return removed


def test_remove_cuts_one_record_and_keeps_the_rest_byte_for_byte(cli: Run, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = cli("--data", str(path), "remove", "Train to Busan")
    assert result.out == f"removed 5: Train to Busan (2016) from {path}\n"
    removed = only_cut(before, path.read_text(encoding="utf-8"))
    assert removed[0] == "- rank: 5\n" and removed[-1] == "\n"
    assert "".join(removed).count("- rank:") == 1
    assert [t.rank for t in loading.load(path)] == [1, 2, 3, 4, 6, 7, 8, 9, 10]
    # The first and the last record go as cleanly.
    for ref in ("10", "1"):
        text = path.read_text(encoding="utf-8")
        assert cli("--data", str(path), "remove", ref).code == 0
        only_cut(text, path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8").startswith("# The tearlist catalogue")


def test_viewings_of_a_removed_title_stay_in_the_diary(cli: Run, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    cli("log", "Train to Busan", "--on", "2025-11-20")
    assert cli("--data", str(path), "remove", "5").code == 0
    listed = cli("--data", str(path), "diary", "--format", "json")
    viewing = json.loads(listed.out)[0]
    assert (viewing["title"], viewing["rank"]) == ("Train to Busan", None)


@pytest.mark.parametrize(
    "text",
    [
        "titles:\n  - {rank: 1, title: A, kind: film, directors: [], cast: []}\n"
        "  # about B\n  - rank: 2\n    title: B\n    kind: film\n    directors: []\n    cast: []\n",
        "# flow\n[{rank: 1, title: A, kind: film, directors: [], cast: []},\n"
        " {rank: 2, title: B, kind: film, directors: [], cast: []}]  # end\n",
    ],
    ids=["under titles", "flow"],
)
def test_add_and_remove_in_other_shapes_of_yaml(cli: Run, tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("--data", str(path), "add", "--title", "C", "--released", "2020-01-01").code == 0
    assert [t.title for t in loading.load(path, cached=False)] == ["A", "B", "C"]
    assert cli("--data", str(path), "remove", "A").code == 0
    assert cli("--data", str(path), "remove", "C").code == 0
    assert [t.title for t in loading.load(path, cached=False)] == ["B"]
    assert cli("--data", str(path), "remove", "B").code == 0
    assert loading.load(path, cached=False) == ()
    assert "# " in path.read_text(encoding="utf-8")  # the comments are kept


def test_a_json_catalogue_is_written_as_json(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    cli("export", str(path))
    assert cli("--data", str(path), "add", *HANDMAIDEN[1:]).code == 0
    assert cli("--data", str(path), "remove", "1").code == 0
    records = json.loads(path.read_text(encoding="utf-8"))
    assert [record["rank"] for record in records] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert records[-1]["cast"][1] == {"name": "Gim Tae-ri", "hangul": "김태리"}


def test_the_file_keeps_its_mode(cli: Run, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    path.chmod(0o640)
    assert cli("--data", str(path), "remove", "3").code == 0
    assert path.stat().st_mode & 0o777 == 0o640


def test_concurrent_adds_all_land(tmp_path: Path) -> None:
    """Eight processes adding at once: every title is in the file, each with its own rank."""
    path = copy_of_bundled(tmp_path)
    env = {**os.environ, "TEARLIST_DATA": str(path)}
    code = "import sys; from tearlist.__main__ import main; sys.argv[0] = 'tearlist'; main()"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, "add", "--title", f"Film {n}", "--released", "2020-01-01"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(8)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    titles = loading.load(path, cached=False)
    assert sorted(t.title for t in titles[10:]) == [f"Film {n}" for n in range(8)]
    assert sorted(t.rank for t in titles) == list(range(1, 19))


def test_a_held_lock_is_waited_for_then_reported(cli: Run, tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)
    with (
        catalogue_file.locked(path),
        pytest.raises(FileError, match="another tearlist has been changing it"),
        catalogue_file.locked(path, wait=0.2),
    ):
        pass


# edit


def script(tmp_path: Path, body: str) -> str:
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    editor.chmod(0o755)
    return str(editor)


def test_edit_keeps_a_valid_copy(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_untouched: object
) -> None:
    """The editor variable may hold arguments, split as the shell splits them."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "sed -i -e 's/runtime: 127/runtime: 128/'")
    result = cli("edit")
    assert (result.code, result.out) == (0, f"saved {own_path()}\n")
    assert cli("show", "1", "--format", "json").out.count('"runtime": 128') == 1
    assert cli("edit").out == f"no changes to {own_path()}\n"


def test_visual_comes_before_editor(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of_bundled(tmp_path)
    monkeypatch.setenv("VISUAL", script(tmp_path, 'echo "# seen by visual" >> "$1"'))
    monkeypatch.setenv("EDITOR", "false")
    assert cli("--data", str(path), "edit").code == 0
    assert path.read_text(encoding="utf-8").endswith("# seen by visual\n")


def test_an_invalid_copy_is_refused_in_a_script(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of_bundled(tmp_path)
    before = path.read_bytes()
    monkeypatch.setenv("VISUAL", "sed -i -e 's/kind: film/kind: movie/'")
    result = cli("--data", str(path), "edit")
    assert result.code == 3
    assert result.err.count("expected 'film' or 'series', found 'movie'") == 9
    assert f"tearlist: {path}:48:9: title 'Miracle in Cell No. 7'" in result.err
    assert path.read_bytes() == before


def test_a_failing_editor_changes_nothing(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "exit 7;")
    result = cli("edit")
    assert result.code == 4 and "failed (exit status 7); nothing was changed" in result.err
    assert not own_path().exists()


def test_at_a_terminal_problems_are_shown_and_the_user_may_edit_again_or_give_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = copy_of_bundled(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(editing, "interactive", lambda: True)
    edits = iter([("kind: film", "kind: movie"), ("kind: movie", "kind: film")])

    def run(copy: Path) -> None:
        old, new = next(edits)
        copy.write_text(copy.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    answers = iter([True])
    assert editing.edit(path, run=run, ask=lambda: next(answers)) == "no changes to"
    assert "48:9" in capsys.readouterr().err
    # Giving up leaves the file as it was, and says so (exit 3).
    with pytest.raises(Exception, match="gave up editing") as raised:
        editing.edit(path, run=lambda copy: copy.write_text("- 1\n"), ask=lambda: False)
    assert getattr(raised.value, "exit_code", None) == 3
    assert path.read_bytes() == before


def test_a_file_changed_while_it_was_edited_is_not_overwritten(tmp_path: Path) -> None:
    path = copy_of_bundled(tmp_path)

    def run(copy: Path) -> None:
        copy.write_text(copy.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8") + "# theirs\n", encoding="utf-8")

    with pytest.raises(Exception, match="changed while it was edited") as raised:
        editing.edit(path, run=run)
    kept = Path(str(raised.value).rsplit(" ", 1)[-1])
    assert kept.read_text(encoding="utf-8").endswith("# mine\n")
    assert path.read_text(encoding="utf-8").endswith("# theirs\n")
    kept.unlink()
    kept.parent.rmdir()


# reading it


def test_completion_offers_the_titles_of_ones_own_catalogue(
    cli: Run, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tearlist.__main__ import run

    assert cli(*HANDMAIDEN).code == 0
    line = "tearlist show The"
    for name, value in {
        "_TEARLIST_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }.items():
        monkeypatch.setenv(name, value)
    assert run([]) == 0
    assert "The Handmaiden" in capsys.readouterr().out


def test_an_unreadable_catalogue_of_ones_own_is_named_by_its_path(cli: Run) -> None:
    own_path().parent.mkdir(parents=True)
    own_path().mkdir()
    result = cli("list")
    assert (result.code, result.err) == (
        4,
        f"tearlist: {own_path()}: is a folder, not a catalogue file\n",
    )


LEAN = """
import sys
from tearlist.__main__ import run
code = run(sys.argv[1:])
new = ("tearlist.catalogue_file", "tearlist.additions", "tearlist.editing", "yaml")
print(code, *sorted(m for m in new if m in sys.modules))
"""


def test_reading_ones_own_catalogue_imports_nothing_new(cli: Run) -> None:
    """Commands other than add, edit and remove import none of their modules; with the
    cache warm, a catalogue of one's own is not even parsed."""
    assert cli(*HANDMAIDEN).code == 0
    os.utime(own_path(), ns=(0, 0))  # settled: the cache keeps it
    assert cli("list").code == 0
    done = subprocess.run(
        [sys.executable, "-c", LEAN, "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "0"


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
def test_the_installed_command_adds_and_removes(tmp_path: Path) -> None:
    """From outside the checkout, with only HOME set, the catalogue of one's own is made
    under ~/.local/share and read by the next command."""
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": ""}
    added = tearlist("add", "--title", "Parasite", "--released", "2019-05-30", cwd=tmp_path, **home)
    assert added.stdout == "added 11: Parasite (2019) to ~/.local/share/tearlist/catalogue.yaml\n"
    assert (tmp_path / ".local" / "share" / "tearlist" / "catalogue.yaml").is_file()
    listed = tearlist("list", "--fields", "title", cwd=tmp_path, **home)
    assert listed.stdout.splitlines()[-1] == "Parasite"
    removed = tearlist("remove", "Parasite", cwd=tmp_path, **home)
    assert removed.returncode == 0
    assert "Parasite" not in tearlist("list", cwd=tmp_path, **home).stdout


def at_a_terminal(argv: list[str], env: dict[str, str], answers: list[str]) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its input and output, answering each prompt."""
    import pty
    import select

    main, secondary = pty.openpty()
    process = subprocess.Popen(argv, env=env, stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    seen = b""
    pending = list(answers)
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        seen += chunk
        if pending and seen.rstrip().endswith(b"[Y/n]"):
            os.write(main, pending.pop(0).encode() + b"\n")
    os.close(main)
    return process.wait(timeout=60), seen.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed")
@pytest.mark.parametrize("answer", ["y", "n"])
def test_at_a_real_terminal_a_bad_copy_is_shown_and_edited_again_or_given_up(
    tmp_path: Path, answer: str
) -> None:
    """The first edit breaks the file; the editor runs again on a yes and mends it."""
    path = copy_of_bundled(tmp_path)
    before = path.read_bytes()
    count = tmp_path / "count"
    editor = script(
        tmp_path,
        f'echo x >> {count}\nif [ "$(wc -l < {count})" -eq 1 ]; then\n'
        "  sed -i -e 's/runtime: 127/runtime: long/' \"$1\"\nelse\n"
        "  sed -i -e 's/runtime: long/runtime: 128/' \"$1\"\nfi",
    )
    env = {**os.environ, "VISUAL": editor, "TEARLIST_DATA": str(path)}
    assert TEARLIST is not None
    code, shown = at_a_terminal([TEARLIST, "edit"], env, [answer])
    assert f"{path}:50:12: title 'Miracle in Cell No. 7' (rank 1), field 'runtime'" in shown
    assert "Edit the file again? [Y/n]" in shown
    if answer == "y":
        assert code == 0 and f"saved {path}" in shown
        assert "runtime: 128" in path.read_text(encoding="utf-8")
    else:
        assert code == 3 and "gave up editing; the file is left as it was" in shown
        assert path.read_bytes() == before


def test_the_editor_is_visual_then_editor_then_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", " ")
    monkeypatch.setenv("EDITOR", "nano -w")
    assert editing.editor() == "nano -w"
    monkeypatch.delenv("EDITOR")
    assert editing.editor() == "vi"


@pytest.mark.parametrize(
    ("typed", "again"), [("\n", True), ("y\n", True), ("No\n", False), ("", False)]
)
def test_the_question_is_answered_yes_by_default_and_no_at_the_end_of_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], typed: str, again: bool
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    assert editing.ask_again() is again
    assert capsys.readouterr().err.startswith("Edit the file again? [Y/n] ")


def test_an_editor_that_cannot_be_found_changes_nothing(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_of_bundled(tmp_path)
    before = path.read_bytes()
    monkeypatch.setenv("VISUAL", "no-such-editor-anywhere")
    result = cli("--data", str(path), "edit")
    assert result.code == 4 and "failed (exit status 127); nothing was changed" in result.err
    assert path.read_bytes() == before
