"""The domain stays platform-neutral: bot/ and storage/ never reach into a platform SDK."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "bot": ("slack_bolt", "slack_sdk", "handlers", "microsoft_agents"),
    "storage": ("slack_bolt", "slack_sdk", "handlers", "bot.", "microsoft_agents"),
    # Requests reach the database only through storage/requests.py's repositories.
    "bot/mentoring/requests": (
        "slack_bolt",
        "slack_sdk",
        "handlers",
        "microsoft_agents",
        "sqlmodel",
        "sqlalchemy",
    ),
}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_inner_layers_import_no_platform_code(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m
            for m in imported_modules(path)
            if m.startswith(FORBIDDEN[package]) or m in FORBIDDEN[package]
        )
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}
