import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.mentoring.model import EndReason
from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import ask, last_dm, press, ref

GOAL = "help with fellowship applications in peds cards, Quillfeather protocol"
REFLECTION = "Kim untangled my Marigoldvane personal statement"
ANAS_WORDS = (GOAL.encode(), b"Quillfeather", REFLECTION.encode(), b"Marigoldvane")


def database_files(rounds: LocalRounds) -> dict[str, bytes]:
    """The raw bytes of the database and its write-ahead log, as they lie on disk."""
    path = Path(str(make_url(rounds.services.database.url).database))
    files = {"db": path, "wal": path.with_name(path.name + "-wal")}
    return {name: file.read_bytes() if file.exists() else b"" for name, file in files.items()}


def leftovers(rounds: LocalRounds) -> dict[str, list[bytes]]:
    found = {
        name: [word for word in ANAS_WORDS if word in content]
        for name, content in database_files(rounds).items()
    }
    return {name: words for name, words in found.items() if words}


def mentor_and_reflect(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    press(journey, "U0KIM", last_dm(journey, "U0KIM"), "nudge.accept")
    [(relationship_id, _, _)] = journey.services.requests.active_relationships(ref("U0ANA"))
    journey.slack.submit_view(
        "U0ANA",
        "end_relationship",
        {
            "relationship": {"relationship": {"selected_option": {"value": str(relationship_id)}}},
            "reason": {"reason": {"selected_option": {"value": EndReason.GOAL_REACHED.value}}},
        },
    )
    journey.settle()
    journey.slack.submit_view(
        "U0ANA",
        "reflection",
        {"reflection": {"reflection": {"value": REFLECTION}}},
        private_metadata=str(relationship_id),
    )
    journey.settle()


def test_after_forget_me_neither_the_database_file_nor_its_log_holds_what_they_wrote(
    journey: LocalRounds,
) -> None:
    mentor_and_reflect(journey)
    path = make_url(journey.services.database.url).database
    # Another process with the same database open keeps the write-ahead log from closing;
    # its checkpoint puts Ana's words into the database file as well as the log.
    onlooker = sqlite3.connect(str(path), isolation_level=None)
    try:
        onlooker.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        assert set(leftovers(journey)) == {"db", "wal"}

        journey.command("U0ANA", "/mentor", "forget-me")
        journey.slack.click("U0ANA", "privacy.forget.confirm", "U0ANA")
        journey.settle()

        assert "Rounds has deleted your personal data" in str(
            journey.fake.calls_to("response_url")[-1].args
        )
        assert leftovers(journey) == {}
    finally:
        onlooker.close()
