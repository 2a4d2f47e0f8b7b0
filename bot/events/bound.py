"""Upper bound on preference points: one min-cost flow over the whole event.

It drops round timing, table balance and mixing, keeping only that each mentee meets at
most `need` more different experts and each expert hosts at most table_max mentees in each
round they are present. Diminishing returns per topic are modelled with parallel arcs of
decreasing value, which is exact because the value is concave in the number of meetings.
"""

from __future__ import annotations

import numpy as np

from bot.events.flow import solve_flow
from bot.events.roster import IntArray, Roster
from bot.events.scoring import FULL_COST, SCALE


def preference_bound(
    roster: Roster,
    from_round_index: int,
    needs: IntArray,
    met_expert: IntArray,
    topic_count: IntArray,
) -> float:
    """Best possible preference points still to be earned from `from_round_index` on."""
    rounds_present = roster.present[from_round_index:, :].sum(axis=0)
    capacity = rounds_present * roster.spec.table_max
    mentees = np.flatnonzero(needs > 0)
    if mentees.size == 0 or int(capacity.sum()) == 0:
        return 0.0
    need = needs[mentees].astype(np.int64)
    # Who may still meet whom: the expert has room, the two have not met, and the mentee
    # ranks the expert's topic.
    experts_open = np.flatnonzero(capacity > 0)
    wanted = roster.base_points[np.ix_(mentees, roster.expert_topic[experts_open])] > 0
    wanted &= met_expert[np.ix_(mentees, experts_open)] == 0
    rows, columns = np.nonzero(wanted)
    experts = experts_open[columns]
    # One node per (mentee, topic) asked, so that each topic's returns diminish on their own.
    width = int(roster.base_points.shape[1])
    keys, pair_of_arc, per_pair = np.unique(
        rows * width + roster.expert_topic[experts], return_inverse=True, return_counts=True
    )
    pair_rows, pair_topics = keys // width, keys % width
    sink = len(roster.experts)
    mentee_nodes = sink + 1 + np.arange(mentees.size)
    pair_nodes = sink + 1 + mentees.size + np.arange(keys.size)
    # mentee -> topic: one arc per further meeting on that topic, each worth less than the last
    repeats = np.minimum(need[pair_rows], per_pair)
    pair_of_repeat = np.repeat(np.arange(keys.size), repeats)
    first_of_pair = np.cumsum(repeats) - repeats
    already = topic_count[mentees[pair_rows], pair_topics]
    meeting = np.arange(pair_of_repeat.size) - first_of_pair[pair_of_repeat] + 1
    meeting += already[pair_of_repeat]
    base = roster.base_points[mentees[pair_rows], pair_topics][pair_of_repeat]
    arcs = (
        # meetings worth nothing need no expert: they only use up the mentee's need
        (mentee_nodes, np.full(mentees.size, sink), need, np.full(mentees.size, FULL_COST)),
        (
            mentee_nodes[pair_rows][pair_of_repeat],
            pair_nodes[pair_of_repeat],
            np.ones(pair_of_repeat.size),
            FULL_COST - base * SCALE // meeting,
        ),
        (pair_nodes[pair_of_arc], experts, np.ones(experts.size), np.zeros(experts.size)),
        (
            experts_open,
            np.full(experts_open.size, sink),
            capacity[experts_open],
            np.zeros(experts_open.size),
        ),
    )
    total = int(need.sum())
    node_supplies = np.zeros(sink + 1 + mentees.size + keys.size, dtype=np.int64)
    node_supplies[mentee_nodes] = need
    node_supplies[sink] = -total
    tails, heads, capacities, costs = (
        np.concatenate([np.asarray(arc[k], dtype=np.int64) for arc in arcs]) for k in range(4)
    )
    solver = solve_flow(tails, heads, capacities, costs, node_supplies, "preference bound")
    return float(total * FULL_COST - solver.optimal_cost()) / SCALE
