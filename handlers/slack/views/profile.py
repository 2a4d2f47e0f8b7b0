"""The profile form: who you are, what you offer, and how you like to be matched."""

from bot.career import CareerStage
from bot.matching.profiles import DepartmentPreference
from bot.matching.vocabulary import ConceptKind, load_vocabulary
from bot.profiles import MAX_CAPACITY, MAX_CHATS_PER_MONTH, ProfileForm
from handlers.slack.views.inputs import (
    Block,
    Submission,
    checkboxes,
    date_picker,
    input_block,
    modal,
    multi_select,
    number_input,
    radio,
    static_select,
    text_input,
    users_select,
)

CALLBACK = "profile_form"
ROLE_CHOICES = (("mentee", "Mentee: I'd like mentoring"), ("mentor", "Mentor: I can help others"))
SHOUTOUT_CHOICE = (("yes", "Shout-outs: name me in the monthly thank-you channel post"),)
DEPARTMENT_CHOICES = (
    (DepartmentPreference.NONE.value, "No preference"),
    (DepartmentPreference.PREFER.value, "Prefer my own department"),
    (DepartmentPreference.AVOID.value, "Prefer someone outside my department"),
)


def concept_choices(kind: ConceptKind) -> list[tuple[str, str]]:
    vocabulary = load_vocabulary()
    concepts = [c for c in vocabulary.concepts.values() if c.kind is kind]
    return sorted(((c.id, c.label) for c in concepts), key=lambda choice: choice[1].lower())


def profile_modal(form: ProfileForm, availability: list[Block] | None = None) -> Block:
    blocks = [
        *_who_you_are(form),
        *_what_you_offer(form),
        *_how_to_match(form),
        *(availability or []),
    ]
    return modal(CALLBACK, "Your Rounds profile", blocks, "Save")


def _who_you_are(form: ProfileForm) -> list[Block]:
    specialties = concept_choices(ConceptKind.SPECIALTY)
    roles = [r for r, held in (("mentee", form.is_mentee), ("mentor", form.is_mentor)) if held]
    return [
        input_block("roles", "I take part as", checkboxes(ROLE_CHOICES, roles)),
        input_block(
            "career_stage",
            "Career stage",
            static_select(
                [(s.value, s.label) for s in CareerStage],
                form.career_stage.value if form.career_stage else None,
                "Choose your stage",
            ),
        ),
        input_block(
            "specialty",
            "Specialty",
            static_select(specialties, form.specialty, "Choose"),
            optional=True,
        ),
        input_block(
            "subspecialty",
            "Subspecialty",
            static_select(specialties, form.subspecialty, "Choose"),
            optional=True,
        ),
        input_block(
            "topics",
            "Topics",
            multi_select(
                concept_choices(ConceptKind.TOPIC),
                form.topics,
                "What you can help with, or want help with",
            ),
            optional=True,
        ),
        input_block(
            "about",
            "In your own words",
            text_input(form.about, multiline=True, max_length=2000),
            optional=True,
            hint="Mentors: what you can help with. Mentees: what you'd like help with.",
        ),
    ]


def _what_you_offer(form: ProfileForm) -> list[Block]:
    return [
        input_block(
            "capacity",
            "Mentors: how many mentees at once",
            number_input(form.capacity, 1, MAX_CAPACITY),
            optional=True,
        ),
        input_block(
            "chats_per_month",
            "Mentors: chats a month you can offer",
            number_input(form.chats_per_month, 0, MAX_CHATS_PER_MONTH),
            optional=True,
        ),
        input_block(
            "languages",
            "Languages",
            text_input(", ".join(form.languages), max_length=200),
            optional=True,
            hint="Comma-separated, for example: English, Spanish",
        ),
    ]


def _how_to_match(form: ProfileForm) -> list[Block]:
    return [
        input_block(
            "department", "Department", text_input(form.department, max_length=120), optional=True
        ),
        input_block(
            "department_preference",
            "Matching within your department",
            radio(DEPARTMENT_CHOICES, form.department_preference.value),
            optional=True,
        ),
        input_block(
            "paused_until",
            "Pause matching until",
            date_picker(form.paused_until),
            optional=True,
            hint="Leave empty to be available now.",
        ),
        input_block(
            "never_pair",
            "Never pair me with",
            users_select(form.never_pair),
            optional=True,
            hint="Private: no one else ever sees this list.",
        ),
        input_block(
            "shoutout",
            "Mentors: public thanks",
            checkboxes(SHOUTOUT_CHOICE, ["yes"] if form.shoutout_opt_in else []),
            optional=True,
            hint="Off by default: the monthly thank-you otherwise stays a private message.",
        ),
        input_block(
            "self_described",
            "A group you belong to (optional)",
            text_input(form.self_described or None, max_length=64),
            optional=True,
            hint="Only if you want it counted, in your own words (first-generation, IMG...). "
            "Reports show it only for groups of five or more.",
        ),
    ]


def read_profile(submission: Submission) -> ProfileForm:
    roles = submission.choices("roles")
    stage = submission.choice("career_stage")
    languages = tuple(
        part.strip() for part in submission.text("languages").split(",") if part.strip()
    )
    preference = submission.choice("department_preference") or DepartmentPreference.NONE.value
    return ProfileForm(
        is_mentee="mentee" in roles,
        is_mentor="mentor" in roles,
        career_stage=CareerStage(stage) if stage else None,
        specialty=submission.choice("specialty"),
        subspecialty=submission.choice("subspecialty"),
        topics=tuple(submission.choices("topics")),
        about=submission.text("about"),
        capacity=submission.number("capacity") or 2,
        chats_per_month=submission.number("chats_per_month") or 0,
        languages=languages,
        paused_until=submission.day("paused_until"),
        never_pair=tuple(submission.users("never_pair")),
        department=submission.text("department") or None,
        department_preference=DepartmentPreference(preference),
        shoutout_opt_in="yes" in submission.choices("shoutout"),
        self_described=submission.text("self_described"),
    )
