"""The shape of the code, read from its syntax trees: pages and ui/ ask the analysis through the
functions themselves (never a module or function named in a string), ui/ has no import circle,
and local modules are imported at the top of a file, where the import graph shows them."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREEN = sorted((ROOT / "ui").glob("*.py")) + sorted((ROOT / "app_pages").glob("*.py"))

# Local modules that stay imported inside a function, because importing them costs most of a
# second and few page views need them.
LAZY = {
    "analysis.export.xlsx",  # openpyxl: only when a workbook is downloaded
    "analysis.export.deck",  # python-pptx: only when the deck is downloaded
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported(node: ast.AST) -> list[str]:
    """The modules an import statement names (`from a import b` names a and a.b: b may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _local(name: str) -> bool:
    return name.split(".")[0] in ("analysis", "ui")


def _function_level_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, what) for each local module or name imported inside a function."""
    found = []
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for node in ast.walk(func):
                names = _imported(node)
                if names and _local(names[0]):
                    found += [(node.lineno, name) for name in (names[1:] or names)]
    return found


def _string_named_calls(tree: ast.Module) -> list[int]:
    """Lines that resolve analysis code by name: importlib, __import__, or ask(ws, "module", ...)."""
    lines = []
    for node in ast.walk(tree):
        if any(name.split(".")[0] == "importlib" for name in _imported(node)):
            lines.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in ("import_module", "__import__"):
            lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr in ("import_module", "optional"):
            lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and _called(node) == "ask" and len(node.args) > 1
              and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            lines.append(node.lineno)
    return lines


def _called(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _ui_graph() -> dict[str, set[str]]:
    """ui module -> the ui modules it imports anywhere in the file (a function-level import
    closes a circle just as well as a top-level one)."""
    modules = {f"ui.{p.stem}" for p in (ROOT / "ui").glob("*.py") if p.stem != "__init__"}
    graph = {}
    for module in modules:
        tree = _tree(ROOT / "ui" / (module.split(".")[1] + ".py"))
        graph[module] = {name for node in ast.walk(tree) for name in _imported(node) if name in modules} - {module}
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of the graph as [a, b, ..., a], or None."""
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt]
            if nxt not in state and (found := visit(nxt, trail + [node])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [])):
            return found
    return None


def test_screen_code_asks_the_analysis_through_functions_not_names():
    found = {str(p.relative_to(ROOT)): lines for p in SCREEN if (lines := _string_named_calls(_tree(p)))}
    assert found == {}, f"analysis code named in strings (pass the function itself to data.ask): {found}"


def test_the_string_check_catches_the_old_form():
    old = ast.parse('import importlib\nx = data.ask(ws, "headline", "headline", code)\n'
                    'y = data.optional(ws, "history", "predecessors")\n')
    assert _string_named_calls(old) == [1, 2, 3]
    assert _string_named_calls(ast.parse("x = data.ask(ws, compare.coverage, code, 2024, '', peers)\n")) == []


def test_no_import_circle_inside_ui():
    assert _circle(_ui_graph()) is None, f"ui/ imports itself round: {' -> '.join(_circle(_ui_graph()))}"


def test_the_circle_check_finds_a_circle():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_local_modules_are_imported_at_the_top_of_screen_code():
    found = {}
    for path in SCREEN:
        late = [(line, name) for line, name in _function_level_imports(_tree(path)) if name not in LAZY]
        if late:
            found[str(path.relative_to(ROOT))] = late
    assert found == {}, f"import these at the top of the file (or say in LAZY why not): {found}"


def test_the_late_import_check_sees_imports_inside_functions():
    tree = ast.parse("from ui import data\n\ndef f():\n    from analysis.export import xlsx\n    import os\n")
    assert _function_level_imports(tree) == [(4, "analysis.export.xlsx")]
