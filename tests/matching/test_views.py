"""How a request's concepts are weighed before any mentor is compared."""

from bot.matching.terms import load_terms
from bot.matching.views import Reader
from bot.matching.vocabulary import load_vocabulary
from bot.profiles import mentee_need

reader = Reader(load_vocabulary(), load_terms())


def weights(goal: str) -> dict[str, float]:
    return dict(reader.need(mentee_need(None, None, goal, (), None)).concepts)


def test_getting_into_a_field_weighs_less_than_the_field_named_beside_it() -> None:
    asked = weights("cardiology fellowship applications")
    assert asked["fellowship_applications"] < 0.5 < asked["cardiology"]


def test_a_skill_asked_about_a_field_keeps_its_whole_weight() -> None:
    asked = weights("high fidelity sim for OB hemorrhage")
    assert asked["medical_education"] == 0.5
    asked = weights("clinical informatics after IM residency")
    assert asked["clinical_informatics"] == 0.5
