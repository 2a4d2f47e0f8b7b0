"""One way to play a journey, on Slack or on Teams, so the same test runs on both."""

from datetime import timedelta
from typing import Any, Protocol

from bot.career import CareerStage
from bot.identity import PersonRef
from bot.profiles import ProfileForm
from bot.replies import Reply
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from devtools.teams.harness import LocalTeams, actions_in
from devtools.teams.textview import card_text
from tests.mentoring import journey as slack_journey


class Journey(Protocol):
    platform: str

    def ref(self, key: str) -> PersonRef: ...

    def add_person(self, key: str, name: str) -> None: ...

    def ask(self, key: str, goal: str, format: str = "one_off") -> None: ...

    def texts(self, key: str) -> list[str]:
        """Every message the person received, as they would read it, oldest first."""
        ...

    def texts_now(self, key: str) -> list[str]:
        """The same messages as they read now, after any rewrite in place."""
        ...

    def press(self, key: str, action_id: str, *, by: str | None = None) -> str:
        """Press the button on the newest message of `key` that has it (pressed by `by`, if
        someone else); what the presser then sees."""
        ...

    def advance(self, delta: timedelta) -> int: ...


def make_mentor(
    journey: Journey, key: str, name: str, specialty: str, topics: tuple[str, ...] = ()
) -> None:
    journey.add_person(key, name)
    services = services_of(journey)
    services.profiles.save(
        journey.ref(key),
        ProfileForm(
            is_mentor=True,
            career_stage=CareerStage.ATTENDING,
            specialty=specialty,
            topics=topics,
            capacity=2,
        ),
    )


def make_mentee(journey: Journey, key: str, name: str) -> None:
    journey.add_person(key, name)
    services_of(journey).profiles.save(
        journey.ref(key), ProfileForm(is_mentee=True, career_stage=CareerStage.PGY2)
    )


def begin_ongoing(journey: Journey, goal: str) -> None:
    """Ana asks for ongoing mentoring, takes the best match, and Grace Kim accepts."""
    journey.ask("ana", goal, format="ongoing")
    journey.press("ana", "request.best")
    journey.press("kim", "nudge.accept")


def jump(journey: Journey, delta: timedelta) -> None:
    """Move the clock on in one step, as after a quiet spell: the outbox's sweep, run three
    hours later, delivers what fell due meanwhile (stepping through every sweep is slow)."""
    clock = services_of(journey).clock
    clock.set(clock.now() + delta)
    journey.advance(timedelta(hours=3))


def services_of(journey: Journey) -> Any:
    return journey.local.services  # type: ignore[attr-defined]


def deliver(journey: Journey, key: str, message: Reply) -> None:
    """A service sending someone a message of its own, as scheduled check-ins do."""
    services_of(journey).messenger.send_direct(journey.ref(key), message)


class SlackJourney:
    platform = "slack"

    def __init__(self, local: LocalRounds) -> None:
        self.local = local

    @staticmethod
    def user_id(key: str) -> str:
        return "U0" + key.upper()

    def ref(self, key: str) -> PersonRef:
        return slack_journey.ref(self.user_id(key))

    def add_person(self, key: str, name: str) -> None:
        self.local.add_user(self.user_id(key), name)
        self.local.services.people.remember(self.ref(key), name, "America/New_York")

    def ask(self, key: str, goal: str, format: str = "one_off") -> None:
        slack_journey.ask(self.local, self.user_id(key), goal, format)

    def _received(self, key: str) -> list[Any]:
        """Messages in every DM or group DM the bot opened with this person."""
        fake = self.local.fake
        user_id = self.user_id(key)
        return [
            c
            for c in fake.calls_to("chat.postMessage")
            if user_id in fake.members_of(str(c.args["channel"]))
        ]

    def texts(self, key: str) -> list[str]:
        names = slack_journey.names(self.local)
        return [call_text(call, names) for call in self._received(key)]

    def texts_now(self, key: str) -> list[str]:
        names = slack_journey.names(self.local)
        return [call_text(self.local.fake.as_now(call), names) for call in self._received(key)]

    def press(self, key: str, action_id: str, *, by: str | None = None) -> str:
        for call in reversed(self._received(key)):
            try:
                slack_journey.button(call, action_id)
            except AssertionError:
                continue
            slack_journey.press(self.local, self.user_id(by or key), call, action_id)
            return slack_journey.replies_to_presses(self.local)[-1]
        raise AssertionError(f"{key} has no {action_id} button")

    def advance(self, delta: timedelta) -> int:
        return self.local.advance(delta)


class TeamsJourney:
    platform = "teams"

    def __init__(self, local: LocalTeams) -> None:
        self.local = local

    def ref(self, key: str) -> PersonRef:
        return self.local.users[key].ref

    def add_person(self, key: str, name: str) -> None:
        self.local.add_user(key, name)

    def ask(self, key: str, goal: str, format: str = "one_off") -> None:
        self.local.say(key, "mentor")
        inputs = {"goal": goal, "format": format}
        self.local.press(key, self.local.last_card(key), "request.submit", inputs)

    def texts(self, key: str) -> list[str]:
        return self.local.texts(key)

    def texts_now(self, key: str) -> list[str]:
        connector = self.local.connector
        texts = []
        for sent in self.local.received(key):
            updates = [
                u
                for u in connector.updates_in(sent.conversation_id)
                if u.activity_id == sent.activity_id
            ]
            texts += [card_text(card) for card in (updates[-1] if updates else sent).cards]
        return texts

    def press(self, key: str, action_id: str, *, by: str | None = None) -> str:
        for card in reversed(self.local.cards(key)):
            if any(a.get("verb") == action_id for a in actions_in([card])):
                answer = self.local.press(by or key, card, action_id)
                value = answer["value"]
                return card_text(value) if isinstance(value, dict) else str(value)
        raise AssertionError(f"{key} has no {action_id} button")

    def advance(self, delta: timedelta) -> int:
        return self.local.advance(delta)
