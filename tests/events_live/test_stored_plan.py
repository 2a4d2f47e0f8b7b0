"""A stored plan comes back as the same plan, so repairs after a restart match repairs before."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.events import EventSpec, Expert, Mentee, plan_event, replan
from bot.events.stored import plan_from_json, plan_to_json
from tests.events.instances import events

# The search counts its budget in steps, so a short one still plans and replans alike.
SEARCH_SECONDS = 0.05


@settings(max_examples=25)
@given(events(), st.data())
def test_a_stored_plan_reloads_equal_and_replans_identically(
    instance: tuple[list[Expert], list[Mentee], EventSpec], data: st.DataObject
) -> None:
    experts, mentees, spec = instance
    try:
        plan = plan_event(experts, mentees, spec, seed=3, search_seconds=SEARCH_SECONDS)
    except ValueError:
        return
    reloaded = plan_from_json(plan_to_json(plan, version=1), spec, experts, mentees)
    assert reloaded == plan

    from_round = data.draw(st.integers(1, spec.rounds))
    staying = [m for m in mentees if m.mentee_id != "m0"] + [Mentee("late", "Late", ("ICU",))]
    before, after = (
        replan(plan, experts, staying, spec, from_round, SEARCH_SECONDS),
        replan(reloaded, experts, staying, spec, from_round, SEARCH_SECONDS),
    )
    assert before == after
    for itinerary in after.plan.itineraries:
        met = [s.expert_id for s in itinerary.stops if s.expert_id is not None]
        assert len(met) == len(set(met)), "never the same expert twice"
    assert replace(after.plan, seed=3) == after.plan
