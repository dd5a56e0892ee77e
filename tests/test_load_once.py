"""A command reads its catalogue once, however many of its parts (filters, tables, the diary)
ask for it."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Run

from tearlist import loading


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--seen", "--format", "table"],
        ["list", "--unseen"],
        ["show", "5"],
        ["stats", "--by", "seen"],
        ["pick", "--unseen", "--seed", "1"],
        ["search", "Gong Yoo", "--seen"],
        ["diary"],
    ],
)
def test_a_command_loads_the_catalogue_once(
    args: list[str], cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a viewing logged, each command still loads the catalogue a single time."""
    assert cli("log", "5", "--on", "2024-01-02").code == 0
    calls: list[Any] = []
    real = loading.load

    def counted(*positional: Any, **named: Any) -> Any:
        calls.append(positional)
        return real(*positional, **named)

    monkeypatch.setattr(loading, "load", counted)
    assert cli(*args).code == 0
    assert len(calls) == 1
