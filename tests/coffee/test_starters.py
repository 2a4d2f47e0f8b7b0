from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coffee import Member, conversation_starter
from bot.coffee.starters import starter_templates


def test_every_section_of_the_starter_file_has_lines() -> None:
    templates = starter_templates()
    assert set(templates) == {"shared_topic", "shared_specialty", "mixed_specialties", "generic"}
    assert all(templates.values())


def test_a_topic_everyone_shares_comes_first() -> None:
    group = [
        Member("a", topics=frozenset({"global health", "research"}), specialty="surgery"),
        Member("b", topics=frozenset({"research", "AI"}), specialty="surgery"),
        Member("c", topics=frozenset({"Research", "AI"}), specialty="surgery"),
    ]
    assert "research" in conversation_starter(group).casefold()


def test_a_topic_only_two_share_still_beats_specialties() -> None:
    group = [
        Member("a", topics=frozenset({"wellness"})),
        Member("b", topics=frozenset({"wellness"}), specialty="cardiology"),
        Member("c", specialty="cardiology"),
    ]
    assert "wellness" in conversation_starter(group)


def test_without_shared_topics_specialties_are_used() -> None:
    same = [Member("a", specialty="pediatrics"), Member("b", specialty="pediatrics")]
    assert "pediatrics" in conversation_starter(same)
    mixed = [Member("a", specialty="pediatrics"), Member("b", specialty="radiology")]
    line = conversation_starter(mixed)
    assert "pediatrics" in line and "radiology" in line


def test_with_nothing_in_common_a_generic_starter_is_used() -> None:
    group = [Member("a", topics=frozenset({"AI"})), Member("b", topics=frozenset({"writing"}))]
    assert conversation_starter(group) in starter_templates()["generic"]


def test_a_topic_spelt_in_two_cases_reads_the_same_whatever_the_order_of_the_group() -> None:
    group = [
        Member("a", topics=frozenset({"Æsthetics"})),
        Member("b", topics=frozenset({"æsthetics"})),
    ]

    line = conversation_starter(group)

    assert conversation_starter(list(reversed(group))) == line
    assert "Æsthetics" in line


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.builds(
            Member,
            person_id=st.text(min_size=1, max_size=8),
            specialty=st.one_of(st.none(), st.text(max_size=12)),
            topics=st.frozensets(st.text(max_size=12), max_size=3),
        ),
        min_size=2,
        max_size=4,
    ),
    st.integers(0, 1000),
)
def test_any_group_gets_a_clean_repeatable_line(group: list[Member], seed: int) -> None:
    line = conversation_starter(group, seed)
    assert line.strip()
    assert not any(slot in line for slot in ("{topic}", "{specialty}", "{specialties}"))
    assert conversation_starter(list(reversed(group)), seed) == line
