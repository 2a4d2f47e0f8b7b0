"""Writing a check-in prompt at the moment it is sent, from what is true then."""

from bot.checkins import messages
from bot.checkins.model import Kind
from bot.checkins.subjects import Subjects
from bot.identity import PersonRef
from bot.outbox import Composed, NotWanted
from storage.checkins import CheckInStore
from storage.models import Goal, Prompt, Relationship


def compose(store: CheckInStore, subjects: Subjects, prompt: Prompt) -> Composed | NotWanted:
    """The prompt's message and reader, or why it is no longer wanted."""
    assert prompt.id is not None
    person = store.person_asked(prompt)
    if person is None:
        return NotWanted("person left")
    subject = subjects.still_on(store, prompt)
    if isinstance(subject, NotWanted):
        return subject
    to = PersonRef(person.platform, person.workspace_id, person.user_id)
    match prompt.kind, subject:
        case Kind.DID_YOU_MEET, _:
            message = messages.did_you_meet(prompt.id, subjects.others(store, prompt))
        case Kind.CHECKIN, Relationship() as relationship:
            (other,) = subjects.others(store, prompt) or ("",)
            message = messages.relationship_checkin(
                prompt.id, other, relationship.checkin_every_weeks
            )
        case Kind.GOAL_CHECKIN, Goal() as goal:
            message = messages.goal_checkin(
                prompt.id, goal.text, goal.target_date, _mentor_of(store, goal)
            )
        case Kind.HELP_ALERT, Goal() as goal:
            (mentee,) = store.people.user_ids_in_order([goal.person_id]) or ("",)
            message = messages.help_alert(mentee, goal.text, goal.target_date)
        case _:
            return NotWanted(f"nothing to say for {prompt.kind}")
    return Composed(to, message)


def _mentor_of(store: CheckInStore, goal: Goal) -> str | None:
    relationship = store.relationships.ongoing(goal.relationship_id)
    if relationship is None:
        return None
    (mentor,) = store.people.user_ids_in_order([relationship.mentor_id]) or (None,)
    return mentor
