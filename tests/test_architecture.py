"""The house's shape: imports flow one way between the sub-packages, no module imports itself
round a cycle, and modules and functions stay small (the README's architecture section)."""

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "sim"
# Lowest first: a sub-package may import from its own layer and the layers before it.
# `api` mirrors the command line from Python and reuses its lookups, so it sits above `cli`.
LAYERS = ("engine", "inputs", "estimation", "experiments", "reports", "dashboard", "cli", "api")
MAX_MODULE_LINES = 320
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules `path` imports (anywhere in the file, functions included; not the
    annotations-only imports under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text())
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in modules else node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n in modules}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def test_relative_imports_are_not_used():
    for path in _modules().values():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}: relative import (use sim.<area>.<module>)"


def test_every_module_lives_in_a_declared_layer():
    top = {"sim", "sim.testing"}
    for name in _modules():
        assert name in top or _layer(name) in LAYERS, f"{name} is in no declared layer"


def test_imports_flow_one_way_between_layers():
    modules = _modules()
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    wrong = []
    for name, path in modules.items():
        mine = _layer(name)
        for other in _imports(path, modules):
            theirs = _layer(other)
            if mine and (theirs is None and other != "sim.testing" or rank[theirs] > rank[mine]):
                wrong.append(f"{name} -> {other}")
    assert not wrong, "imports against the layer order: " + ", ".join(wrong)


def test_no_import_cycles():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    for name in graph:  # __init__ re-exports are the one allowed way up
        if name.count(".") <= 1:
            graph[name] = set()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_modules_and_functions_stay_small():
    long = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text())
        lines = len(path.read_text().splitlines())
        if lines > MAX_MODULE_LINES:
            long.append(f"{name}: {lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert not long, "too long: " + ", ".join(long)


def test_the_worked_example_rule_works_as_documented():
    """docs/architecture.md's decision rule, registered as written, runs from a scenario."""
    import re

    from sim.engine import rules
    from sim.engine.model import NegotiationModel
    from sim.inputs.scenario_file import resolve
    from sim.testing import tiny_scenario

    doc = (ROOT / "docs" / "architecture.md").read_text()
    code = re.search(r"```python\n# sim/engine/rules.py\n(.*?)```", doc, re.S).group(1)
    try:
        exec(code, vars(rules).copy())  # noqa: S102 - the documented example, as written
        adopted = {}
        for share in (0.3, 0.5):  # one objector of three equal delegations holds a third
            raw = tiny_scenario((0.0, 100.0, 100.0), sessions=1, chair={"strategy": "fixed"})
            raw["zero_draft"] = {"instrument": 100.0}
            raw["defaults"]["resolve"] = 1.0  # objecting costs AFG nothing
            raw["institution"]["rule"] = {"name": "capability_veto", "share": share}
            adopted[share] = NegotiationModel(resolve(raw), rng=1).run().adopted
        assert adopted == {0.3: False, 0.5: True}
    finally:
        rules.RULES.pop("capability_veto", None)
