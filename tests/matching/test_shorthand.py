"""Chart shorthand in a request reads as the words it stands for."""

from hypothesis import given
from hypothesis import strategies as st

from bot.matching.shorthand import spell_out_shorthand
from tests.matching.test_ranking import faculty, ranked

NEUROLOGY = faculty("neuro", "neurology", "")
PSYCHIATRY = faculty("psych", "psychiatry", "")
ORTHOPEDICS = faculty("ortho", "orthopedic_surgery", "")
OBSTETRICS = faculty("ob", "obstetrics_gynecology", "")


def test_shorthand_makes_the_phrase_it_belongs_to() -> None:
    assert spell_out_shorthand("movement d/o clinic") == "movement disorder clinic"
    assert spell_out_shorthand("wrist fx, bone mets, abx") == (
        "wrist fracture, bone metastases, antibiotics"
    )
    assert ranked("huntingtons chorea, movement d/o clinic", [PSYCHIATRY, NEUROLOGY])[0] == "neuro"
    assert ranked("distal radius fx, cast or ORIF", [NEUROLOGY, ORTHOPEDICS])[0] == "ortho"


def test_gravida_and_para_say_the_patient_is_obstetrics() -> None:
    assert spell_out_shorthand("G2P1 at 34wk w/ severe preE") == (
        "obstetric patient at 34wk w/ severe preE"
    )
    assert (
        ranked("G2P1 at 34wk w/ severe preE, mag and delivery timing", [PSYCHIATRY, OBSTETRICS])[0]
        == "ob"
    )


def test_words_that_only_contain_shorthand_are_left_alone() -> None:
    assert spell_out_shorthand("and/or a fxn test, DZone") == "and/or a fxn test, DZone"


@given(st.text(alphabet="abcegijklnpqrtuvwy ,.-"))
def test_text_without_shorthand_letters_is_unchanged(text: str) -> None:
    assert spell_out_shorthand(text) == text
