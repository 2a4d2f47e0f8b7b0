from bot.career import CareerStage
from bot.matching.profiles import MenteeNeed, MentorProfile


def need(person_id: str = "mentee", **overrides: object) -> MenteeNeed:
    values: dict[str, object] = {
        "goal": "help with peds cards fellowship applications",
        "topics": frozenset({"fellowship_applications"}),
        "specialty": "pediatric_cardiology",
        "career_stage": CareerStage.PGY2,
    }
    values.update(overrides)
    return MenteeNeed(person_id, **values)  # type: ignore[arg-type]


def mentor(person_id: str = "mentor", **overrides: object) -> MentorProfile:
    values: dict[str, object] = {
        "specialties": frozenset({"pediatric_cardiology"}),
        "topics": frozenset({"fellowship_applications"}),
        "help_text": "happy to help with fellowship applications in pediatric cardiology",
        "career_stage": CareerStage.PGY4,
        "capacity": 4,
        "active_mentees": 1,
        "chats_per_month": 2,
    }
    values.update(overrides)
    return MentorProfile(person_id, **values)  # type: ignore[arg-type]
