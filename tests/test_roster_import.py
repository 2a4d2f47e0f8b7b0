from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from devtools.slack.fake_api import FakeSlack, FakeUser
from handlers.cli import main
from storage.db import Database

HEADER = "id,name,role,specialty,career_stage,topics,text,capacity,never_pair\n"
GOOD_ROWS = (
    "kim@hospital.example,Dr. Grace Kim,mentor,peds cards,attending,fellowship apps,,3,\n"
    "ana@hospital.example,Ana Ruiz,mentee,peds,PGY-2,,help with fellowship applications,,"
    "kim@hospital.example\n"
)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    fake.add_user(
        FakeUser("U0DRKIM", "gkim", "Grace Kim", "America/New_York", "kim@hospital.example")
    )
    fake.add_user(FakeUser("U0ANA", "ana", "Ana Ruiz", "America/Chicago", "ana@hospital.example"))
    yield fake
    fake.stop()


def run_import(slack: FakeSlack, tmp_path: Path, rows: str, *flags: str) -> Result:
    roster = tmp_path / "people.csv"
    roster.write_text(HEADER + rows)
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rounds.db'}",
    }
    return CliRunner().invoke(
        main, ["import-roster", str(roster), "--per-minute", "6000", *flags], env=env
    )


def mentors_in(tmp_path: Path) -> list[str]:
    from bot.profiles import Profiles

    return sorted(
        m.person_id for m in Profiles(Database(f"sqlite:///{tmp_path / 'rounds.db'}")).mentors()
    )


def test_a_valid_roster_is_imported_and_people_are_found_in_slack_by_email(
    slack: FakeSlack, tmp_path: Path
) -> None:
    result = run_import(slack, tmp_path, GOOD_ROWS)

    assert result.exit_code == 0, result.output
    assert "Imported: 2 new, 0 updated, 0 unchanged." in result.output
    lookups = [c.args["email"] for c in slack.calls_to("users.lookupByEmail")]
    assert sorted(lookups) == ["ana@hospital.example", "kim@hospital.example"]
    assert len(mentors_in(tmp_path)) == 1


def test_reimporting_the_same_file_changes_nothing(slack: FakeSlack, tmp_path: Path) -> None:
    run_import(slack, tmp_path, GOOD_ROWS)

    again = run_import(slack, tmp_path, GOOD_ROWS)

    assert "Imported: 0 new, 0 updated, 2 unchanged." in again.output


def test_bad_rows_are_reported_by_line_and_nothing_is_written(
    slack: FakeSlack, tmp_path: Path
) -> None:
    rows = GOOD_ROWS + (
        "nobody@hospital.example,No One,mentor,cards,attending,,,2,\n"
        "lee@hospital.example,Sam Lee,surgeon,,,,,,\n"
        "x@hospital.example,X,mentee,,PGY-99,,,,\n"
    )

    result = run_import(slack, tmp_path, rows)

    assert result.exit_code == 1
    assert "line 4: no Slack account uses nobody@hospital.example" in result.output
    assert "line 5: role must be mentor or mentee" in result.output
    assert "line 6: unknown career stage 'PGY-99'" in result.output
    assert "Nothing was imported" in result.output
    assert mentors_in(tmp_path) == []


def test_skip_invalid_writes_the_good_rows_and_reports_the_rest(
    slack: FakeSlack, tmp_path: Path
) -> None:
    rows = GOOD_ROWS + "nobody@hospital.example,No One,mentor,cards,attending,,,2,\n"

    result = run_import(slack, tmp_path, rows, "--skip-invalid")

    assert result.exit_code == 0
    assert "line 4: no Slack account uses nobody@hospital.example" in result.output
    assert "Imported: 2 new, 0 updated, 0 unchanged, 1 skipped." in result.output
    assert len(mentors_in(tmp_path)) == 1


def test_a_slack_rate_limit_during_lookups_delays_but_loses_no_one(
    slack: FakeSlack, tmp_path: Path
) -> None:
    slack.rate_limit("users.lookupByEmail", retry_after=1, times=1)

    result = run_import(slack, tmp_path, GOOD_ROWS)

    assert "Imported: 2 new" in result.output


def test_where_workspaces_install_rounds_the_roster_goes_to_the_named_one(
    slack: FakeSlack, tmp_path: Path
) -> None:
    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from sqlalchemy import text

    from storage.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'rounds.db'}"
    database = Database(url)
    upgrade(database)
    general = slack.add_workspace("TGENERAL", "General Hospital")
    general.installed = True
    SQLAlchemyInstallationStore("1111.2222", database.engine).save(
        Installation(
            app_id="AROUNDS", team_id="TGENERAL", user_id="UADMIN", bot_token=general.bot_token
        )
    )
    roster = tmp_path / "people.csv"
    roster.write_text(HEADER + GOOD_ROWS)
    env = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": "shh",
        "SLACK_APP_TOKEN": "",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": url,
    }
    command = ["import-roster", str(roster), "--per-minute", "6000"]

    unnamed = CliRunner().invoke(main, command, env=env)
    elsewhere = CliRunner().invoke(main, [*command, "--workspace", "TOTHER"], env=env)
    named = CliRunner().invoke(main, [*command, "--workspace", "TGENERAL"], env=env)

    assert unnamed.exit_code == 2 and "--workspace" in unnamed.output
    assert elsewhere.exit_code == 2 and "not installed in workspace TOTHER" in elsewhere.output
    assert named.exit_code == 0, named.output
    assert {c.token for c in slack.calls_to("users.lookupByEmail")} == {general.bot_token}
    with database.engine.connect() as connection:
        teams = connection.execute(text("SELECT DISTINCT workspace_id FROM person")).scalars()
        assert list(teams) == ["TGENERAL"]
    database.dispose()


def test_a_roster_marks_evaluative_roles_and_keeps_the_evaluator_from_their_trainees(
    slack: FakeSlack, tmp_path: Path
) -> None:
    from sqlmodel import select

    from bot.assessment import evaluators_of_person
    from storage.assessment import AssessmentRepository
    from storage.models import Person

    roster = tmp_path / "people.csv"
    header = "id,name,role,specialty,career_stage,department,evaluative_role,evaluates\n"
    roster.write_text(
        header + "kim@hospital.example,Dr. Grace Kim,mentor,peds cards,attending,Pediatrics,PD,\n"
        "ana@hospital.example,Ana Ruiz,mentee,peds,PGY-2,Pediatrics,,\n"
    )
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rounds.db'}",
    }
    runner = CliRunner()
    first = runner.invoke(main, ["import-roster", str(roster), "--per-minute", "6000"], env=env)
    again = runner.invoke(main, ["import-roster", str(roster), "--per-minute", "6000"], env=env)

    assert first.exit_code == 0, first.output
    assert "0 new, 0 updated, 2 unchanged" in again.output
    database = Database(env["DATABASE_URL"])
    with database.read() as session:
        people = {p.user_id: p for p in session.exec(select(Person))}
        ana, kim = people["U0ANA"], people["U0DRKIM"]
        assert ana.id is not None
        evaluators = evaluators_of_person(AssessmentRepository(session), ana.workspace_id, ana.id)
    assert evaluators == {kim.id}


def test_an_unknown_evaluative_role_is_reported_by_line(slack: FakeSlack, tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text(
        "id,name,role,evaluative_role\nkim@hospital.example,Dr. Grace Kim,mentor,dean\n"
    )
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'rounds.db'}",
    }
    result = CliRunner().invoke(
        main, ["import-roster", str(roster), "--per-minute", "6000"], env=env
    )

    assert result.exit_code == 1
    assert "line 2: unknown evaluative role 'dean'" in result.output
