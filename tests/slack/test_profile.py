from typing import Any

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text


def form_values(**overrides: Any) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, Any] = {
        "roles": {"selected_options": [{"value": "mentor"}]},
        "career_stage": {"selected_option": {"value": "attending"}},
        "specialty": {"selected_option": {"value": "pediatric_cardiology"}},
        "subspecialty": {"selected_option": None},
        "topics": {"selected_options": [{"value": "fellowship_applications"}]},
        "about": {"value": "Fellowship applications in <!channel> peds cards"},
        "capacity": {"value": "3"},
        "chats_per_month": {"value": "2"},
        "languages": {"value": "English, Spanish"},
        "department": {"value": "Pediatrics"},
        "department_preference": {"selected_option": {"value": "none"}},
        "paused_until": {"selected_date": None},
        "never_pair": {"selected_users": ["U0ANA"]},
    }
    values.update(overrides)
    return {block: {block: value} for block, value in values.items()}


def test_profile_command_opens_the_form(rounds: LocalRounds) -> None:
    rounds.command("U0DRKIM", "/mentor", "profile")

    opened = rounds.fake.calls_to("views.open")
    assert len(opened) == 1
    assert opened[0].args["view"]["callback_id"] == "profile_form"
    assert "Never pair me with" in call_text(opened[0])


def test_a_saved_profile_makes_a_mentor_and_is_shown_again_when_reopened(
    rounds: LocalRounds,
) -> None:
    saved = rounds.slack.submit_view("U0DRKIM", "profile_form", form_values())
    rounds.settle()

    assert saved.status == 200 and saved.json()["response_action"] == "update"
    home = call_text(rounds.fake.calls_to("views.publish")[-1])
    assert "Mentor" in home
    rounds.command("U0DRKIM", "/mentor", "profile")
    reopened = rounds.fake.calls_to("views.open")[-1].args["view"]
    about = next(b for b in reopened["blocks"] if b["block_id"] == "about")
    assert about["element"]["initial_value"] == "Fellowship applications in <!channel> peds cards"
    never = next(b for b in reopened["blocks"] if b["block_id"] == "never_pair")
    assert never["element"]["initial_users"] == ["U0ANA"]
    mentors = rounds.services.profiles.mentors()
    assert [(m.capacity, sorted(m.specialties), sorted(m.languages)) for m in mentors] == [
        (3, ["pediatric_cardiology"], ["English", "Spanish"])
    ]


def test_saving_says_in_words_what_was_saved(rounds: LocalRounds) -> None:
    saved = rounds.slack.submit_view(
        "U0DRKIM",
        "profile_form",
        form_values(
            topics={"selected_options": [{"value": "fellowship_applications"}]},
            paused_until={"selected_date": "2026-12-24"},
        ),
    )
    rounds.settle()

    answer = saved.json()
    assert answer["response_action"] == "update"
    summary = blocks_text(answer["view"]["blocks"]).replace(":", "")
    assert "Your profile is saved." in summary
    assert "Taking part as Mentor" in summary
    assert "Career stage Attending" in summary
    assert "Specialty Pediatric cardiology" in summary
    assert "Topics Fellowship applications" in summary
    assert "Mentees at once 3" in summary
    assert "Matching Paused until December 24, 2026" in summary
    assert "pediatric_cardiology" not in summary and "fellowship_applications" not in summary


def test_a_form_without_a_role_is_sent_back_with_the_reason_and_nothing_is_saved(
    rounds: LocalRounds,
) -> None:
    answer = rounds.slack.submit_view(
        "U0DRKIM", "profile_form", form_values(roles={"selected_options": []})
    )
    rounds.settle()

    assert answer.json() == {
        "response_action": "errors",
        "errors": {"roles": "Choose at least one: mentee or mentor."},
    }
    assert rounds.services.profiles.mentors() == []


def test_putting_yourself_on_your_never_pair_list_is_refused(rounds: LocalRounds) -> None:
    answer = rounds.slack.submit_view(
        "U0DRKIM", "profile_form", form_values(never_pair={"selected_users": ["U0DRKIM"]})
    )

    assert answer.json()["errors"] == {"never_pair": "You can leave yourself off this list."}


def test_the_app_home_button_opens_the_same_form(rounds: LocalRounds) -> None:
    rounds.slack.click("U0ANA", "profile.open", view={"id": "VHOME", "type": "home"})
    rounds.settle()

    assert rounds.fake.calls_to("views.open")[0].args["view"]["callback_id"] == "profile_form"
