import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from bot.clock import FakeClock
from bot.identity import PersonRef
from bot.reports.jobs import MONTHLY_JOB
from bot.reports.sample import seed_program
from devtools.slack.driver import Delivery
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text
from handlers.cli import main
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Person, Profile
from tests.conftest import ORGANIZER
from tests.reports.conftest import START


def seen(delivery: Delivery) -> str:
    return blocks_text(delivery.json()["blocks"])


def test_an_organizer_gets_the_report_as_a_dm_with_charts_and_csv(rounds: LocalRounds) -> None:
    seed_program(rounds.services.database, START)

    ack = rounds.command(ORGANIZER, "/mentor", "report 2026-01-01 2026-03-31")

    assert "Preparing the program report for 2026-01-01 to 2026-03-31" in seen(ack)
    dm = rounds.fake.calls_to("chat.postMessage")[-1]
    text = call_text(dm)
    assert "Rounds program report" in text and "Acceptance rate 60%" in text.replace(":", "")
    assert "Full: Dr. Grace Kim (2/2)" in text
    files = rounds.fake.uploaded_files()
    assert {f.filename for f in files} == {
        "trends.png",
        "participation.png",
        "mentor-load.png",
        "feedback.png",
        "rounds-report-2026-01-01.csv",
    }
    assert {f.channel for f in files} == {dm.args["channel"]}
    csv_file = next(f for f in files if f.filename.endswith(".csv"))
    assert b"# mentor_load" in csv_file.content and b"poster" not in csv_file.content


def test_others_are_politely_refused_the_report(rounds: LocalRounds) -> None:
    ack = rounds.command("U0ANA", "/mentor", "report")

    assert "The program report is for program organizers" in seen(ack)
    assert rounds.fake.calls_to("chat.postMessage") == []
    assert rounds.fake.uploaded_files() == []


def test_a_bad_date_gets_an_example(rounds: LocalRounds) -> None:
    ack = rounds.command(ORGANIZER, "/mentor", "report last-tuesday")

    assert "Dates are written year-month-day" in seen(ack)


def test_my_data_arrives_as_a_json_file_in_a_dm(rounds: LocalRounds) -> None:
    seed_program(rounds.services.database, START)

    rounds.command("U0ANA", "/mentor", "my-data")

    [upload] = rounds.fake.uploaded_files()
    data = json.loads(upload.content)
    assert upload.filename == "rounds-my-data.json"
    assert data["person"]["display_name"] == "Ana Ruiz"
    assert data["feedback_you_gave"][0]["comment"] == "Dr Kim made my poster shine"


def test_my_data_for_someone_unknown_says_so_at_once_and_promises_no_file(
    rounds: LocalRounds,
) -> None:
    ack = rounds.command("U0ANA", "/mentor", "my-data")

    assert seen(ack) == "Rounds holds nothing about you."
    assert rounds.fake.calls_to("response_url") == []
    assert rounds.fake.uploaded_files() == []


def test_forget_me_asks_first_and_keep_deletes_nothing(rounds: LocalRounds) -> None:
    seed_program(rounds.services.database, START)

    ack = rounds.command("U0ANA", "/mentor", "forget-me")
    assert "Delete your data from Rounds?" in seen(ack)
    rounds.slack.click("U0ANA", "privacy.forget.keep", "U0ANA")
    rounds.settle()

    assert "Nothing was deleted." in call_text(rounds.fake.calls_to("response_url")[-1])
    assert rounds.services.people.find(_ref("U0ANA")) is not None


def test_forget_me_deletes_on_confirmation_once(rounds: LocalRounds) -> None:
    seed_program(rounds.services.database, START)
    rounds.command("U0ANA", "/mentor", "forget-me")

    rounds.slack.click("U0DRKIM", "privacy.forget.confirm", "U0ANA")
    rounds.settle()
    assert "This button is for @U0ANA" in call_text(rounds.fake.calls_to("response_url")[-1])
    assert rounds.services.people.find(_ref("U0ANA")) is not None

    rounds.slack.click("U0ANA", "privacy.forget.confirm", "U0ANA")
    rounds.settle()
    assert "Rounds has deleted your personal data" in call_text(
        rounds.fake.calls_to("response_url")[-1]
    )
    assert rounds.services.people.find(_ref("U0ANA")) is None

    rounds.slack.click("U0ANA", "privacy.forget.confirm", "U0ANA")
    rounds.settle()
    assert "Rounds holds nothing about you." in call_text(rounds.fake.calls_to("response_url")[-1])


def test_the_app_home_shows_a_mentors_own_summary(rounds: LocalRounds) -> None:
    seed_program(rounds.services.database, START)

    rounds.open_home("U0DRKIM")

    home = call_text(rounds.fake.calls_to("views.publish")[-1])
    assert "Your Rounds so far" in home
    assert "Mentees helped 2" in home.replace(":", "")
    assert "appears once at least 3 mentees" in home


def test_mentors_are_thanked_on_the_first_of_the_month_once() -> None:
    # Days before the 1st, not weeks: every day on the way runs the sweeps of a live app.
    clock = FakeClock(datetime(2026, 2, 27, tzinfo=UTC))
    with LocalRounds(clock=clock, SHOUTOUT_CHANNEL="C0THANKS") as rounds:
        ids = seed_program(rounds.services.database, START)
        with rounds.services.database.write() as session:
            profile = session.get(Profile, ids["U0DRLEE"])
            assert profile is not None
            profile.shoutout_opt_in = True
            session.add(profile)
        rounds.services.schedule_recurring()
        rounds.services.schedule_recurring()
        assert [j.job_id for j in rounds.services.scheduler.jobs()].count(MONTHLY_JOB) == 1

        rounds.advance(timedelta(days=3))

        posts = rounds.fake.calls_to("chat.postMessage")
        texts = {call.args["channel"]: call_text(call) for call in posts}
        kim_dm = next(t for t in texts.values() if "Residents helped 2" in t.replace(":", ""))
        assert "Thank you for mentoring in February 2026" in kim_dm
        assert "Chats held 1" in kim_dm.replace(":", "")
        assert "Goals reached 1" in kim_dm.replace(":", "")
        shout = texts["C0THANKS"]
        assert "@U0DRLEE" in shout and "@U0DRKIM" not in shout
        assert len(posts) == 3

        rounds.services.recognition.thank_mentors(datetime(2026, 2, 1, tzinfo=UTC))
        assert len(rounds.fake.calls_to("chat.postMessage")) == 3
        next_run = next(j for j in rounds.services.scheduler.jobs() if j.job_id == MONTHLY_JOB)
        assert next_run.next_run_time == datetime(2026, 4, 1, 15, tzinfo=UTC)


def test_thanks_wait_for_each_mentors_morning_and_nothing_goes_out_twice() -> None:
    clock = FakeClock(datetime(2026, 3, 2, 16, tzinfo=UTC))  # Monday: 01:00 in Tokyo
    with LocalRounds(clock=clock, SHOUTOUT_CHANNEL="C0THANKS") as rounds:
        ids = seed_program(rounds.services.database, START)
        with rounds.services.database.write() as session:
            kim = session.get(Person, ids["U0DRKIM"])
            lee = session.get(Profile, ids["U0DRLEE"])
            assert kim is not None and lee is not None
            kim.timezone, lee.shoutout_opt_in = "Asia/Tokyo", True
        february = datetime(2026, 2, 1, tzinfo=UTC)

        queued = rounds.services.recognition.thank_mentors(february)
        again = rounds.services.recognition.thank_mentors(february)

        assert (queued, again) == (2, 0)
        assert len(rounds.fake.direct_messages("U0DRLEE")) == 1
        assert "@U0DRLEE" in call_text(rounds.fake.messages_in("C0THANKS")[0])
        assert rounds.fake.direct_messages("U0DRKIM") == []
        rounds.advance(timedelta(hours=6))  # 07:00 in Tokyo
        assert rounds.fake.direct_messages("U0DRKIM") == []
        rounds.advance(timedelta(hours=1, minutes=1))
        assert len(rounds.fake.direct_messages("U0DRKIM")) == 1
        assert len(rounds.fake.messages_in("C0THANKS")) == 1


def test_rounds_report_writes_one_self_contained_html_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rounds.db'}"
    database = Database(url)
    upgrade(database)
    seed_program(database, START)
    database.dispose()
    out = tmp_path / "report.html"

    result = CliRunner().invoke(
        main,
        [
            "report",
            "--since",
            "2026-01-01",
            "--until",
            "2026-03-31",
            "--out",
            str(out),
            "--database-url",
            url,
        ],
    )

    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "data:image/png;base64," in page
    assert "2026-01-01 to 2026-03-31" in page


def _ref(user_id: str) -> PersonRef:
    return PersonRef.slack("T0DEMO", user_id)


def test_organizers_get_the_report_from_their_app_home(rounds: LocalRounds) -> None:
    rounds.open_home(ORGANIZER)
    home = call_text(rounds.fake.calls_to("views.publish")[-1])
    assert "[Send me the report (last 90 days)]" in home

    rounds.slack.click(ORGANIZER, "report.send", view={"id": "VHOME", "type": "home"})
    rounds.settle()

    assert "Rounds program report" in call_text(rounds.fake.direct_messages(ORGANIZER)[-1])
    assert any(f.filename.endswith(".csv") for f in rounds.fake.uploaded_files())


def test_the_report_button_does_nothing_for_anyone_else(rounds: LocalRounds) -> None:
    rounds.slack.click("U0ANA", "report.send", view={"id": "VHOME", "type": "home"})
    rounds.settle()

    assert rounds.fake.direct_messages("U0ANA") == []
    assert "organizers" in call_text(rounds.fake.calls_to("response_url")[-1])
