"""Run tearlist, and turn every error into a message on stderr and an exit code."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from tearlist.errors import DataError, ExitCode, Stopped, TearlistError, UsageError
from tearlist.text import describe, visible


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code; the one place errors become codes."""
    try:
        from typer.main import get_command

        from tearlist import cli

        command = get_command(cli.app)
        instruction = os.environ.get("_TEARLIST_COMPLETE")
        if instruction:
            _prepare_completion(instruction)
        code = command.main(args=argv, prog_name="tearlist", standalone_mode=False)
    except TearlistError as error:
        # Every message is one line; validate's report is one line a problem.
        for line in error.lines() if isinstance(error, DataError) else [str(error)]:
            _complain(line)
        return error.exit_code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED  # Typer returns this code for an interrupt too
    except Stopped as stop:
        _complain(f"stopped by {signal.Signals(stop.number).name}")
        return stop.exit_code
    except SystemExit as done:  # shell completion exits by itself
        if isinstance(done.code, int):
            return done.code
        return ExitCode.OK if done.code is None else ExitCode.NOT_FOUND
    except OSError as error:  # the output could not be written: a full disk, a closed stream
        _discard_output()
        _complain(f"cannot write the output: {error.strerror or error}")
        return ExitCode.FILE_ERROR
    except Exception as error:  # noqa: BLE001 - Click's own errors, whose classes load lazily
        if os.environ.get("_TEARLIST_COMPLETE"):  # a shell's completion call made by hand
            return ExitCode.NOT_FOUND
        return _click_error(error, list(sys.argv[1:] if argv is None else argv))
    if code == ExitCode.INTERRUPTED:
        _complain("interrupted")
        return ExitCode.INTERRUPTED
    return code if isinstance(code, int) else ExitCode.OK


def _prepare_completion(instruction: str) -> None:
    """Check a shell completion call, and put tearlist's shell formats in place of Typer's.

    This runs after get_command(), which registers Typer's own completion classes.
    """
    from tearlist.cli import completion_shells

    if not completion_shells.INSTRUCTION.fullmatch(instruction):
        shells = ", ".join(completion_shells.SHELLS)
        raise UsageError(
            f"_TEARLIST_COMPLETE: unknown completion instruction {describe(instruction)}; "
            f"expected source_SHELL or complete_SHELL, SHELL being one of {shells}"
        )
    completion_shells.install()


def _discard_output() -> None:
    """Point standard output at nothing, so output still buffered is not retried at exit."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


def _click_error(error: Exception, argv: list[str]) -> int:
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort

    if isinstance(error, NoArgsIsHelpError):
        print(error.format_message(), file=sys.stderr)
        return ExitCode.USAGE
    if isinstance(error, UsageError):
        from typer.main import get_command

        from tearlist import cli
        from tearlist.usage_errors import message

        _complain(message(error, get_command(cli.app), argv))
        return ExitCode.USAGE
    if isinstance(error, ClickException):
        _complain(error.format_message())
        return ExitCode.USAGE
    if isinstance(error, Abort):
        _complain("interrupted")
        return ExitCode.INTERRUPTED
    raise error


def _complain(message: str, prog: str = "tearlist") -> None:
    """Write a message to stderr as one line, with no control character or line break raw."""
    try:
        print(f"{prog}: {visible(message)}", file=sys.stderr, flush=True)
    except OSError:
        return


def main() -> None:
    """The console script: run with the conventions of a Unix filter."""
    if hasattr(signal, "SIGPIPE"):
        # A closed pipe (tearlist list | head -1) ends the program quietly, as it does cat.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A stream closed before the start (tearlist list >&-) is None: write it to nowhere.
    if sys.stdout is None:
        sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - open as long as the process
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w")  # noqa: SIM115 - open as long as the process
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # Under a C locale Python decodes arguments as ASCII; take their bytes as the UTF-8 they are.
    argv = [os.fsencode(arg).decode("utf-8", "surrogateescape") for arg in sys.argv[1:]]
    try:
        code = run(argv)
    except KeyboardInterrupt:
        _complain("interrupted")
        code = ExitCode.INTERRUPTED
    sys.exit(code)


if __name__ == "__main__":
    main()
