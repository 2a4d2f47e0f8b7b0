"""Start-up cost of the CLI and of building the app `rounds serve` runs, in fresh processes.

    uv run python bench/startup.py [--runs 5] [--tree PATH]

For each entry point: CPU seconds (best of --runs, user + system), the `python -X importtime`
total (sum of every module's own import time, best of --runs), how many modules loaded,
and which heavy libraries among them. --tree runs another checkout's code with this
environment, to compare before and after a change.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "ortools", "alembic", "numpy", "pandas", "rapidfuzz", "slack_bolt")
CLI = "from handlers.cli import main\nimport sys\nsys.argv = ['rounds', *{args!r}]\n" + (
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
)
SLACK_APP = """
from bot.settings import load_settings
from devtools.slack.fake_api import FakeSlack
import handlers.serve
from handlers.slack.app import build_app
fake = FakeSlack().start()
build_app(load_settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET="s",
    SLACK_APP_TOKEN=None, SLACK_API_URL=fake.api_url, DATABASE_URL="sqlite:///{database}"))
"""
REPORT = (
    "\nimport sys\nprint('modules', len(sys.modules), "
    "','.join(n for n in {heavy!r} if n in sys.modules) or '-', file=sys.stderr)\n"
)
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|")


def run(code: str, tree: Path, importtime: bool) -> tuple[float, int, str, float]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "DATABASE"))
    }
    environment["PYTHONPATH"] = str(tree)
    flags = ["-X", "importtime"] if importtime else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    finished = subprocess.run(
        [sys.executable, *flags, "-c", code + REPORT.format(heavy=HEAVY)],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    summary = [line for line in finished.stderr.splitlines() if line.startswith("modules ")][-1]
    _, count, heavy = summary.split(" ")
    own = sum(int(m.group(1)) for m in IMPORT_LINE.finditer(finished.stderr)) / 1e6
    return cpu, int(count), heavy, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    database = Path(os.environ.get("TMPDIR", "/tmp")) / f"rounds-startup-{os.getpid()}.db"
    entries = {
        "import handlers.cli": "import handlers.cli",
        "rounds --help": CLI.format(args=["--help"]),
        "rounds match --help": CLI.format(args=["match", "--help"]),
        "rounds plan-event --help": CLI.format(args=["plan-event", "--help"]),
        "build the Slack app (serve)": SLACK_APP.format(database=database),
    }
    print(f"tree {args.tree}, best of {args.runs}")
    print(f"{'entry point':<30} {'CPU s':>6} {'importtime s':>12} {'modules':>7}  heavy loaded")
    for name, code in entries.items():
        runs = [run(code, args.tree, importtime=False) for _ in range(args.runs)]
        timed = [run(code, args.tree, importtime=True) for _ in range(args.runs)]
        cpu = min(r[0] for r in runs)
        _, count, heavy, _ = runs[-1]
        own = min(t[3] for t in timed)
        print(f"{name:<30} {cpu:6.3f} {own:12.3f} {count:7}  {heavy}")
    database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
