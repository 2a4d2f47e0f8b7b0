from bot.domain import Introduced
from bot.mentoring.model import Format
from storage.lasting import LastingRepository
from storage.models import Relationship


def ongoing_relationship(lasting: LastingRepository, event: Introduced) -> Relationship | None:
    """The relationship an introduction started, when it is ongoing mentoring; else None."""
    if Format(event.format) is not Format.ONGOING:
        return None
    relationship = lasting.relationship(event.relationship_id)
    if relationship is None or relationship.id is None:
        return None
    return relationship
