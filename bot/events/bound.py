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
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, cap: int, cost: int) -> None:
        tails.append(tail)
        heads.append(head)
        capacities.append(cap)
        costs.append(cost)

    expert_count = len(roster.experts)
    hosting = {
        topic: np.flatnonzero((roster.expert_topic == topic) & (capacity > 0))
        for topic in np.unique(roster.expert_topic).tolist()
    }
    sink = expert_count
    next_node = sink + 1
    supplies: dict[int, int] = {}
    for mentee in mentees.tolist():
        need = int(needs[mentee])
        mentee_node = next_node
        next_node += 1
        supplies[mentee_node] = need
        # meetings worth nothing need no expert: they only use up the mentee's need
        arc(mentee_node, sink, need, FULL_COST)
        met = met_expert[mentee]
        for topic in np.flatnonzero(roster.base_points[mentee] > 0).tolist():
            experts = hosting.get(topic, np.zeros(0, dtype=np.int64))
            if met.any():
                experts = experts[met[experts] == 0]
            if experts.size == 0:
                continue
            topic_node = next_node
            next_node += 1
            base = int(roster.base_points[mentee, topic])
            already = int(topic_count[mentee, topic])
            for repeat in range(already + 1, already + 1 + min(need, experts.size)):
                arc(mentee_node, topic_node, 1, FULL_COST - base * SCALE // repeat)
            for expert in experts.tolist():
                arc(topic_node, expert, 1, 0)
    for expert in range(expert_count):
        if capacity[expert] > 0:
            arc(expert, sink, int(capacity[expert]), 0)
    total = sum(supplies.values())
    node_supplies = np.zeros(next_node, dtype=np.int64)
    for node, supply in supplies.items():
        node_supplies[node] = supply
    node_supplies[sink] = -total
    solver = solve_flow(
        np.array(tails, dtype=np.int64),
        np.array(heads, dtype=np.int64),
        np.array(capacities, dtype=np.int64),
        np.array(costs, dtype=np.int64),
        node_supplies,
        "preference bound",
    )
    return float(total * FULL_COST - solver.optimal_cost()) / SCALE
