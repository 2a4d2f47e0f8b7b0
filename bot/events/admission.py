"""Who gets a seat at a speed-mentoring event, and the checks a roster must pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from bot.events.model import EventSpec, Expert, Mentee, WaitlistEntry
from bot.events.roster import BoolArray, IntArray


def admit(
    committed: Sequence[tuple[str, int]],
    candidates: Sequence[tuple[str, int]],
    present: BoolArray,
    spec: EventSpec,
) -> tuple[list[str], tuple[WaitlistEntry, ...]]:
    """Admit candidates in order while every admitted mentee can still get their meetings.

    Seats per round are present experts x table_max. A set of needs fits when, for every k,
    the k largest needs sum to at most sum over rounds of min(seats, k) (Gale-Ryser).
    """
    seats = present.sum(axis=1) * spec.table_max
    most = len(committed) + len(candidates)
    fits_k = np.minimum(seats[np.newaxis, :], np.arange(1, most + 1)[:, np.newaxis]).sum(axis=1)
    admitted_needs = [need for _, need in committed]
    admitted = [mentee_id for mentee_id, _ in committed]
    waitlist: list[WaitlistEntry] = []
    if int(seats.max(initial=0)) == 0:
        reason = "no expert is present in any of the rounds being planned"
        return admitted, tuple(WaitlistEntry(mentee_id, reason) for mentee_id, _ in candidates)
    for mentee_id, need in candidates:
        trial = np.sort(np.array([*admitted_needs, need], dtype=np.int64))[::-1]
        if need > 0 and bool((np.cumsum(trial) <= fits_k[: trial.size]).all()):
            admitted_needs.append(need)
            admitted.append(mentee_id)
        else:
            waitlist.append(
                WaitlistEntry(
                    mentee_id,
                    f"event full: the {len(admitted)} mentees registered earlier take all "
                    f"{_seat_text(seats)} seats per round",
                )
            )
    if 0 < len(admitted) < spec.table_min and not committed:
        reason = f"too few mentees to open a table (at least {spec.table_min} per table)"
        waitlist = [WaitlistEntry(mentee_id, reason) for mentee_id in admitted] + waitlist
        admitted = []
    return admitted, tuple(waitlist)


def _seat_text(seats: IntArray) -> str:
    offered = seats[seats > 0]
    low, high = int(offered.min()), int(offered.max())
    return str(high) if low == high else f"{low}-{high}"


# --- checks ------------------------------------------------------------------------------


def check_unique(experts: Sequence[Expert], mentees: Sequence[Mentee]) -> None:
    """Raise ValueError naming any expert or mentee id given twice."""
    for label, ids in (
        ("expert", [e.expert_id for e in experts]),
        ("mentee", [m.mentee_id for m in mentees]),
    ):
        repeated = sorted(key for key, count in Counter(ids).items() if count > 1)
        if repeated:
            raise ValueError(f"{label} ids must be unique, repeated: {', '.join(repeated)}")


def check_tables(experts: Sequence[Expert], spec: EventSpec, from_round: int = 1) -> None:
    """Raise ValueError when two experts present in one round share a table."""
    for round_number in range(from_round, spec.rounds + 1):
        tables = Counter(e.table for e in experts if e.present_in(round_number))
        shared = sorted(table for table, count in tables.items() if count > 1)
        if shared:
            raise ValueError(
                f"round {round_number}: two present experts share table {', '.join(shared)}"
            )


def presence(experts: Sequence[Expert], spec: EventSpec) -> BoolArray:
    """Round index x expert: present that round."""
    return np.array(
        [[expert.present_in(r) for expert in experts] for r in spec.round_numbers],
        dtype=np.bool_,
    ).reshape(spec.rounds, len(experts))
