"""Each person's right to a copy of their data and to be forgotten, and free-text retention."""

from bot.privacy.export import export_person
from bot.privacy.forget import forget_person
from bot.privacy.retention import blank_old_free_text

__all__ = ["blank_old_free_text", "export_person", "forget_person"]
