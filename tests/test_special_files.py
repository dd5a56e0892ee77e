"""A catalogue that is a pipe or a device: commands may read it, completion never waits on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tearlist import loading
from tearlist.errors import FileError

TEARLIST = shutil.which("tearlist")
pytestmark = [
    pytest.mark.skipif(TEARLIST is None, reason="the tearlist command is not installed"),
    pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here"),
]


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEARLIST", "_TEARLIST"))}
    env.update(extra)
    return env


def complete(words: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A bash completion call for a command line whose last word is being completed."""
    assert TEARLIST is not None
    split = words.split(" ")
    return subprocess.run(
        [TEARLIST],
        env=environment(
            _TEARLIST_COMPLETE="complete_bash",
            COMP_WORDS="\n".join(split),
            COMP_CWORD=str(len(split) - 1),
            **env,
        ),
        capture_output=True,
        text=True,
        timeout=20,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A named pipe no one writes to."""
    path = tmp_path / "catalogue.yaml"
    os.mkfifo(path)
    return path


def test_completion_does_not_wait_on_a_fifo_named_by_data(fifo: Path) -> None:
    """TAB with --data naming a pipe answers at once, offering no title."""
    done = complete(f"tearlist --data {fifo} show Ho")
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")


def test_completion_does_not_wait_on_a_fifo_in_the_environment(fifo: Path) -> None:
    """The same with TEARLIST_DATA naming the pipe."""
    done = complete("tearlist search --cast Gong", TEARLIST_DATA=str(fifo))
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/tty", "/dev/stdin"])
def test_completion_reads_no_device(device: str) -> None:
    """A device is not a catalogue completion will read: nothing offered, nothing waited on."""
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    done = complete(f"tearlist --data {device} show Ho")
    assert (done.returncode, done.stdout.strip()) == (0, "")


def test_completion_still_reads_a_link_to_a_regular_file(tmp_path: Path) -> None:
    """Only what is not a regular file is skipped: a link to a catalogue is read."""
    link = tmp_path / "link.yaml"
    link.symlink_to(loading.bundled_path())
    assert complete(f"tearlist --data {link} show Hop").stdout == "Hope\n"


def test_loading_without_waiting_refuses_a_fifo(fifo: Path) -> None:
    """The loader, told not to wait, says the file is not a regular file."""
    with pytest.raises(FileError, match="not a regular file"):
        loading.load(fifo, wait=False)


def test_a_command_still_reads_a_pipe_the_user_gave(tmp_path: Path) -> None:
    """--data <(...) keeps working: a command waits for the pipe's writer, as cat does."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    catalogue = loading.bundled_path()
    done = subprocess.run(
        [bash, "-c", f'tearlist --data <(cat "{catalogue}") show 7 --format plain'],
        env=environment(PATH=f"{Path(str(TEARLIST)).parent}{os.pathsep}{os.environ['PATH']}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "title\tHope\n" in done.stdout
