import threading
from datetime import timedelta

from sqlmodel import select

from bot.clock import FakeClock
from bot.mentoring.model import EndReason, Outcome
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from storage.models import Feedback, Relationship
from tests.mentoring.conftest import MONDAY_MORNING
from tests.mentoring.journey import (
    ask,
    button,
    dm_texts,
    last_dm,
    make_mentee,
    make_mentor,
    names,
    press,
    ref,
)

HOSTILE_GOAL = (
    "<!channel> *urgent* help <@U0KIM> with <https://evil.example|fellowship apps> & peds cards"
)


def offer_of(rounds: LocalRounds, mentor: str) -> tuple[int, int]:
    request_id, offer_id = button(last_dm(rounds, mentor), "nudge.accept").split(":")
    return int(request_id), int(offer_id)


def test_two_accepts_on_the_last_free_slot_make_one_relationship(database_url: str) -> None:
    with LocalRounds(database_url=database_url, clock=FakeClock(MONDAY_MORNING)) as rounds:
        make_mentor(rounds, "U0KIM", "Grace Kim", "pediatric_cardiology", capacity=1)
        make_mentor(rounds, "U0LEE", "Sam Lee", "pediatrics")
        for mentee in ("U0ANA", "U0BEN"):
            make_mentee(rounds, mentee, mentee)
            ask(rounds, mentee, "fellowship applications in pediatric cardiology")
            press(
                rounds,
                mentee,
                last_dm(rounds, mentee),
                "request.choose",
                button(last_dm(rounds, mentee), "request.choose"),
            )
        offers = [
            (int(b.split(":")[0]), int(b.split(":")[1]))
            for b in (button(c, "nudge.accept") for c in rounds.fake.direct_messages("U0KIM"))
        ]
        assert len(offers) == 2
        outcomes: list[Outcome] = []
        barrier = threading.Barrier(2)

        def accept(offer: tuple[int, int]) -> None:
            barrier.wait()
            outcomes.append(rounds.services.requests.accept(*offer, ref("U0KIM")))

        threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        with rounds.services.database.read() as session:
            assert len(session.exec(select(Relationship)).all()) == 1
        shown = sorted(o.shown.summary for o in outcomes)
        assert shown == ["You accepted a request", "Your list is full"]
        assert "A mentoring request" in dm_texts(rounds, "U0LEE")[-1]


def test_paused_and_full_mentors_are_never_suggested_or_nudged(journey: LocalRounds) -> None:
    journey.services.profiles.pause(ref("U0KIM"), (MONDAY_MORNING + timedelta(days=20)).date())
    make_mentor(
        journey,
        "U0FUL",
        "Full Mentor",
        "pediatric_cardiology",
        ("fellowship_applications",),
        capacity=1,
    )
    with journey.services.database.write() as session:
        from storage.people import PersonRepository

        full = PersonRepository(session).find(ref("U0FUL"))
        ana = PersonRepository(session).find(ref("U0BEN"))
        assert full and ana and full.id and ana.id
        session.add(Relationship(mentor_id=full.id, mentee_id=ana.id, started_at=MONDAY_MORNING))

    ask(journey, "U0ANA", "fellowship applications in pediatric cardiology")
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    journey.advance(timedelta(days=12))

    assert journey.fake.direct_messages("U0KIM") == []
    assert journey.fake.direct_messages("U0FUL") == []
    assert "Grace Kim" not in dm_texts(journey, "U0ANA")[0]


def test_markup_in_a_goal_is_shown_literally_everywhere(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", HOSTILE_GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    nudge = last_dm(journey, "U0KIM")
    press(journey, "U0KIM", nudge, "nudge.accept")
    journey.open_home("U0ANA")
    intro = journey.fake.messages_in(journey.fake.conversation_with("U0ANA", "U0KIM"))[0]
    home = journey.fake.calls_to("views.publish")[-1]

    for call in (journey.fake.direct_messages("U0ANA")[0], nudge, intro, home):
        raw = str(call.args)
        assert "<!channel>" not in raw and "<@U0KIM> with" not in raw and "<https://evil" not in raw
        assert HOSTILE_GOAL[:150] in call_text(call, names(journey)), call_text(call)


def test_ending_a_relationship_asks_both_for_a_confidential_reflection(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", "fellowship applications in pediatric cardiology")
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    press(journey, "U0KIM", last_dm(journey, "U0KIM"), "nudge.accept")
    [(relationship_id, name, _)] = journey.services.requests.active_relationships(ref("U0ANA"))
    assert name == "Grace Kim"

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
        "U0KIM",
        "reflection",
        {"reflection": {"reflection": {"value": "A focused, kind learner."}}},
        private_metadata=str(relationship_id),
    )
    journey.settle()

    assert "is closed (goal reached)" in dm_texts(journey, "U0KIM")[-2]
    assert "[Write a reflection]" in dm_texts(journey, "U0ANA")[-1]
    assert journey.services.requests.active_relationships(ref("U0ANA")) == []
    with journey.services.database.read() as session:
        [reflection] = session.exec(select(Feedback)).all()
    assert (reflection.role, reflection.comment) == ("mentor", "A focused, kind learner.")
    assert all("A focused, kind learner" not in t for t in dm_texts(journey, "U0ANA"))


def test_the_home_tab_shows_requests_mentors_nudges_and_load(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", "fellowship applications in pediatric cardiology")
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    journey.open_home("U0ANA")
    journey.open_home("U0KIM")
    homes = {
        c.args["user_id"]: call_text(c, names(journey))
        for c in journey.fake.calls_to("views.publish")
    }

    assert "waiting for the mentor's answer (@Grace Kim)" in homes["U0ANA"]
    assert "[Cancel this request]" in homes["U0ANA"]
    assert "Mentees: 0 of 2" in homes["U0KIM"]
    assert "Waiting for your answer: @Ana Ruiz" in homes["U0KIM"]
    assert "[Accept]" in homes["U0KIM"] and "[Pause new requests for a month]" in homes["U0KIM"]


def test_the_pause_switch_stops_new_requests(journey: LocalRounds) -> None:
    journey.slack.click("U0KIM", "mentor.pause", view={"id": "VHOME", "type": "home"})
    journey.settle()

    ask(journey, "U0ANA", "fellowship applications in pediatric cardiology")

    assert "Grace Kim" not in dm_texts(journey, "U0ANA")[-1]
    assert "New requests are paused until" in call_text(journey.fake.calls_to("views.publish")[-1])


def test_the_nudge_counts_the_mentees_a_mentor_already_has(journey: LocalRounds) -> None:
    goal = "fellowship applications in pediatric cardiology"
    ask(journey, "U0ANA", goal)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    press(journey, "U0KIM", last_dm(journey, "U0KIM"), "nudge.accept")

    ask(journey, "U0BEN", goal)
    press(journey, "U0BEN", last_dm(journey, "U0BEN"), "request.best")

    assert "1 of 2 slots free" in dm_texts(journey, "U0KIM")[-1]
