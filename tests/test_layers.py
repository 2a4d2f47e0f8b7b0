"""Layers point one way: handlers/ -> bot/ -> storage/, and no product code needs devtools/."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ("slack_bolt", "slack_sdk", "handlers", "microsoft_agents", "devtools")
SQL = ("sqlmodel", "sqlalchemy")
FORBIDDEN = {
    # bot/ reaches the database only through repositories in storage/.
    "bot": (*PLATFORMS, *SQL),
    "storage": (*PLATFORMS, "bot."),
    # The product never depends on its test doubles; only `rounds demo` reaches them.
    "handlers": ("devtools",),
}
ALLOWED = {"handlers/cli.py": {"devtools.demo"}}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def allowed(path: str, module: str) -> bool:
    return module in ALLOWED.get(path, set())


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_inner_layers_import_no_platform_code(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m
            for m in imported_modules(path)
            if (m.startswith(FORBIDDEN[package]) or m in FORBIDDEN[package])
            and not allowed(str(path.relative_to(ROOT)), m)
        )
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}
