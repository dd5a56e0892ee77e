"""Long output at a terminal goes through a pager, as git and gh send it.

Only a command writing to a terminal imports this module: in a pipe nothing is paged.
"""

from __future__ import annotations

import os
import shlex
import subprocess

DEFAULT = "less -FRX"


def pager_command() -> str:
    """The pager to run: TEARLIST_PAGER, else PAGER, else less -FRX; empty means none."""
    for name in ("TEARLIST_PAGER", "PAGER"):
        if name in os.environ:
            return os.environ[name].strip()
    return DEFAULT


def page(text: str) -> bool:
    """Show text through the pager and wait for it; False if there is no pager to run (an
    empty setting, a command that cannot be read or started), for the caller to write it."""
    command = pager_command()
    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    if not argv or argv == ["cat"]:
        return False
    environment = dict(os.environ)
    # less shows colours and quits on a short screen unless told otherwise, as git sets it.
    environment.setdefault("LESS", "FRX")
    environment.setdefault("LV", "-c")
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    assert pager.stdin is not None  # stdin=PIPE
    try:
        pager.stdin.write(text.encode("utf-8", "replace"))
        pager.stdin.close()
    except OSError:  # the pager was quit before it read everything
        pass
    while True:
        try:
            pager.wait()
        except KeyboardInterrupt:  # Ctrl-C is the pager's to handle; wait until it ends
            continue
        return True
