"""A program at a pseudo-terminal, driven by keystrokes, as a user at a terminal runs it."""

from __future__ import annotations

import os
import pty
import select
import signal
import time
from pathlib import Path


class Terminal:
    """An interactive shell at a pseudo-terminal, driven by keystrokes."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child becomes the shell
            os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        self.screen = b""

    def read(self, seconds: float) -> None:
        """Collect what the shell writes for a while."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.screen += os.read(self.fd, 65536)
                except OSError:
                    return

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def wait_for(self, path: Path, seconds: float = 20) -> None:
        """Read the screen until a file appears (or the time is up)."""
        end = time.monotonic() + seconds
        while not path.exists() and time.monotonic() < end:
            self.read(0.1)
        self.read(0.2)

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)

    def finish(self, seconds: float = 30) -> int:
        """Read the screen until the program ends; its exit code (-1 if it does not end)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read(0.1)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.read(0.1)
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        self.close()
        return -1

    def text(self) -> str:
        """The screen so far, as text with the terminal's line ends made plain."""
        return self.screen.decode("utf-8", errors="replace").replace("\r\n", "\n")
