"""Helpers that play mentees and mentors through the real app."""

from typing import Any

from bot.career import CareerStage
from bot.identity import PersonRef
from bot.profiles import ProfileForm
from devtools.slack.fake_api import FAKE_TEAM, Call
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text


def ref(user_id: str) -> PersonRef:
    return PersonRef.slack(FAKE_TEAM, user_id)


def make_mentor(
    rounds: LocalRounds,
    user_id: str,
    name: str,
    specialty: str,
    topics: tuple[str, ...] = (),
    capacity: int = 2,
    about: str = "",
) -> None:
    rounds.add_user(user_id, name)
    rounds.services.people.remember(ref(user_id), name, "America/New_York")
    rounds.services.profiles.save(
        ref(user_id),
        ProfileForm(
            is_mentor=True,
            career_stage=CareerStage.ATTENDING,
            specialty=specialty,
            topics=topics,
            about=about,
            capacity=capacity,
        ),
    )


def make_mentee(
    rounds: LocalRounds, user_id: str, name: str, stage: CareerStage = CareerStage.PGY2
) -> None:
    rounds.add_user(user_id, name)
    rounds.services.people.remember(ref(user_id), name, "America/New_York")
    rounds.services.profiles.save(ref(user_id), ProfileForm(is_mentee=True, career_stage=stage))


def ask(rounds: LocalRounds, user_id: str, goal: str, format: str = "one_off") -> Any:
    values = {
        "goal": {"goal": {"value": goal}},
        "topics": {"topics": {"selected_options": []}},
        "specialty": {"specialty": {"selected_option": None}},
        "format": {"format": {"selected_option": {"value": format}}},
        "by_date": {"by_date": {"selected_date": None}},
    }
    answer = rounds.slack.submit_view(user_id, "mentor_request", values)
    rounds.settle()
    return answer.json() if answer.body else None


def button(call: Call, action_id: str) -> str:
    for block in call.args.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button in: {call_text(call)}")


def press(
    rounds: LocalRounds, user_id: str, call: Call, action_id: str, value: str | None = None
) -> None:
    rounds.slack.click(
        user_id,
        action_id,
        value if value is not None else button(call, action_id),
        channel_id=call.args["channel"],
        message_ts="1.0",
    )
    rounds.settle()


def dm_texts(rounds: LocalRounds, user_id: str) -> list[str]:
    return [call_text(c, names(rounds)) for c in rounds.fake.direct_messages(user_id)]


def last_dm(rounds: LocalRounds, user_id: str) -> Call:
    messages = rounds.fake.direct_messages(user_id)
    assert messages, f"{user_id} got no direct message"
    return messages[-1]


def names(rounds: LocalRounds) -> dict[str, str]:
    return {u.user_id: u.real_name for u in rounds.fake.users.values()}


def replies_to_presses(rounds: LocalRounds) -> list[str]:
    return [call_text(c, names(rounds)) for c in rounds.fake.calls_to("response_url")]


def decline_by_form(rounds: LocalRounds, user_id: str, nudge: Call, reason: str = "") -> None:
    """The mentor presses Decline on `nudge` and submits the form with `reason`."""
    rounds.slack.submit_view(
        user_id,
        "decline_request",
        {
            "reason": {"reason": {"value": reason}},
            "unavailable_until": {"unavailable_until": {"selected_date": None}},
        },
        private_metadata=f"{button(nudge, 'nudge.decline')}:D0000001:1.0",
    )
    rounds.settle()
