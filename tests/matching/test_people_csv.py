import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.career import CareerStage
from bot.matching.people_csv import parse_career_stage, read_people
from bot.matching.profiles import DepartmentPreference
from handlers.cli_match import match

ROSTER = """\
id,name,role,specialty,career_stage,topics,text,capacity,department,department_preference,\
languages,never_pair
ann@x,Ann,mentee,peds cards,PGY-2,fellowhsip apps,peds cards fellowship QI,,Peds,prefer,en; es,cat@x
bob@x,Bob,mentor,pediatric cardiology,attending,"fellowship; QI","fellowship apps, echo",2,peds,,en,
cat@x,Cat,mentor,cardiology,fellow,research,research and boards,1,Medicine,,es,
dan@x,Dan,mentee,xyzzy,PGY-2,,,,,,,
eve@x,Eve,mentor,peds,faculty,,,lots,,,,
fay@x,Fay,mentee,EM,R1,burn out,"burnout and work life balance",,,,,
ann@x,Ann again,mentee,EM,PGY-1,,,,,,,
gus@x,Gus,boss,EM,PGY-1,,,,,,,
hal@x,Hal,mentee,EM,PGY-9,,,,,,,
"""


def test_rows_become_profiles_with_concepts_read_from_free_text() -> None:
    people = read_people(io.StringIO(ROSTER))
    ann = next(n for n in people.needs if n.person_id == "ann@x")
    assert ann.specialty == "pediatric_cardiology"
    assert ann.topics == {"fellowship_applications", "quality_improvement"}
    assert ann.career_stage is CareerStage.PGY2
    assert ann.department_preference is DepartmentPreference.PREFER
    assert ann.languages == {"en", "es"}
    assert ann.never_pair == {"cat@x"}
    bob = next(m for m in people.mentors if m.person_id == "bob@x")
    assert bob.specialties == {"pediatric_cardiology"}
    assert bob.capacity == 2
    assert people.names["bob@x"] == "Bob"


def test_every_bad_row_is_reported_with_its_line_and_reason() -> None:
    people = read_people(io.StringIO(ROSTER))
    assert [str(bad) for bad in people.bad_rows] == [
        "line 5: specialty 'xyzzy' not recognised",
        "line 6: capacity must be a whole number, not 'lots'",
        "line 8: duplicate id 'ann@x'",
        "line 9: role must be mentor or mentee, not 'boss'",
        "line 10: unknown career stage 'PGY-9'",
    ]
    assert len(people.needs) == 2 and len(people.mentors) == 2


def test_a_roster_without_required_columns_is_refused() -> None:
    people = read_people(io.StringIO("name,specialty\nAnn,peds\n"))
    assert [str(bad) for bad in people.bad_rows] == ["line 1: missing column(s): id, role"]


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("PGY-3", CareerStage.PGY3),
        ("pgy 3", CareerStage.PGY3),
        ("R3", CareerStage.PGY3),
        ("Medical student", CareerStage.STUDENT),
        ("MS4", CareerStage.STUDENT),
        ("Early-career attending", CareerStage.EARLY_ATTENDING),
        ("Faculty", CareerStage.FACULTY),
    ],
)
def test_career_stages_as_people_write_them(text: str, stage: CareerStage) -> None:
    assert parse_career_stage(text) is stage


def test_match_command_writes_matches_and_prints_figures(tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text(ROSTER)
    out = tmp_path / "matches.csv"
    result = CliRunner().invoke(
        match,
        ["--people", str(roster), "--out", str(out), "--today", "2026-09-01"],
        env={"OPENAI_API_KEY": ""},
    )
    assert result.exit_code == 0, result.output
    assert "line 5: specialty 'xyzzy' not recognised" in result.output
    assert "matched 2, unmatched 0" in result.output
    assert "hard-rule violations 0" in result.output
    rows = list(csv.DictReader(out.open()))
    assert {(r["mentee_id"], r["mentor_id"]) for r in rows} == {
        ("ann@x", "bob@x"),
        ("fay@x", "cat@x"),
    }
    ann = next(r for r in rows if r["mentee_id"] == "ann@x")
    assert "pediatric cardiology" in ann["reasons"] and ann["mentor_name"] == "Bob"


def test_strict_match_refuses_a_roster_with_bad_rows(tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text(ROSTER)
    result = CliRunner().invoke(
        match,
        ["--people", str(roster), "--out", str(tmp_path / "m.csv"), "--strict"],
        env={"OPENAI_API_KEY": ""},
    )
    assert result.exit_code != 0
    assert "5 bad row(s)" in result.output
    assert not (tmp_path / "m.csv").exists()
