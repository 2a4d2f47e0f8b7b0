"""The Dockerfile and compose.yaml, checked against the package (CI has no image builder)."""

import json
import re
import shlex
import shutil
import subprocess
import tomllib
from fnmatch import fnmatch
from importlib import import_module
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from bot.settings import Settings
from handlers.cli import main
from handlers.health import HEALTH_PATHS

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def exec_form(arguments: str) -> list[str]:
    parsed: list[str] = json.loads(arguments)
    return parsed


def arguments_of(keyword: str) -> list[str]:
    return [rest for name, rest in instructions() if name == keyword]


def final_stage() -> list[tuple[str, str]]:
    rows = instructions()
    last_from = max(i for i, (name, _) in enumerate(rows) if name == "FROM")
    return rows[last_from:]


def test_the_image_runs_the_packaged_rounds_command() -> None:
    (entrypoint,) = arguments_of("ENTRYPOINT")
    (command,) = arguments_of("CMD")
    program, *first_args = exec_form(entrypoint)
    target = PYPROJECT["project"]["scripts"][program]
    module_name, attribute = target.split(":")

    assert callable(getattr(import_module(module_name), attribute))
    subcommand = [*first_args, *exec_form(command)]
    assert CliRunner().invoke(main, [*subcommand, "--help"]).exit_code == 0


def test_the_exposed_port_is_the_default_port_and_the_healthcheck_a_served_path() -> None:
    (exposed,) = arguments_of("EXPOSE")
    (healthcheck,) = arguments_of("HEALTHCHECK")
    environment = " ".join(rest for name, rest in final_stage() if name == "ENV")

    assert int(exposed.split("/")[0]) == Settings.model_fields["PORT"].default
    assert f"PORT={exposed}" in environment
    probed = re.search(r"(/[a-z]+)'", healthcheck)
    assert probed is not None and probed[1] == "/healthz" and probed[1] in HEALTH_PATHS
    assert "'PORT', '3000'" in healthcheck


def test_the_image_is_multi_stage_slim_non_root_and_without_dev_tools() -> None:
    stages = arguments_of("FROM")
    syncs = [rest for rest in arguments_of("RUN") if rest.startswith("uv sync")]

    assert len(stages) >= 2 and all("slim" in stage for stage in stages)
    assert syncs and all("--no-dev" in s and "--frozen" in s for s in syncs)
    users = [rest for name, rest in final_stage() if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert not [rest for name, rest in final_stage() if name == "COPY" and "--from" not in rest]


def test_every_copied_path_exists_and_is_not_ignored() -> None:
    ignored = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("!")
    ]
    copied = [
        source
        for rest in arguments_of("COPY")
        if "--from" not in rest
        for source in shlex.split(rest)[:-1]
    ]

    assert copied
    for source in copied:
        assert (ROOT / source).exists(), source
        assert not any(fnmatch(source, pattern) for pattern in ignored), source
    for secret in (".env", "rounds.db", ".git", ".venv"):
        assert any(fnmatch(secret, pattern) for pattern in ignored), secret
    packages = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert set(packages) <= set(copied)


def test_compose_runs_two_replicas_of_the_image_on_one_postgresql() -> None:
    services = COMPOSE["services"]
    replicas = {
        name: service
        for name, service in services.items()
        if service.get("image") == "rounds:latest" and service.get("command") != ["migrate"]
    }
    builder = [s for s in services.values() if "build" in s]

    assert len(replicas) == 2
    assert builder and builder[0]["image"] == "rounds:latest"
    postgres = services["postgres"]
    urls = set()
    for service in replicas.values():
        url = make_url(service["environment"]["DATABASE_URL"].replace("${", "").replace("}", ""))
        urls.add((url.drivername, url.host, url.port, url.database))
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert urls == {
        ("postgresql+psycopg", "postgres", 5432, postgres["environment"]["POSTGRES_DB"])
    }
    host_ports = [port for s in replicas.values() for port in s["ports"]]
    assert len(set(host_ports)) == 2 and all(p.endswith(":3000") for p in host_ports)


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker on this machine")
def test_the_image_builds_where_a_builder_runs() -> None:
    daemon = subprocess.run(["docker", "info"], capture_output=True, timeout=20)
    if daemon.returncode != 0:
        pytest.skip("docker is installed but no Docker daemon is running")
    built = subprocess.run(
        ["docker", "build", "-t", "rounds:test", str(ROOT)], capture_output=True, timeout=900
    )
    assert built.returncode == 0, built.stderr.decode()[-2000:]
    version = subprocess.run(
        ["docker", "run", "--rm", "rounds:test", "--version"], capture_output=True, timeout=60
    )
    assert version.stdout.decode().startswith("rounds ")
