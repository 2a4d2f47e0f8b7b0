from __future__ import annotations

from bot.events.csv_io import parse_experts, parse_mentees


def test_experts_are_read_with_absent_rounds() -> None:
    parsed = parse_experts(
        "expert_id,name,topic,table,absent_rounds\ne1,Dr One,Cardiology,A,\ne2,Dr Two,ICU,B,2;3\n"
    )
    assert parsed.problems == ()
    assert [e.expert_id for e in parsed.items] == ["e1", "e2"]
    assert parsed.items[1].absent_rounds == frozenset({2, 3})


def test_each_bad_expert_row_is_reported_with_its_line() -> None:
    parsed = parse_experts(
        "expert_id,name,topic,table,absent_rounds\n"
        "e1,Dr One,Cardiology,A,\n"
        "\n"
        "e2,,ICU,B,\n"
        "e1,Dr Again,ICU,C,\n"
        "e3,Dr Three,ICU,D,two\n"
        '"e4","Dr\nFour",ICU,E,\n'
        "e5,Dr Five,ICU\n"
    )
    assert [e.expert_id for e in parsed.items] == ["e1", "e4"]
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (4, "name is empty"),
        (5, "expert_id 'e1' already used on line 2"),
        (6, "absent_rounds must list round numbers from 1, got 'two'"),
        (9, "table is empty"),
    ]


def test_missing_columns_are_reported_on_the_header_line() -> None:
    parsed = parse_mentees("id,name\nm1,Ana\n")
    assert parsed.items == ()
    assert [(p.line, p.reason) for p in parsed.problems] == [(1, "missing column(s): mentee_id")]


def test_mentees_keep_topic_order_and_reject_duplicates() -> None:
    parsed = parse_mentees(
        "\ufeffmentee_id,name,ranked_topics\n"
        "m1,Ana,ICU; Cardiology\n"
        "m2,Bo,\n"
        "m3,Cy,ICU;icu\n"
        "m4,Di,ICU,extra\n"
    )
    assert [(m.mentee_id, m.ranked_topics) for m in parsed.items] == [
        ("m1", ("ICU", "Cardiology")),
        ("m2", ()),
    ]
    assert [str(p) for p in parsed.problems] == [
        "line 4: topic 'icu' is ranked twice",
        "line 5: more cells than columns (3)",
    ]
