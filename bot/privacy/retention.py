"""Free-text answers older than the retention period are blanked; the figures stay.

Blanked: feedback comments; the goal text of finished goals; the goal text of closed
mentoring requests; the reasons mentors gave when declining or passing on. Profiles' "in your
own words" stays, since people keep it current themselves.
"""

from datetime import datetime

from bot.reports.periods import add_months
from storage.db import Database
from storage.privacy import PrivacyRepository


def blank_old_free_text(database: Database, now: datetime, months: int) -> int:
    """Blank free text older than `months` (0 keeps everything); returns fields blanked."""
    if months <= 0:
        return 0
    with PrivacyRepository.writing(database) as privacy:
        blanked = privacy.blank_free_text_before(add_months(now, -months))
    if blanked:
        database.flush_log()
    return blanked
