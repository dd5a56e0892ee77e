"""Run tearlist, and turn every error into a message on stderr and an exit code."""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

from tearlist.errors import DataError, ExitCode, TearlistError


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code; the one place errors become codes."""
    try:
        from typer.main import get_command

        from tearlist import cli

        command = get_command(cli.app)
        code = command.main(args=argv, prog_name="tearlist", standalone_mode=False)
    except TearlistError as error:
        text = error.message() if isinstance(error, DataError) else str(error)
        _complain(text)
        return error.exit_code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except SystemExit as done:  # shell completion exits by itself
        return done.code if isinstance(done.code, int) else ExitCode.OK
    except Exception as error:  # noqa: BLE001 - Click's own errors, whose classes load lazily
        return _click_error(error)
    if code == ExitCode.INTERRUPTED:
        _complain("interrupted")
        return ExitCode.INTERRUPTED
    return code if isinstance(code, int) else ExitCode.OK


def _click_error(error: Exception) -> int:
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort

    if isinstance(error, NoArgsIsHelpError):
        print(error.format_message(), file=sys.stderr)
        return ExitCode.USAGE
    if isinstance(error, UsageError):
        where = error.ctx.command_path if error.ctx else "tearlist"
        hint = f" (see '{where} --help')" if error.ctx else ""
        _complain(f"{error.format_message()}{hint}", where)
        return ExitCode.USAGE
    if isinstance(error, ClickException):
        _complain(error.format_message())
        return ExitCode.USAGE
    if isinstance(error, Abort):
        _complain("interrupted")
        return ExitCode.INTERRUPTED
    raise error


def _complain(message: str, prog: str = "tearlist") -> None:
    for line in message.splitlines():
        print(f"{prog}: {line}", file=sys.stderr)


def main() -> None:
    """The console script: run with the conventions of a Unix filter."""
    if hasattr(signal, "SIGPIPE"):
        # A closed pipe (tearlist list | head -1) ends the program quietly, as it does cat.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = run()
    except KeyboardInterrupt:
        _complain("interrupted")
        code = ExitCode.INTERRUPTED
    sys.exit(code)


if __name__ == "__main__":
    main()
