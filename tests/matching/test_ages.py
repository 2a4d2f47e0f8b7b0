"""A patient's age as trainees write it says which specialist the case belongs to."""

from hypothesis import given
from hypothesis import strategies as st

from bot.matching.ages import ages_as_words
from tests.matching.test_ranking import (
    GYNECOLOGY,
    ONCOLOGY,
    PEDIATRIC_ONCOLOGY,
    PULMONARY,
    faculty,
    ranked,
)

NEONATOLOGY = faculty("nicu", "neonatology", "")


def test_a_young_childs_leukemia_goes_to_pediatric_oncology() -> None:
    goal = "5yo w/ pancytopenia and blasts on smear, induction chemo"
    assert ranked(goal, [ONCOLOGY, PEDIATRIC_ONCOLOGY])[0] == "peds-onc"
    assert ranked("45yo w/ breast cancer, chemo", [ONCOLOGY, PEDIATRIC_ONCOLOGY])[0] == "onc"


def test_a_childs_age_is_not_read_as_parenting_when_parents_are_mentioned() -> None:
    goal = "4yo w/ pre-B ALL in induction, parents asking about CAR-T"
    assert ranked(goal, [ONCOLOGY, PEDIATRIC_ONCOLOGY])[0] == "peds-onc"


def test_a_baby_born_at_26_weeks_is_the_nicus_but_a_pregnancy_at_26_weeks_is_not() -> None:
    mentors = [PULMONARY, GYNECOLOGY, NEONATOLOGY]
    assert ranked("intubating a 26 wk in the delivery room", mentors)[0] == "nicu"
    assert ranked("pt at 26 wks w/ preeclampsia", mentors)[0] == "gyn"


def test_ages_read_as_the_patient_they_describe() -> None:
    assert ages_as_words("16 y/o w/ acne").split() == ["teen", "w/", "acne"]
    assert ages_as_words("a 3-year-old").split() == ["a", "pediatric", "patient"]
    assert ages_as_words("6 mo old w/ RSV").split() == ["infant", "w/", "RSV"]
    assert ages_as_words("3 day old jaundice").split() == ["newborn", "jaundice"]
    assert ages_as_words("67yo w/ CHF") == "67yo w/ CHF"


def test_years_in_training_and_a_course_of_treatment_are_not_an_age() -> None:
    assert ages_as_words("2 yrs into residency, PGY-3") == "2 yrs into residency, PGY-3"
    assert ages_as_words("4mo rifampin vs 9mo isoniazid") == "4mo rifampin vs 9mo isoniazid"


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",))))
def test_text_without_numbers_is_left_as_written(text: str) -> None:
    assert ages_as_words(text) == text


def test_a_condition_of_a_field_without_a_childrens_counterpart_outweighs_the_age() -> None:
    genetics = faculty("genetics", "medical_genetics", "")
    pediatrics = faculty("peds", "pediatrics", "")
    assert ranked("15yo w/ suspected Marfan syndrome, next steps", [pediatrics, genetics])[0] == (
        "genetics"
    )
