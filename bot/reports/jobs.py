"""The report feature's recurring jobs: monthly thanks to mentors and daily retention."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.clock import Clock
from bot.privacy import blank_old_free_text
from bot.reports.periods import add_months, month_start
from bot.reports.recognition import Recognition
from bot.scheduling import JobScheduler
from storage.db import Database

MONTHLY_JOB = "recognition:monthly"
MONTHLY_TASK = "recognition.monthly"
RETENTION_JOB = "retention:daily"
RETENTION_TASK = "retention.daily"
# Mid-morning on the American east coast, early morning on the west coast.
THANKS_HOUR_UTC = 15
RETENTION_HOUR_UTC = 3


def next_first_of_month(now: datetime) -> datetime:
    """The next 1st of a month at the thanks hour, strictly after `now`."""
    this_month = month_start(now) + timedelta(hours=THANKS_HOUR_UTC)
    return this_month if this_month > now else add_months(this_month, 1)


def next_retention_run(now: datetime) -> datetime:
    today = now.astimezone(UTC).replace(hour=RETENTION_HOUR_UTC, minute=0, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


class ReportJobs:
    """Keeps the recurring jobs scheduled; each run of the monthly job books the next one."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        recognition: Recognition,
        scheduler: Callable[[], JobScheduler],
        retention_months: int,
    ) -> None:
        self.database = database
        self.clock = clock
        self.recognition = recognition
        self.scheduler = scheduler
        self.retention_months = retention_months

    def tasks(self) -> dict[str, Callable[..., object]]:
        return {MONTHLY_TASK: self.run_monthly, RETENTION_TASK: self.run_retention}

    def ensure_scheduled(self) -> None:
        """Idempotent: safe at every start of every replica."""
        scheduler, now = self.scheduler(), self.clock.now()
        scheduler.schedule_once(MONTHLY_JOB, MONTHLY_TASK, next_first_of_month(now))
        if self.retention_months > 0:
            scheduler.schedule_interval(
                RETENTION_JOB,
                RETENTION_TASK,
                timedelta(days=1),
                first_run_at=next_retention_run(now),
            )
        else:
            scheduler.cancel(RETENTION_JOB)

    def run_monthly(self) -> int:
        now = self.clock.now()
        self.scheduler().schedule_once(MONTHLY_JOB, MONTHLY_TASK, next_first_of_month(now))
        return self.recognition.thank_mentors(add_months(month_start(now), -1))

    def run_retention(self) -> int:
        return blank_old_free_text(self.database, self.clock.now(), self.retention_months)
