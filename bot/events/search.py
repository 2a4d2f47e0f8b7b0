"""Tabu search over the whole schedule on the pairs who still meet twice."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bot.events.flow import FORBIDDEN, NOISE
from bot.events.mixing import PAIR_WEIGHT
from bot.events.roster import BoolArray, IntArray

POLISH_PATIENCE = 500

if TYPE_CHECKING:
    from bot.events.engine import SeatingEngine


def polish(engine: SeatingEngine, from_round_index: int, iterations: int) -> None:
    """Tabu search on the remaining repeated pairs, across all re-plannable rounds.

    Each step makes the best non-tabu swap, over all rounds, of two mentees of a round
    (one of them sitting with someone already met), even when that is worse, to climb
    out of local optima; the best schedule seen is kept. A short random tabu tenure
    stops it undoing its last moves. Runs only while some pair has met twice.
    """
    objective = best_objective = 0
    best = engine.assignment.copy()
    tabu_until = np.full(engine.assignment.shape, -1, dtype=np.int64)
    last_gain = 0
    for iteration in range(iterations):
        if iteration - last_gain > POLISH_PATIENCE:
            break
        if not np.triu(engine.pair_count > 1, k=1).any():
            break
        choice: tuple[int, int, int, int] | None = None
        for round_index in range(from_round_index, engine.roster.spec.rounds):
            deltas, seated, clashing = _swap_deltas(engine, round_index)
            if not clashing.any():
                continue
            moved = tabu_until[round_index, seated] >= iteration
            aspiring = objective + deltas < best_objective
            deltas[(moved[:, np.newaxis] | moved[np.newaxis, :]) & ~aspiring] = FORBIDDEN
            deltas[~clashing[:, np.newaxis] & ~clashing[np.newaxis, :]] = FORBIDDEN
            ranked = deltas * NOISE + engine.rng.integers(0, NOISE, size=deltas.shape)
            first, second = np.unravel_index(int(np.argmin(ranked)), ranked.shape)
            delta = int(deltas[first, second])
            if delta < FORBIDDEN and (choice is None or delta < choice[0]):
                choice = (delta, round_index, int(seated[first]), int(seated[second]))
        if choice is None:
            break
        delta, round_index, mentee, partner = choice
        _swap_in_round(engine, round_index, mentee, partner)
        objective += delta
        tabu_until[round_index, [mentee, partner]] = iteration + 2 + int(engine.rng.integers(4))
        if objective < best_objective:
            best_objective, last_gain = objective, iteration
            best = engine.assignment.copy()
    if objective > best_objective:
        engine.adopt(best)


def _swap_in_round(engine: SeatingEngine, round_index: int, mentee: int, partner: int) -> None:
    row = engine.assignment[round_index]
    home, away = int(row[mentee]), int(row[partner])
    home_mates = np.flatnonzero(row == home)
    away_mates = np.flatnonzero(row == away)
    home_mates = home_mates[home_mates != mentee]
    away_mates = away_mates[away_mates != partner]
    topics = engine.roster.expert_topic
    for person, left, joined, old, new in (
        (mentee, home_mates, away_mates, home, away),
        (partner, away_mates, home_mates, away, home),
    ):
        engine.pair_count[person, left] -= 1
        engine.pair_count[left, person] -= 1
        engine.pair_count[person, joined] += 1
        engine.pair_count[joined, person] += 1
        engine.met_expert[person, old] -= 1
        engine.met_expert[person, new] += 1
        engine.topic_count[person, topics[old]] -= 1
        engine.topic_count[person, topics[new]] += 1
    row[mentee], row[partner] = away, home


def _swap_deltas(engine: SeatingEngine, round_index: int) -> tuple[IntArray, IntArray, BoolArray]:
    """Objective change of swapping any two seated mentees of a round (rows x columns).

    Also returns the seated mentees and which of them sit with someone already met.
    """
    row = engine.assignment[round_index]
    seated = np.flatnonzero(row >= 0)
    tables = row[seated]
    same_table = tables[:, np.newaxis] == tables[np.newaxis, :]
    met = engine.pair_count[np.ix_(seated, seated)] - same_table
    np.fill_diagonal(met, 0)
    membership = np.zeros((seated.size, len(engine.roster.experts)), dtype=np.float64)
    membership[np.arange(seated.size), tables] = 1.0
    conflicts = np.rint(met.astype(np.float64) @ membership).astype(np.int64)[:, tables]
    own = np.diagonal(conflicts)
    pair_delta = conflicts + conflicts.T - 2 * met - own[:, np.newaxis] - own[np.newaxis, :]
    met_expert = engine.met_expert.copy()
    topic_count = engine.topic_count.copy()
    met_expert[seated, tables] -= 1
    topic_count[seated, engine.roster.expert_topic[tables]] -= 1
    open_experts = np.zeros(len(engine.roster.experts), dtype=np.bool_)
    open_experts[tables] = True
    costs = engine.seat_costs(
        round_index, open_experts, look_ahead=False, counts=(met_expert, topic_count)
    )[np.ix_(seated, tables)]
    own_cost = np.diagonal(costs)
    deltas: IntArray = PAIR_WEIGHT * pair_delta + (
        costs + costs.T - own_cost[:, np.newaxis] - own_cost[np.newaxis, :]
    )
    deltas[same_table | (costs >= FORBIDDEN) | (costs.T >= FORBIDDEN)] = FORBIDDEN
    return deltas, seated, own > 0
