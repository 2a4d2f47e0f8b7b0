import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.career import CareerStage
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile
from bot.matching.scoring import DefaultScorer, stage_fit, value_matrix
from tests.matching.conftest import mentor, need

scorer = DefaultScorer()


def test_reasons_say_what_the_pair_shares_and_why_it_fits() -> None:
    score = scorer.score(need(), mentor())
    assert "both: fellowship applications · pediatric cardiology" in score.reasons
    assert "PGY-4 for a PGY-2" in score.reasons
    assert "3 of 4 slots free" in score.reasons
    assert 0.0 <= score.value <= 1.0


def test_shared_expertise_beats_unrelated_expertise() -> None:
    unrelated = mentor(
        specialties=frozenset({"urology"}),
        topics=frozenset({"leadership"}),
        help_text="urology and leadership",
    )
    assert scorer.score(need(), mentor()).value > scorer.score(need(), unrelated).value


def test_parent_specialty_gets_partial_credit() -> None:
    exact = mentor(help_text="")
    parent = mentor(specialties=frozenset({"pediatrics"}), help_text="")
    unrelated = mentor(specialties=frozenset({"urology"}), help_text="")
    values = [scorer.score(need(goal=""), m).value for m in (exact, parent, unrelated)]
    assert values[0] > values[1] > values[2]
    assert "close: pediatrics for pediatric cardiology" in scorer.score(need(), parent).reasons


def test_mentor_a_few_stages_ahead_beats_same_stage_or_junior() -> None:
    ahead = scorer.score(need(), mentor(career_stage=CareerStage.FELLOW)).value
    same = scorer.score(need(), mentor(career_stage=CareerStage.PGY2)).value
    junior = scorer.score(need(), mentor(career_stage=CareerStage.PGY1)).value
    assert ahead > same > junior
    assert stage_fit(2) == 1.0 and stage_fit(0) < stage_fit(8) < stage_fit(3)


def test_free_capacity_and_availability_help() -> None:
    free = scorer.score(need(), mentor(active_mentees=0, chats_per_month=4)).value
    busy = scorer.score(need(), mentor(active_mentees=3, chats_per_month=1)).value
    assert free > busy


def test_department_preference_prefer_and_avoid() -> None:
    same = mentor(department="Pediatrics")
    other = mentor(department="Surgery")
    prefers = need(department="pediatrics", department_preference=DepartmentPreference.PREFER)
    avoids = need(department="Pediatrics", department_preference=DepartmentPreference.AVOID)
    indifferent = need(department="Pediatrics")
    assert scorer.score(prefers, same).value > scorer.score(prefers, other).value
    assert scorer.score(avoids, same).value < scorer.score(avoids, other).value
    assert scorer.score(indifferent, same).value == scorer.score(indifferent, other).value
    assert "same department" in scorer.score(prefers, same).reasons


def test_shared_language_helps() -> None:
    spanish = need(languages=frozenset({"es"}))
    assert (
        scorer.score(spanish, mentor(languages=frozenset({"es", "en"}))).value
        > scorer.score(spanish, mentor(languages=frozenset({"en"}))).value
    )
    assert "speaks es" in scorer.score(spanish, mentor(languages=frozenset({"es"}))).reasons


stages = st.sampled_from(list(CareerStage))
concept_sets = st.frozensets(
    st.sampled_from(
        [
            "pediatrics",
            "pediatric_cardiology",
            "cardiology",
            "research",
            "wellness",
            "not_in_vocabulary",
        ]
    ),
    max_size=3,
)
needs = st.builds(
    need,
    person_id=st.text(max_size=3),
    goal=st.text(max_size=40),
    topics=concept_sets,
    specialty=st.one_of(st.none(), st.sampled_from(["pediatrics", "neonatology", "urology"])),
    career_stage=stages,
    department=st.one_of(st.none(), st.sampled_from(["A", "B"])),
    department_preference=st.sampled_from(list(DepartmentPreference)),
    languages=st.frozensets(st.sampled_from(["en", "es"])),
)
mentors = st.builds(
    mentor,
    person_id=st.text(max_size=3),
    specialties=concept_sets,
    topics=concept_sets,
    help_text=st.text(max_size=40),
    career_stage=stages,
    capacity=st.integers(0, 6),
    active_mentees=st.integers(0, 6),
    chats_per_month=st.integers(0, 8),
    department=st.one_of(st.none(), st.sampled_from(["A", "B"])),
    languages=st.frozensets(st.sampled_from(["en", "es"])),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(needs, min_size=1, max_size=4), st.lists(mentors, min_size=1, max_size=4))
def test_matrix_scores_equal_pair_scores_and_stay_in_unit_range(
    ns: list[MenteeNeed], ms: list[MentorProfile]
) -> None:
    matrix = value_matrix(scorer, ns, ms)
    pairwise = np.array([[scorer.score(n, m).value for m in ms] for n in ns])
    assert np.allclose(matrix, pairwise, atol=1e-9)
    assert ((matrix >= 0) & (matrix <= 1)).all()
