"""The shape of the code: data flows one way. Entry points (mail, chat, console, command line)
call the application; the application calls the domain and the store; nothing lower imports
anything higher, and no module imports itself back through others (an import circle), even
inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "panelclerk"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports() -> dict[str, set[str]]:
    """Each module's imports of the package's modules, wherever they stand in the file."""
    modules = _modules()
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package[: len(package) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    target = target if target in modules else base
                    if target in modules and target != name:
                        edges[name].add(target)
            elif isinstance(node, ast.Import):
                edges[name] |= {a.name for a in node.names if a.name in modules} - {name}
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_back_through_others():
    assert _circles(_imports()) == []


def test_the_domain_the_store_and_the_wire_import_nothing_above_them():
    above = (
        "panelclerk.application",
        "panelclerk.bot",
        "panelclerk.web",
        "panelclerk.cli",
        "panelclerk.intake",
    )
    lower = ("panelclerk.workflow", "panelclerk.store", "panelclerk.mail", "panelclerk.outbox")
    for name, targets in _imports().items():
        if name.startswith(lower):
            assert not [t for t in targets if t.startswith(above)], name
        if name.startswith("panelclerk.intake"):  # reading a message: below the application
            assert not [t for t in targets if t.startswith(above[:-1])], name
        if name.startswith("panelclerk.workflow"):
            assert not [t for t in targets if not t.startswith("panelclerk.workflow")], name


def test_the_application_imports_no_entry_point():
    entry_points = ("panelclerk.bot", "panelclerk.web", "panelclerk.cli")
    for name, targets in _imports().items():
        if name.startswith("panelclerk.application"):
            assert not [t for t in targets if t.startswith(entry_points)], name
