"""The import graph: layers as pyproject.toml's import-linter contract states them, and no circles."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parents[1] / "src"


def _env() -> dict[str, str]:
    # Check the source tree, whatever copy of newsdesk is installed.
    return {**os.environ, "PYTHONPATH": str(SRC)}


def test_import_layers_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint)], cwd=SRC.parent, env=_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Module-level import circles (each found once, from its first module)."""
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if state.get(imported) == 1:
                found.append(stack[stack.index(imported):] + [imported])
            elif imported not in state:
                visit(imported)
        stack.pop()
        state[module] = 2

    for module in sorted(graph.modules):
        if module not in state:
            visit(module)
    return found


def test_no_module_imports_itself_through_a_circle() -> None:
    sys.path.insert(0, str(SRC))
    try:
        graph = grimp.build_graph("newsdesk", cache_dir=None)
    finally:
        sys.path.remove(str(SRC))
    # A package's __init__ and one of its own modules (engines -> engines.local -> engines: the
    # factory table and the base class) is allowed; a circle through any other module is not.
    cycles = [c for c in _cycles(graph) if not (len(c) == 3 and c[1].rsplit(".", 1)[0] == c[0])]
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def _why(lines: list[str], lineno: int) -> str:
    """The comment that says why the import at `lineno` is function-local: on its line (a `noqa`
    marker aside), else the line above its run of imports (blank lines between them allowed)."""
    line = lines[lineno - 1]
    if "#" in line:
        said = line.split("#", 1)[1].strip()
        if said and not said.startswith("noqa"):
            return said
    above = lineno - 2
    while above >= 0 and (not lines[above].strip() or lines[above].strip().startswith(("import ", "from "))):
        above -= 1
    text = lines[above].strip() if above >= 0 else ""
    return text[1:].strip() if text.startswith("#") else ""


def _uncommented_local_imports(root: Path) -> list[str]:
    """`path:line` of every import inside a function or class whose comment does not say why it is
    there: `# optional: ...` (an extra) or `# heavy: ...` (kept off the start-up path). A lazy import
    that only hides a circle is a structure bug (docs/internals.md), so no other reason counts."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top:
                continue
            if not _why(lines, node.lineno).lower().startswith(("optional", "heavy")):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_function_local_imports_say_why() -> None:
    # Imports live at module level; a function-local one is kept only for an optional extra or a heavy
    # import off the start-up path, and says so in a comment (docs/internals.md).
    assert not _uncommented_local_imports(SRC / "newsdesk")


def test_an_uncommented_function_local_import_is_reported(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "mod.py").write_text("def f():\n    import json\n\n    # optional: needs an extra\n    import csv\n"
                                "    import io  # heavy: slow to import\n"
                                "    # circle: a and b import each other\n    import re\n"
                                "    import os  # noqa: F401\n    return json, csv, io, re, os\n")
    assert _uncommented_local_imports(pkg) == [
        "pkg/mod.py:2: import json", "pkg/mod.py:8: import re", "pkg/mod.py:9: import os  # noqa: F401"]
