"""`/mentor my-data`: everything Rounds holds about one person, as JSON."""

from datetime import datetime
from typing import Any

from bot.identity import PersonRef
from bot.privacy.tables import plain, row_dict
from bot.reports.model import MIN_CONTRIBUTORS
from bot.reports.personal import mentor_score
from storage.db import Database
from storage.models import Person
from storage.privacy import PrivacyRepository

# Internal bookkeeping that says nothing about the person.
LEAVE_OUT = frozenset({"dedupe_key", "attempts", "last_error", "candidates"})


def export_person(database: Database, ref: PersonRef, now: datetime) -> dict[str, Any] | None:
    """A JSON-ready copy of the person's data; None when Rounds holds nothing about them.

    Feedback they wrote is theirs in full; feedback about them appears only as a count and,
    from three people up, an average, as it does everywhere else."""
    with PrivacyRepository.reading(database) as privacy:
        person = privacy.person(ref)
        if person is None or person.id is None:
            return None
        person_id = person.id
        return {
            "exported_at": plain(now),
            "about": "Everything Rounds holds about you. Feedback others gave about you is "
            f"included only as totals, and its average only once {MIN_CONTRIBUTORS} or more "
            "people contributed.",
            "person": row_dict(person),
            "profile": _profile(privacy, person_id),
            "requests": _requests(privacy, person_id),
            "offers_to_you": [
                row_dict(step, frozenset({"mentor_id"})) for step in privacy.offers_to(person_id)
            ],
            "relationships": _relationships(privacy, person_id),
            "goals": [row_dict(goal) for goal in privacy.goals_of(person_id)],
            "messages_to_you": [
                row_dict(prompt, LEAVE_OUT) for prompt in privacy.prompts_to(person_id)
            ],
            "feedback_you_gave": [row_dict(row) for row in privacy.feedback_by(person_id)],
            "feedback_about_you": _feedback_about(privacy, person),
            "other": {
                name: [row_dict(row) for row in rows]
                for name, rows in privacy.rows_in_other_tables(person_id).items()
            },
        }


def _profile(privacy: PrivacyRepository, person_id: int) -> dict[str, object] | None:
    profile = privacy.profile(person_id)
    if profile is None:
        return None
    data = row_dict(profile)
    data["never_pair"] = privacy.user_ids(profile.never_pair)
    return data


def _requests(privacy: PrivacyRepository, person_id: int) -> list[dict[str, object]]:
    exported = []
    for request in privacy.requests_of(person_id):
        data = row_dict(request, LEAVE_OUT)
        data["steps"] = [
            {"kind": step.kind, "at": plain(step.at)} for step in privacy.steps_of(request.id)
        ]
        exported.append(data)
    return exported


def _relationships(privacy: PrivacyRepository, person_id: int) -> list[dict[str, object]]:
    exported = []
    for relationship in privacy.reports.relationships_of(person_id):
        data = row_dict(relationship, frozenset({"conversation_id"}))
        is_mentor = relationship.mentor_id == person_id
        other = privacy.person_by_id(
            relationship.mentee_id if is_mentor else relationship.mentor_id
        )
        data["your_role"] = "mentor" if is_mentor else "mentee"
        data["with"] = other.display_name if other else ""
        exported.append(data)
    return exported


def _feedback_about(privacy: PrivacyRepository, person: Person) -> dict[str, object]:
    assert person.id is not None
    if not person.is_mentor:
        return {"people": 0, "mean_usefulness": None}
    score = mentor_score(privacy.reports.mentee_ratings(person.id))
    return {"people": score.contributors, "mean_usefulness": score.mean_usefulness}
