"""An abbreviation read in one sense shows the others, so a mentee can say what they meant."""

from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import ask, dm_texts, last_dm, make_mentor

SHOWN = "Reading MS as multiple sclerosis — did you mean mitral stenosis or medical student?"


def test_an_unsettled_abbreviation_is_shown_with_its_other_senses(journey: LocalRounds) -> None:
    make_mentor(journey, "U0NEU", "Noor Haddad", "neurology", about="Multiple sclerosis clinic")

    ask(journey, "U0ANA", "MS clinic & <neuro> fellowship")

    suggestions = dm_texts(journey, "U0ANA")[-1]
    assert SHOWN in suggestions
    assert "@Noor Haddad" in suggestions
    raw = str(last_dm(journey, "U0ANA").args["blocks"])
    assert "&lt;neuro&gt;" in raw and "<neuro>" not in raw


def test_an_abbreviation_its_words_settle_is_not_questioned(journey: LocalRounds) -> None:
    make_mentor(journey, "U0CAR", "Ravi Shah", "cardiology", about="Valve disease, echo")

    ask(journey, "U0ANA", "MS and mitral valve repair")

    suggestions = dm_texts(journey, "U0ANA")[-1]
    assert "@Ravi Shah" in suggestions
    assert "did you mean" not in suggestions


def test_interview_prep_asks_nothing_about_prep(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", "interview prep for pediatric cardiology fellowship")

    assert "did you mean" not in dm_texts(journey, "U0ANA")[-1]
