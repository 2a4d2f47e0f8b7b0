"""Rounds installed in several workspaces by OAuth: each keeps its own token, people and data."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.career import CareerStage
from bot.clock import FakeClock
from bot.identity import PersonRef
from bot.profiles import ProfileForm
from devtools.slack.driver import SlackDriver
from devtools.slack.fake_api import Call, FakeWorkspace
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text
from handlers.slack.messenger import NOT_INSTALLED
from storage.prompts import PromptStatus
from tests.conftest import WORKING_MORNING
from tests.mentoring.journey import button

GENERAL, CHILDRENS = "TGENERAL", "TCHILDRENS"
GOAL = "help with fellowship applications in pediatric cardiology"


ORGANIZER = "U0PD"
GENERAL_THANKS, CHILDRENS_THANKS = "C0GENTHANKS", "C0KIDSTHANKS"


@pytest.fixture
def hosted(database_url: str) -> Iterator[LocalRounds]:
    """Rounds with a Slack app's client id and secret, and no bot token of its own."""
    with LocalRounds(
        database_url,
        clock=FakeClock(WORKING_MORNING),
        # With several workspaces each organizer and shout-out channel names its workspace.
        organizers=(f"{GENERAL}:{ORGANIZER}",),
        SHOUTOUT_CHANNEL=f"{GENERAL}:{GENERAL_THANKS},{CHILDRENS}:{CHILDRENS_THANKS}",
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID="1111.2222",
        SLACK_CLIENT_SECRET="client-secret",
    ) as local:
        yield local
        assert local.fake.block_errors == []


def person(rounds: LocalRounds, team: str, user_id: str, name: str, form: ProfileForm) -> None:
    rounds.add_user(user_id, name, team_id=team)
    ref = PersonRef.slack(team, user_id)
    rounds.services.people.remember(ref, name, "America/New_York")
    rounds.services.profiles.save(ref, form)


def mentor(rounds: LocalRounds, team: str, user_id: str, name: str) -> None:
    form = ProfileForm(
        is_mentor=True,
        career_stage=CareerStage.ATTENDING,
        specialty="pediatric_cardiology",
        topics=("fellowship_applications",),
        capacity=2,
    )
    person(rounds, team, user_id, name, form)


def mentee(rounds: LocalRounds, team: str, user_id: str, name: str) -> None:
    person(rounds, team, user_id, name, ProfileForm(is_mentee=True, career_stage=CareerStage.PGY2))


def ask(rounds: LocalRounds, slack: SlackDriver, user_id: str) -> Any:
    values = {
        "goal": {"goal": {"value": GOAL}},
        "topics": {"topics": {"selected_options": []}},
        "specialty": {"specialty": {"selected_option": None}},
        "format": {"format": {"selected_option": {"value": "one_off"}}},
        "by_date": {"by_date": {"selected_date": None}},
    }
    answer = slack.submit_view(user_id, "mentor_request", values)
    rounds.settle()
    return answer


def names(rounds: LocalRounds) -> dict[str, str]:
    return {u.user_id: u.real_name for u in rounds.fake.users.values()}


def last_dm(rounds: LocalRounds, user_id: str) -> Call:
    messages = rounds.fake.direct_messages(user_id)
    assert messages, f"{user_id} got no direct message"
    return messages[-1]


def best_match(rounds: LocalRounds, slack: SlackDriver, user_id: str) -> None:
    suggestions = last_dm(rounds, user_id)
    slack.click(
        user_id,
        "request.best",
        button(suggestions, "request.best"),
        channel_id=suggestions.args["channel"],
        message_ts="1.0",
    )
    rounds.settle()


def bot_rows(rounds: LocalRounds) -> list[str]:
    with rounds.services.database.engine.connect() as connection:
        teams = connection.execute(text("SELECT team_id FROM slack_bots ORDER BY team_id"))
        return [str(team) for team in teams.scalars()]


def install_both(rounds: LocalRounds) -> tuple[FakeWorkspace, FakeWorkspace]:
    general = rounds.fake.add_workspace(GENERAL, "General Hospital")
    childrens = rounds.fake.add_workspace(CHILDRENS, "Children's Hospital")
    for workspace in (general, childrens):
        installed = rounds.install(workspace)
        assert installed.status == 200, installed.body
    mentor(rounds, GENERAL, "U0KIM", "Grace Kim")
    mentee(rounds, GENERAL, "U0ANA", "Ana Ruiz")
    mentor(rounds, CHILDRENS, "U0HADDAD", "Omar Haddad")
    mentee(rounds, CHILDRENS, "U0BEA", "Bea Santos")
    return general, childrens


def test_two_workspaces_install_and_each_sees_only_its_own_people(hosted: LocalRounds) -> None:
    general, childrens = install_both(hosted)
    assert bot_rows(hosted) == [CHILDRENS, GENERAL]

    ask(hosted, hosted.slack_in(GENERAL), "U0ANA")
    ask(hosted, hosted.slack_in(CHILDRENS), "U0BEA")

    for_ana = call_text(last_dm(hosted, "U0ANA"), names(hosted))
    for_bea = call_text(last_dm(hosted, "U0BEA"), names(hosted))
    assert "Grace Kim" in for_ana and "Omar Haddad" not in for_ana
    assert "Omar Haddad" in for_bea and "Grace Kim" not in for_bea
    assert last_dm(hosted, "U0ANA").token == general.bot_token
    assert last_dm(hosted, "U0BEA").token == childrens.bot_token


def test_uninstalling_one_workspace_removes_its_token_and_leaves_the_other_working(
    hosted: LocalRounds,
) -> None:
    general, childrens = install_both(hosted)
    for team, mentee_id in ((GENERAL, "U0ANA"), (CHILDRENS, "U0BEA")):
        ask(hosted, hosted.slack_in(team), mentee_id)
        best_match(hosted, hosted.slack_in(team), mentee_id)
    assert last_dm(hosted, "U0KIM").token == general.bot_token
    assert last_dm(hosted, "U0HADDAD").token == childrens.bot_token

    hosted.fake.uninstall(childrens)
    hosted.slack_in(CHILDRENS).event({"type": "app_uninstalled"})
    hosted.settle()
    assert bot_rows(hosted) == [GENERAL]

    # The mentors' reminders fall due: the General Hospital's goes with its token, and the
    # Children's Hospital's fails with a reason organizers can read, without a Slack call.
    hosted.fake.clear()
    hosted.advance(timedelta(hours=49))
    reminded = [c for c in hosted.fake.calls_to("chat.postMessage") if "Reminder" in str(c.args)]
    assert reminded and {c.token for c in reminded} == {general.bot_token}
    assert hosted.fake.calls_with(childrens.bot_token) == []
    with hosted.services.database.engine.connect() as connection:
        reasons = connection.execute(
            text("SELECT last_error FROM prompt WHERE workspace_id = :team AND status = :failed"),
            {"team": CHILDRENS, "failed": PromptStatus.FAILED.value},
        )
        assert set(reasons.scalars()) == {NOT_INSTALLED}
    # An organizer at the General Hospital sees their own workspace's deliveries, not those.
    hosted.add_user(ORGANIZER, "Maya Patel", team_id=GENERAL)
    hosted.slack_in(GENERAL).event({"type": "app_home_opened", "user": ORGANIZER, "tab": "home"})
    hosted.settle()
    home = call_text(hosted.fake.calls_to("views.publish")[-1], names(hosted))
    assert "Failed 0" in home.replace(":", "")
    assert "Omar Haddad" not in home and "U0HADDAD" not in home

    # Someone in the uninstalled workspace is told so in plain words; General keeps working.
    hosted.fake.clear()
    hosted.slack_in(CHILDRENS).command("U0BEA", "/mentor")
    hosted.settle()
    told = [call_text(c) for c in hosted.fake.calls_to("response_url")]
    assert any("no longer installed in this workspace" in said for said in told)
    assert hosted.fake.calls_to("views.open") == []

    hosted.slack_in(GENERAL).command("U0ANA", "/mentor", GOAL)
    hosted.settle()
    opened = hosted.fake.calls_to("views.open")
    assert len(opened) == 1 and opened[0].token == general.bot_token


def test_an_organizer_reads_the_program_of_their_own_workspace_only(hosted: LocalRounds) -> None:
    general, _ = install_both(hosted)
    hosted.add_user(ORGANIZER, "Maya Patel", team_id=GENERAL)
    for team, mentee_id in ((GENERAL, "U0ANA"), (CHILDRENS, "U0BEA")):
        ask(hosted, hosted.slack_in(team), mentee_id)
        best_match(hosted, hosted.slack_in(team), mentee_id)

    hosted.slack_in(GENERAL).command(ORGANIZER, "/mentor", "report")
    hosted.settle()

    report = last_dm(hosted, ORGANIZER)
    assert report.token == general.bot_token
    assert "Rounds program report" in call_text(report)
    csv = next(f for f in hosted.fake.uploaded_files() if f.filename.endswith(".csv"))
    assert b"Grace Kim" in csv.content and b"Omar Haddad" not in csv.content


def test_installing_needs_the_state_rounds_issued(hosted: LocalRounds) -> None:
    from urllib.parse import urlencode
    from urllib.request import urlopen

    workspace = hosted.fake.add_workspace(GENERAL, "General Hospital")
    forged = urlencode({"code": hosted.fake.approve_install(workspace), "state": "made-up"})
    try:
        with urlopen(f"{hosted.server.url}/slack/oauth_redirect?{forged}", timeout=5) as page:
            status = page.status
    except Exception as error:  # urllib raises for 4xx
        status = getattr(error, "code", 0)

    assert status >= 400
    assert bot_rows(hosted) == []


def test_an_enterprise_grid_org_installs_once_for_all_its_workspaces(hosted: LocalRounds) -> None:
    org = hosted.fake.add_workspace(
        "EHEALTH", "Health System", enterprise_id="EHEALTH", org_wide=True
    )
    assert hosted.install(org).status == 200
    north = hosted.slack_in("TNORTH", org_wide_install="EHEALTH")
    mentor(hosted, "TNORTH", "U0KIM", "Grace Kim")
    mentee(hosted, "TNORTH", "U0ANA", "Ana Ruiz")

    north.command("U0ANA", "/mentor", GOAL)
    ask(hosted, north, "U0ANA")

    assert [c.token for c in hosted.fake.calls_to("views.open")] == [org.bot_token]
    suggestions = last_dm(hosted, "U0ANA")
    assert suggestions.token == org.bot_token
    assert "Grace Kim" in call_text(suggestions, names(hosted))

    hosted.fake.uninstall(org)
    hosted.slack_in(None, org_wide_install="EHEALTH").event({"type": "app_uninstalled"})
    hosted.settle()
    with hosted.services.database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0


def test_an_organizer_named_for_one_workspace_is_no_organizer_in_another(
    hosted: LocalRounds,
) -> None:
    install_both(hosted)
    hosted.add_user(ORGANIZER, "Maya Patel", team_id=GENERAL)

    refused = hosted.slack_in(CHILDRENS).command(ORGANIZER, "/mentor", "report")
    hosted.settle()
    assert "for program organizers" in blocks_text(refused.json()["blocks"])
    assert not hosted.fake.direct_messages(ORGANIZER)

    hosted.slack_in(GENERAL).command(ORGANIZER, "/mentor", "report")
    hosted.settle()
    assert "Rounds program report" in call_text(last_dm(hosted, ORGANIZER))


def opted_in_mentor_of(rounds: LocalRounds, team: str, mentor_id: str, mentee_id: str) -> None:
    """A mentor who worked with a mentee in November and asked for a public thank-you."""
    from storage.models import Profile, Relationship
    from storage.people import PersonRepository

    with rounds.services.database.write() as session:
        people = PersonRepository(session)
        mentor_row = people.find(PersonRef.slack(team, mentor_id))
        mentee_row = people.find(PersonRef.slack(team, mentee_id))
        assert mentor_row and mentor_row.id and mentee_row and mentee_row.id
        session.add(
            Relationship(
                mentor_id=mentor_row.id,
                mentee_id=mentee_row.id,
                started_at=datetime(2026, 11, 2, tzinfo=UTC),
            )
        )
        profile = session.get(Profile, mentor_row.id)
        assert profile is not None
        profile.shoutout_opt_in = True


def test_each_workspace_thanks_its_own_mentors_in_its_own_channel(hosted: LocalRounds) -> None:
    general, childrens = install_both(hosted)
    opted_in_mentor_of(hosted, GENERAL, "U0KIM", "U0ANA")
    opted_in_mentor_of(hosted, CHILDRENS, "U0HADDAD", "U0BEA")
    hosted.fake.clear()

    hosted.services.recognition.thank_mentors(datetime(2026, 11, 1, tzinfo=UTC))
    hosted.run_due()

    posts = {c.args["channel"]: c for c in hosted.fake.calls_to("chat.postMessage")}
    at_general, at_childrens = posts[GENERAL_THANKS], posts[CHILDRENS_THANKS]
    assert at_general.token == general.bot_token and at_childrens.token == childrens.bot_token
    assert "U0KIM" in call_text(at_general) and "U0HADDAD" not in call_text(at_general)
    assert "U0HADDAD" in call_text(at_childrens) and "U0KIM" not in call_text(at_childrens)


def people_by_workspace(rounds: LocalRounds) -> dict[str, set[str]]:
    with rounds.services.database.engine.connect() as connection:
        rows = connection.execute(text("SELECT workspace_id, user_id FROM person")).all()
    found: dict[str, set[str]] = {}
    for workspace_id, user_id in rows:
        found.setdefault(str(workspace_id), set()).add(str(user_id))
    return found


def test_revoking_one_workspaces_bot_token_removes_only_that_token(hosted: LocalRounds) -> None:
    general, childrens = install_both(hosted)
    ask(hosted, hosted.slack_in(CHILDRENS), "U0BEA")
    before = people_by_workspace(hosted)

    hosted.fake.uninstall(childrens)
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["B0ROUNDS"]}}
    assert hosted.slack_in(CHILDRENS).event(revoked).status == 200
    hosted.settle()

    assert bot_rows(hosted) == [GENERAL]
    # Only the token goes: each workspace's people stay, and stay in their own workspace.
    assert people_by_workspace(hosted) == before
    assert before[GENERAL] == {"U0KIM", "U0ANA"} and before[CHILDRENS] == {"U0HADDAD", "U0BEA"}
    hosted.fake.clear()
    ask(hosted, hosted.slack_in(GENERAL), "U0ANA")
    assert last_dm(hosted, "U0ANA").token == general.bot_token
    assert hosted.fake.calls_with(childrens.bot_token) == []
