"""The documents the Teams manifest, operators and packagers rely on exist and agree."""

import json
import re
import tomllib
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot.settings import Settings
from devtools.slack.harness import LocalRounds

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def github_anchors(markdown: str) -> set[str]:
    """The fragment GitHub gives each heading: lower case, punctuation dropped, spaces to -."""
    headings = re.findall(r"^#{1,6} (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_the_teams_manifest_links_to_anchors_the_readme_has() -> None:
    manifest = json.loads((ROOT / "handlers/teams/manifest.json").read_text())
    developer = manifest["developer"]
    anchors = github_anchors(README)

    for key in ("privacyUrl", "termsOfUseUrl"):
        base, _, fragment = developer[key].partition("#")
        assert base == developer["websiteUrl"], key
        assert fragment in anchors, f"{key} links to #{fragment}, which README.md lacks"


def test_readme_links_within_itself_resolve() -> None:
    anchors = github_anchors(README)
    linked = set(re.findall(r"\]\(#([\w-]+)\)", README))

    assert linked - anchors == set()


def test_the_license_file_is_the_license_pyproject_names() -> None:
    license_text = (ROOT / "LICENSE").read_text()

    assert PYPROJECT["project"]["license"]["text"] == "MIT"
    assert license_text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in license_text


def test_the_changelog_has_an_entry_for_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    version = PYPROJECT["project"]["version"]

    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
    assert re.search(rf"^\[{re.escape(version)}\]: https://", changelog, re.M)


def test_every_setting_is_in_the_readme_table() -> None:
    rows = set(re.findall(r"^\| `([A-Z_]+)` \|", README, re.MULTILINE))

    assert set(Settings.model_fields) - rows == set()


def test_every_metric_rounds_exposes_is_explained_in_the_readme() -> None:
    with LocalRounds() as rounds:
        text = rounds.app.metrics.scrape().decode()
    names = {family.name for family in text_string_to_metric_families(text)}
    ours = {name for name in names if name.startswith("rounds_")}
    explained = {
        name.removesuffix("_total")
        for name in re.findall(r"^\| `(rounds_\w+)", README, re.MULTILINE)
    }

    assert ours and ours - explained == set()
    assert "process_" in text and "`process_*`" in README
