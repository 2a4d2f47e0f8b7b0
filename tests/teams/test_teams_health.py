"""The Teams server answers /healthz, /readyz and /metrics as the Slack servers do."""

import json
from urllib.error import HTTPError
from urllib.request import urlopen

from devtools.teams.harness import LocalTeams
from tests.teams.conftest import populate
from tests.teams.platforms import TeamsJourney


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def readiness(teams: LocalTeams) -> dict[str, bool]:
    status, content_type, body = get(teams.server.url + "/readyz")
    assert (status, content_type) == (200, "application/json")
    answer: dict[str, bool] = json.loads(body)
    return answer


def test_teams_tells_readiness_and_which_replica_leads_scheduling(teams: LocalTeams) -> None:
    assert get(teams.server.url + "/healthz")[::2] == (200, b"ok\n")
    assert readiness(teams) == {"ready": True, "database": True, "scheduler_leader": False}

    election = teams.services.scheduling.election
    election.start()
    try:
        assert readiness(teams)["scheduler_leader"] is True
        assert b"rounds_scheduler_leader 1.0" in get(teams.server.url + "/metrics")[2]
    finally:
        election.stop()
    assert get(teams.server.url + "/nothing-here")[0] == 404


def test_teams_metrics_count_what_the_outbox_delivered(teams: LocalTeams) -> None:
    populate(TeamsJourney(teams))
    TeamsJourney(teams).ask("ana", "help with fellowship applications in peds cards")
    teams.press("ana", teams.last_card("ana"), "request.best")
    assert teams.cards("kim"), "the mentor was asked"

    status, content_type, body = get(teams.server.url + "/metrics")

    assert status == 200 and content_type.startswith("text/plain")
    sent = next(
        line
        for line in body.decode().splitlines()
        if line.startswith("rounds_outbox_deliveries") and 'result="sent"' in line
    )
    assert float(sent.rsplit(" ", 1)[1]) >= 1
    assert b"rounds_outbox_due 0.0" in body
