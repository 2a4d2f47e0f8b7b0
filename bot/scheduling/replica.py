"""One process's share of scheduling: it can always add jobs, and runs them only as leader."""

from datetime import timedelta

from bot.scheduling.leader import LeaderElection
from bot.scheduling.scheduler import DEFAULT_MISFIRE_GRACE, DEFAULT_TABLENAME, JobScheduler

DEFAULT_LOCK_KEY = "rounds-scheduler"


class SchedulingReplica:
    """A :class:`JobScheduler` that processes jobs only while its :class:`LeaderElection`
    says this replica leads. Add jobs through :attr:`scheduler` on any replica."""

    def __init__(
        self,
        database_url: str,
        *,
        lock_key: int | str = DEFAULT_LOCK_KEY,
        poll_seconds: float = 5.0,
        tablename: str = DEFAULT_TABLENAME,
        tableschema: str | None = None,
        misfire_grace_time: timedelta | None = DEFAULT_MISFIRE_GRACE,
        timed_workers: int = 2,
        bulk_workers: int = 4,
    ) -> None:
        self.scheduler = JobScheduler(
            database_url,
            tablename=tablename,
            tableschema=tableschema,
            misfire_grace_time=misfire_grace_time,
            timed_workers=timed_workers,
            bulk_workers=bulk_workers,
            store_poll_seconds=poll_seconds,
        )
        self.election = LeaderElection(
            database_url,
            lock_key,
            on_elected=self.scheduler.resume,
            on_demoted=self.scheduler.pause,
            poll_seconds=poll_seconds,
        )

    @property
    def is_leader(self) -> bool:
        return self.election.is_leader

    def start(self) -> None:
        """Open the job store (paused) and start campaigning for leadership."""
        self.scheduler.start(paused=True)
        self.election.start()

    def stop(self) -> None:
        """Step down, then shut the scheduler down; stored jobs wait for the next leader."""
        self.election.stop()
        self.scheduler.shutdown()
