"""The package's layers: no module of tearlist imports, at its top or inside a function, a
module that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import tearlist

PACKAGE = Path(tearlist.__file__).parent


def _module_name(path: Path) -> str:
    parts = ("tearlist", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of tearlist and the modules of tearlist it imports, lazily or not."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                inner = {f"{node.module}.{alias.name}" for alias in node.names}
                found.update(inner & modules.keys() or {node.module})
        graph[name] = {module for module in found if module in modules and module != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One chain of imports that comes back to where it began, if there is one."""
    done: set[str] = set()

    def visit(module: str, chain: list[str]) -> list[str] | None:
        if module in chain:
            return [*chain[chain.index(module) :], module]
        if module in done:
            return None
        for imported in sorted(graph[module]):
            found = visit(imported, [*chain, module])
            if found:
                return found
        done.add(module)
        return None

    for module in sorted(graph):
        found = visit(module, [])
        if found:
            return found
    return None


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = _imports()
    assert "tearlist.notes" in graph["tearlist.records"]  # the walk sees imports at all
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
