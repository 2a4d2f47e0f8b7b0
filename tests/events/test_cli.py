from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from handlers.cli_plan_event import plan_event

EXPERTS = "expert_id,name,topic,table,absent_rounds\n" + "".join(
    f"e{i},Dr {i},{('ICU', 'Surgery', 'Research')[i % 3]},T{i},{'2' if i == 0 else ''}\n"
    for i in range(6)
)
MENTEES = "mentee_id,name,ranked_topics\n" + "".join(
    f"m{i},Mentee <{i}>,{('ICU;Surgery', 'Research', 'Surgery;ICU;Research')[i % 3]}\n"
    for i in range(20)
)


def _run(tmp_path: Path, experts: str, mentees: str, *extra: str) -> Result:
    (tmp_path / "experts.csv").write_text(experts)
    (tmp_path / "mentees.csv").write_text(mentees)
    args = [
        "--experts", str(tmp_path / "experts.csv"),
        "--mentees", str(tmp_path / "mentees.csv"),
        "--rounds", "4",
        "--out", str(tmp_path / "schedule.csv"),
        *extra,
    ]  # fmt: skip
    return CliRunner().invoke(plan_event, args)


def test_plans_and_writes_csv_and_html(tmp_path: Path) -> None:
    result = _run(tmp_path, EXPERTS, MENTEES, "--table-min", "2", "--table-max", "5",
                  "--html", str(tmp_path / "schedule.html"), "--seed", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Mentees meeting the same expert twice: 0" in output
    assert "Topic wishes met:" in output and "Mentees seated together twice:" in output
    schedule = (tmp_path / "schedule.csv").read_text()
    assert schedule.startswith("round,status,table,expert_id")
    assert schedule.count("\n") == 1 + 20 * 4
    assert "Mentee &lt;3&gt;" in (tmp_path / "schedule.html").read_text()


def test_bad_rows_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    result = _run(tmp_path, EXPERTS + "e9,,ICU,T9,\n", MENTEES + "m0,Again,ICU\n")
    assert result.exit_code == 1
    output = result.output
    assert "experts.csv: line 8: name is empty" in output
    assert "mentees.csv: line 22: mentee_id 'm0' already used on line 2" in output
    assert not (tmp_path / "schedule.csv").exists()


def test_table_min_above_table_max_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path, EXPERTS, MENTEES, "--table-min", "6", "--table-max", "5")
    assert result.exit_code == 2
