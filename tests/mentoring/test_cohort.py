from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.mentoring.conftest import ORGANIZER
from tests.mentoring.journey import last_dm, names, press, ref


def test_only_organizers_can_match_a_cohort(journey: LocalRounds) -> None:
    answer = journey.command("U0ANA", "/mentor", "cohort").json()

    assert "for program organizers" in str(answer["blocks"])
    assert journey.fake.direct_messages("U0ANA") == []


def test_the_draft_shows_figures_and_pairs_and_sends_nothing_to_anyone_else(
    journey: LocalRounds,
) -> None:
    journey.command(ORGANIZER, "/mentor", "cohort")

    preview = call_text(last_dm(journey, ORGANIZER), names(journey))
    assert "Cohort matching draft" in preview
    assert "Matched 2" in preview and "Hard-rule violations 0" in preview
    assert "@Ana Ruiz → " in preview and "@Ben Okafor → " in preview
    assert "[Publish 2 introductions]" in preview
    posts = journey.fake.calls_to("chat.postMessage")
    assert {journey.fake.members_of(str(c.args["channel"])) for c in posts} == {(ORGANIZER,)}


def test_publishing_introduces_every_pair_once(journey: LocalRounds) -> None:
    journey.command(ORGANIZER, "/mentor", "cohort")
    draft = last_dm(journey, ORGANIZER)

    press(journey, ORGANIZER, draft, "cohort.publish")
    press(journey, ORGANIZER, draft, "cohort.publish")

    intros = [
        c
        for c in journey.fake.calls_to("chat.postMessage")
        if "Meet your mentoring match" in call_text(c)
    ]
    assert len(intros) == 2
    replies = [call_text(c) for c in journey.fake.calls_to("response_url")]
    assert replies == ["Published: 2 pairs were introduced.", "This draft was already published."]
    assert len(journey.services.requests.active_relationships(ref("U0ANA"))) == 1


def test_a_discarded_draft_sends_nothing(journey: LocalRounds) -> None:
    journey.command(ORGANIZER, "/mentor", "cohort")
    draft = last_dm(journey, ORGANIZER)

    press(journey, ORGANIZER, draft, "cohort.discard")
    press(journey, ORGANIZER, draft, "cohort.publish")

    assert not any(
        "Meet your mentoring match" in call_text(c)
        for c in journey.fake.calls_to("chat.postMessage")
    )
