"""Persistent scheduling for Rounds: quiet hours, a job store in the app database, and
leader election so exactly one replica runs jobs."""

from bot.scheduling.leader import LeaderElection, advisory_lock_key
from bot.scheduling.quiet_hours import is_quiet, next_allowed_send, resolve_zone
from bot.scheduling.replica import SchedulingReplica
from bot.scheduling.runs import JobObserver, JobRun, RunOutcome
from bot.scheduling.scheduler import JobKind, JobScheduler, ScheduledJob, kind_for
from bot.scheduling.tasks import Primitive, register_task, registered_task, unregister_task

__all__ = [
    "JobKind",
    "JobObserver",
    "JobRun",
    "JobScheduler",
    "LeaderElection",
    "Primitive",
    "RunOutcome",
    "ScheduledJob",
    "SchedulingReplica",
    "advisory_lock_key",
    "is_quiet",
    "kind_for",
    "next_allowed_send",
    "register_task",
    "registered_task",
    "resolve_zone",
    "unregister_task",
]
