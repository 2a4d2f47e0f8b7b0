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
# Still querying directly until their repositories land; this list only shrinks.
SQL_PENDING = ("bot/reports/recognition.py",)


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def allowed(path: str, module: str) -> bool:
    if module in ALLOWED.get(path, set()):
        return True
    return module.startswith(SQL) and path.startswith(SQL_PENDING)


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


def test_modules_pending_their_repositories_still_exist() -> None:
    """An entry stays only while it is needed, so the exemption cannot outlive its module."""
    still_querying = {
        pending
        for pending in SQL_PENDING
        for path in ROOT.glob(pending + ("**/*.py" if pending.endswith("/") else ""))
        if any(m.startswith(SQL) for m in imported_modules(path))
    }
    assert still_querying == set(SQL_PENDING)
