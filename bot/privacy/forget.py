"""`/mentor forget-me`: personal data and free text go; anonymous totals stay.

The person's row stays as an anonymous placeholder so that figures already counted (requests,
meetings, scores) keep adding up; nothing left points to who they were.
"""

from datetime import datetime

from bot.identity import PersonRef
from storage.assessment import AssessmentRepository
from storage.db import Database
from storage.privacy import PrivacyRepository


def forget_person(database: Database, ref: PersonRef, now: datetime) -> bool:
    """Forget someone in one transaction; False when Rounds held nothing about them."""
    with PrivacyRepository.writing(database) as privacy:
        person = privacy.person(ref)
        if person is None or person.id is None:
            return False
        person_id = person.id
        privacy.forget_requests(person_id, now)
        relationship_ids = privacy.end_relationships(person_id, now)
        privacy.blank_goals(person_id)
        privacy.forget_prompts(person_id, person.user_id)
        privacy.forget_feedback(person_id, relationship_ids)
        privacy.blank_other_tables(person_id)
        # Whom they evaluate or are evaluated by keeps nobody apart once they are gone.
        AssessmentRepository(privacy.session).delete_about(person_id)
        privacy.delete_profile(person_id)
        privacy.make_anonymous(person)
    # Until the log is folded in, the old pages in it still hold every word just blanked.
    database.flush_log()
    return True
