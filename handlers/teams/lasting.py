"""Mentoring that lasts in Teams: the fit check, outcome surveys, the mentoring agreement,
the development plan and mentor practice, from card actions.

A prompt's button that opens a form answers with the form as a card of its own; its submit
button carries the prompt id, as Slack's modal carries it in its metadata.
"""

from collections.abc import Callable, Mapping

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.lasting.agreement import (
    CADENCE_CHOICES,
    CONFIDENTIALITY,
    OPEN_AGREEMENT,
    Terms,
    goals_of,
    terms_problems,
)
from bot.lasting.fit import FitAnswer
from bot.lasting.plan import AREAS, MAX_PLAN_GOALS, OPEN_PLAN, Plan, PlanGoal
from bot.lasting.practice import ACTIONS, TRY, PracticeAnswer
from bot.lasting.surveys import MENTEE_FORM, MENTOR_FORM, QUESTIONS, SCALE_CHOICES, Side
from bot.replies import Header, Reply, note, paragraph, reply
from handlers.teams.actions import Actions, Answer, Handler, Press
from handlers.teams.addresses import Addresses
from handlers.teams.forms import parse_day
from handlers.teams.mentoring import form_card
from handlers.teams.render import Form, Input, with_values

AGREEMENT_SUBMIT = "agreement.submit"
PLAN_SUBMIT = "plan.submit"
PRACTICE_SUBMIT = "practice.submit"

SURVEY_FORMS = {
    action_id: Form(
        inputs=tuple(
            Input(field, question, "choice", choices=SCALE_CHOICES, required=True)
            for field, question in QUESTIONS[side]
        ),
        submit="Send",
        intro="Confidential: never shown to them.",
    )
    for action_id, side in ((MENTEE_FORM, Side.MENTEE), (MENTOR_FORM, Side.MENTOR))
}

PLAN_FORM = Form(
    inputs=(
        Input(
            "self_assessment",
            "How do you rate your own progress?",
            "choice",
            choices=SCALE_CHOICES,
            required=True,
        ),
        *(
            spec
            for number in range(1, MAX_PLAN_GOALS + 1)
            for spec in (
                Input(f"goal{number}", f"Goal {number}", required=number == 1, max_length=200),
                Input(f"goal{number}_by", "By when?", "date"),
            )
        ),
        Input("area", "Tied to (optional)", "choice", choices=tuple((a, a) for a in AREAS)),
    ),
    submit="Save my plan",
)

#: What a prompt's button shows first: an intro and the form, or only why it cannot open.
Opening = Callable[[Services, int, PersonRef], tuple[Reply, Form | None]]
#: What a sent form shows, or the problems to show on the form again.
Sending = Callable[[Services, int, PersonRef, Press], Reply | Mapping[str, str]]


def agreement_form(
    services: Services, prompt_id: int, person: PersonRef
) -> tuple[Reply, Form | None]:
    opened = services.agreements.form_for(prompt_id, person)
    if opened.form is None:
        return opened.shown, None
    terms = opened.form.terms
    intro = reply(
        Header("Mentoring agreement"),
        paragraph("How often you meet, your first goals, and confidentiality."),
    )
    form = Form(
        inputs=(
            Input(
                "cadence",
                "We meet",
                "choice",
                choices=CADENCE_CHOICES,
                required=True,
                initial=str(terms.cadence_weeks),
            ),
            Input(
                "first_goals",
                "Our first goals (one a line)",
                "long_text",
                initial="\n".join(terms.first_goals),
                max_length=1000,
            ),
            Input(
                "confidential",
                "Confidentiality",
                "choice",
                choices=(("yes", "We keep it confidential"),),
                initial="yes" if terms.confidential else "",
            ),
        ),
        submit="Agree",
        intro=CONFIDENTIALITY,
    )
    return intro, form


def agreement_sent(
    services: Services, prompt_id: int, person: PersonRef, press: Press
) -> Reply | Mapping[str, str]:
    terms = Terms(
        cadence_weeks=_number(press.field("cadence")),
        first_goals=goals_of(press.field("first_goals")),
        confidential=press.field("confidential") == "yes",
    )
    return terms_problems(terms) or services.agreements.submit(prompt_id, person, terms).shown


def _number(text: str) -> int:
    """A number picked on a form; 0 (refused by every check) for anything else."""
    return int(text) if text.isdigit() else 0


def plan_form(services: Services, prompt_id: int, person: PersonRef) -> tuple[Reply, Form | None]:
    opened = services.plans.opening(prompt_id, person)
    if opened.prompt_id is None:
        return opened.shown, None
    intro = reply(
        Header("Development plan"),
        paragraph("Rate your own progress and set up to three goals with dates."),
    )
    return intro, PLAN_FORM


def plan_sent(
    services: Services, prompt_id: int, person: PersonRef, press: Press
) -> Reply | Mapping[str, str]:
    plan = Plan(
        _number(press.field("self_assessment")),
        tuple(
            PlanGoal(text, parse_day(press.field(f"goal{n}_by")))
            for n in range(1, MAX_PLAN_GOALS + 1)
            if (text := press.field(f"goal{n}"))
        ),
        press.field("area") or None,
    )
    result = services.plans.submit(prompt_id, person, plan)
    return result.problems or result.shown


def practice_form(
    services: Services, prompt_id: int, person: PersonRef
) -> tuple[Reply, Form | None]:
    opened = services.practice.question(prompt_id, person)
    if opened.question is None:
        return opened.shown, None
    form = Form(
        inputs=(Input("answer", "Your answer", "long_text", max_length=500),),
        submit="Done",
        intro="Yours alone: Rounds keeps none of it, only that you tried.",
    )
    return reply(Header("Two-minute practice"), paragraph(opened.question)), form


def practice_sent(
    services: Services, prompt_id: int, person: PersonRef, press: Press
) -> Reply | Mapping[str, str]:
    # What they wrote is not read: the practice is theirs alone.
    return services.practice.answer(prompt_id, person, PracticeAnswer.TRIED)


FORMS: tuple[tuple[str, str, Opening, Sending], ...] = (
    (OPEN_AGREEMENT, AGREEMENT_SUBMIT, agreement_form, agreement_sent),
    (OPEN_PLAN, PLAN_SUBMIT, plan_form, plan_sent),
    (TRY, PRACTICE_SUBMIT, practice_form, practice_sent),
)


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    for answer in FitAnswer:
        actions.on(answer.action_id)(_fit_handler(services, answer))
    for action_id, choice in ACTIONS.items():
        actions.on(action_id)(_practice_handler(services, choice))
    for action_id in SURVEY_FORMS:
        actions.on(action_id)(_survey_handler(services))
    for open_id, submit_id, opening, sending in FORMS:
        actions.on(open_id)(_form_opener(services, addresses, opening, submit_id))
        actions.on(submit_id)(_form_sender(services, addresses, opening, sending, submit_id))


def _fit_handler(services: Services, answer: FitAnswer) -> Handler:
    def fit_answered(press: Press) -> Answer:
        result = services.fit_checks.answer(int(press.value), press.person, answer)
        return Answer(replace=result.shown) if result.replace else Answer(message=result.shown)

    return fit_answered


def _practice_handler(services: Services, answer: PracticeAnswer) -> Handler:
    def practice_answered(press: Press) -> Answer:
        return Answer(replace=services.practice.answer(int(press.value), press.person, answer))

    return practice_answered


def _survey_handler(services: Services) -> Handler:
    def survey_sent(press: Press) -> Answer:
        answers = {
            name: int(value)
            for name, value in press.inputs.items()
            if isinstance(value, str) and value.isdigit()
        }
        opened = services.surveys.form_for(int(press.value), press.person)
        if opened.form is None:
            return Answer(message=opened.shown)
        return Answer(
            replace=services.surveys.submit(int(press.value), press.person, answers).shown
        )

    return survey_sent


def _form_opener(
    services: Services, addresses: Addresses, opening: Opening, submit_id: str
) -> Handler:
    def form_opened(press: Press) -> Answer:
        intro, form = opening(services, int(press.value), press.person)
        if form is None:
            return Answer(message=intro)
        names = addresses.names(press.person.workspace_id)
        return Answer(card=form_card(intro, form, submit_id, names, press.value))

    return form_opened


def _form_sender(
    services: Services, addresses: Addresses, opening: Opening, sending: Sending, submit_id: str
) -> Handler:
    def form_sent(press: Press) -> Answer:
        result = sending(services, int(press.value), press.person, press)
        if isinstance(result, Reply):
            return Answer(replace=result)
        intro, form = opening(services, int(press.value), press.person)
        if form is None:
            return Answer(message=intro)
        warned = Reply((*intro.parts, *(note("⚠ ", problem) for problem in result.values())))
        names = addresses.names(press.person.workspace_id)
        filled = with_values(form, press.inputs)
        return Answer(card=form_card(warned, filled, submit_id, names, press.value))

    return form_sent
