"""How completion values are handed to each shell, so that no catalogue text is ever run.

Typer 0.28 writes completions for zsh as `_arguments '*: :(("value"))'`, which zsh
evaluates twice (the script runs `eval $(...)`, and `_arguments` evaluates the list
again); it escapes quotes, `$` and backticks but not backslashes, so a title ending in a
backslash lets the rest of the line run as commands, and apostrophes are lost. It passes
PowerShell values unquoted, to be inserted as they are. tearlist therefore registers its
own classes in place of Typer's, after Typer has registered its own (see run() in
tearlist/__main__.py): each writes values in a form its shell takes as plain text, and
drops any value with a control character, which no shell can show or insert harmlessly.
"""

import os
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import (
    BashComplete,
    FishComplete,
    PowerShellComplete,
    ZshComplete,
)

# Control characters, format characters (bidi overrides, zero-width marks), surrogates,
# private-use and unassigned code points, and line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
INSTRUCTION = re.compile(rf"(?:source|complete)_(?:{'|'.join(SHELLS)})")


def offerable(text: str) -> bool:
    """Whether a value can be offered at all: nothing a terminal would obey or hide."""
    if text.isascii():
        return text.isprintable()
    return not any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in text)


def prepare(value: str) -> str | None:
    """A value as it may be offered to the shell running the completion, or None if it
    cannot be offered safely. The classes below write it in each shell's form: Typer keeps
    only values that begin with what was typed, unquoted, so they are not quoted here."""
    return preparer()(value)


def preparer() -> Callable[[str], str | None]:
    """prepare, with what it reads of the environment read once, for many values."""
    bash = os.environ.get("_TEARLIST_COMPLETE") == "complete_bash"
    quote = _open_quote(_bash_word()) if bash else None

    def prepared(value: str) -> str | None:
        if not offerable(value):
            return None
        return value if not bash or fits_bash(value, quote) else None

    return prepared


# Characters bash does not take as themselves outside quotes (all but [\w@%+,./-]).
_BASH_SPECIAL = re.compile(r"[^\w@%+,./-]")
# Bash's script expands file names in what completion prints (COMPREPLY=( $(...) )), so
# a value holding a pattern character could be swapped for the names of files that match.
_BASH_GLOB = frozenset("*?[")
# What stays active inside the quote the user opened: expansions, escapes, history.
_BASH_ACTIVE = {"'": frozenset("'") | _BASH_GLOB, '"': frozenset('$`\\"!') | _BASH_GLOB}


def for_bash(value: str, quote: str | None) -> str | None:
    """A value as bash inserts it: as it is inside a quote the user opened, else with every
    special character escaped (Hello\\ Ghost); None if it cannot sit in that quote."""
    if quote is not None:
        return None if _BASH_ACTIVE[quote].intersection(value) else value
    return _BASH_SPECIAL.sub(_bash_escaped, value)


def fits_bash(value: str, quote: str | None) -> bool:
    """Whether for_bash can write a value for the quote the user opened (or none)."""
    return quote is None or not _BASH_ACTIVE[quote].intersection(value)


def _bash_escaped(match: re.Match[str]) -> str:
    char = match[0]
    # A pattern character is written $'\x2a', which holds no pattern for bash to expand.
    return f"$'\\x{ord(char):02x}'" if char in _BASH_GLOB else "\\" + char


def _bash_word() -> str:
    """The word being completed, as typed (quotes included), from what bash passed."""
    words = os.environ.get("COMP_WORDS", "")
    # The script joins the words with newlines; a hand-made call may use spaces.
    split = words.split("\n") if "\n" in words else words.split(" ")
    try:
        return split[int(os.environ.get("COMP_CWORD", ""))]
    except (IndexError, ValueError):
        return ""


def _open_quote(word: str) -> str | None:
    """The quote left open at the end of a word as bash reads it, if any."""
    quote: str | None = None
    escaped = False
    for char in word:
        if quote == "'":
            quote = None if char == "'" else quote
        elif escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote == '"':
            quote = None if char == '"' else quote
        elif char in "'\"":
            quote = char
    return quote


def _safe(items: list[CompletionItem]) -> list[CompletionItem]:
    return [item for item in items if offerable(item.value)]


def _help(item: CompletionItem) -> str:
    """An item's help on one line, with nothing a terminal would obey."""
    text = " ".join(str(item.help or "").split())
    return "".join(char for char in text if offerable(char))


class SafeBash(BashComplete):
    """Bash: a value fit for the quote the user opened, or escaped; one a line."""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        quote = self._quote()
        items = _safe(super().get_completions(args, incomplete))
        return [item for item in items if fits_bash(item.value, quote)]

    def format_completion(self, item: CompletionItem) -> str:
        return for_bash(item.value, self._quote()) or ""

    def _quote(self) -> str | None:
        """The quote the user left open, read once a completion."""
        if not hasattr(self, "_open"):
            self._open = _open_quote(_bash_word())
        return self._open


def _zsh_word(text: str) -> str:
    """A zsh word that means text whatever zsh does with it: $'...' with every ASCII
    character but letters and digits written as a hex escape, so no space, quote,
    backslash or glob character is left for word splitting or evaluation to act on."""
    return (
        "$'"
        + "".join(
            char if char.isalnum() or not char.isascii() else f"\\x{ord(char):02x}" for char in text
        )
        + "'"
    )


class SafeZsh(ZshComplete):
    """Zsh: values given to compadd, which quotes them as it inserts them."""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = _safe(self.get_completions(args, incomplete))
        if not items:
            return "_files"
        plain = [item for item in items if not item.help]
        described = [item for item in items if item.help]
        commands = []
        if plain:
            commands.append("compadd -- " + " ".join(_zsh_word(item.value) for item in plain))
        if described:
            # _describe splits each entry at its first colon not escaped by a backslash;
            # option names hold no backslash.
            entries = (item.value.replace(":", "\\:") + ":" + _help(item) for item in described)
            commands.append("local -a _tearlist_described")
            commands.append("set -A _tearlist_described " + " ".join(map(_zsh_word, entries)))
            commands.append("_describe -t values value _tearlist_described")
        return " ; ".join(commands)


class SafeFish(FishComplete):
    """Fish: one value a line, a tab before its help; fish escapes what it inserts."""

    def format_completion(self, item: CompletionItem) -> str:
        return f"{item.value}\t{_help(item)}" if item.help else item.value

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        return _safe(super().get_completions(args, incomplete))


# PowerShell takes these four as single quotes too.
_POWERSHELL_QUOTES = re.compile("['\u2018\u2019\u201a\u201b]")
_POWERSHELL_PLAIN = re.compile(r"\w[\w.-]*")


class SafePowerShell(PowerShellComplete):
    """PowerShell: the script inserts a value as it is, so it is given in single quotes,
    where PowerShell expands nothing; a value holding the script's separator is dropped."""

    def format_completion(self, item: CompletionItem) -> str:
        value = item.value
        if not _POWERSHELL_PLAIN.fullmatch(value):
            value = "'" + _POWERSHELL_QUOTES.sub(lambda quote: quote[0] * 2, value) + "'"
        return f"{value}:::{_help(item) or ' '}"

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        items = _safe(super().get_completions(args, incomplete))
        return [item for item in items if ":::" not in item.value]


def install() -> None:
    """Put tearlist's classes in place of Typer's, for every shell Typer knows."""
    classes: dict[str, Any] = {
        "bash": SafeBash,
        "zsh": SafeZsh,
        "fish": SafeFish,
        "powershell": SafePowerShell,
        "pwsh": SafePowerShell,
    }
    for name, cls in classes.items():
        add_completion_class(cls, name)
