"""The citations package's privacy is real: no module outside ``editor.core.citations`` imports
its private modules (``csl_layer``, ``csl_text``, ``bibformats``), only those it names public."""

import ast
from pathlib import Path

from editor.core.citations import PUBLIC_MODULES

EDITOR = Path(__file__).resolve().parents[3] / "editor"
PACKAGE = EDITOR / "core" / "citations"
PREFIX = "editor.core.citations"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            # ``from editor.core.citations import x`` imports the module x
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_nothing_outside_imports_the_private_modules():
    offences = []
    for path in EDITOR.rglob("*.py"):
        if PACKAGE in path.parents:
            continue
        for line, module in imported_modules(path):
            if not module.startswith(PREFIX + "."):
                continue
            first = module[len(PREFIX) + 1 :].split(".")[0]
            if first not in PUBLIC_MODULES and first != "PUBLIC_MODULES":
                offences.append(f"{path.relative_to(EDITOR.parent)}:{line}: {module}")
    assert not offences, "private citation modules imported from outside:\n" + "\n".join(offences)


def test_the_public_modules_exist():
    for name in PUBLIC_MODULES:
        assert (PACKAGE / f"{name}.py").is_file(), name
