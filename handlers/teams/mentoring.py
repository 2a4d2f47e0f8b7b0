"""The /mentor journey in Teams: the same service calls Slack makes, from card actions."""

from collections.abc import Mapping

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.lasting.team import ASK_FOR_ROLE
from bot.mentoring import messages
from bot.mentoring.model import EndReason, Format, MentoringRole, RequestInput
from bot.mentoring.requests import validate_request
from bot.replies import Header, Reply, note, paragraph, reply
from handlers.teams import forms
from handlers.teams.actions import Actions, Answer, Press, say, shown
from handlers.teams.addresses import Addresses
from handlers.teams.render import Element, Form, Names, execute, form_body, to_card, with_values

NO_RELATIONSHIPS = "You have no open mentoring relationships to close."


def request_card(
    names: Names, values: Mapping[str, str], problems: Mapping[str, str] | None = None
) -> Element:
    """The request form, as a card of its own; problems from a first try are shown on it."""
    intro: Reply = reply(
        Header("Ask for a mentor"),
        paragraph("Say what you'd like help with in your own words. We'll show the best fits."),
    )
    if problems:
        intro = Reply((*intro.parts, *(note("⚠ ", text) for text in problems.values())))
    form = with_values(forms.REQUEST, values)
    return form_card(intro, form, forms.REQUEST_SUBMIT, names)


def form_card(intro: Reply, form: Form, action_id: str, names: Names, value: str = "") -> Element:
    return to_card(
        intro,
        names,
        extra_body=form_body(form, names),
        actions=[execute(action_id, form.submit, value, "primary")],
    )


def end_card(services: Services, person: PersonRef, names: Names) -> Element | None:
    open_ones = services.requests.active_relationships(person)
    if not open_ones:
        return None
    intro = reply(Header("Close a mentoring relationship"))
    return form_card(intro, forms.end_form(open_ones), messages.END, names)


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    requests = services.requests

    def names_for(press: Press) -> Names:
        return addresses.names(press.person.workspace_id)

    @actions.on(forms.REQUEST_SUBMIT)
    def submit_request(press: Press) -> Answer:
        request = RequestInput(
            goal=press.field("goal"),
            format=Format(press.field("format") or Format.ONE_OFF.value),
            by_date=forms.parse_day(press.field("by_date")),
            role=MentoringRole(role) if (role := press.field("role")) else None,
            sensitive=press.field("sensitive") == "yes",
        )
        problems = validate_request(request, services.clock.now().date())
        if problems:
            return Answer(card=request_card(names_for(press), press.inputs, problems))
        requests.start(press.person, request)
        return Answer(
            replace=reply(
                paragraph("Your request: ", request.goal),
                note("Your suggestions are in the next message."),
                summary="Request received",
            )
        )

    @actions.on(messages.CHOOSE)
    def choose(press: Press) -> Answer:
        request_id, mentor_id = press.value.split(":")
        return shown(requests.choose(int(request_id), press.person, int(mentor_id)))

    @actions.on(ASK_FOR_ROLE)
    def ask_for_role(press: Press) -> Answer:
        role = press.value if press.value in set(MentoringRole) else ""
        return Answer(card=request_card(names_for(press), {"role": role}))

    @actions.on(messages.BEST_MATCH)
    def best_match(press: Press) -> Answer:
        return shown(requests.choose(int(press.value), press.person, None))

    @actions.on(messages.ASK_ORGANIZERS)
    def ask_organizers(press: Press) -> Answer:
        return shown(requests.ask_organizers(int(press.value), press.person))

    @actions.on(messages.CANCEL)
    def cancel(press: Press) -> Answer:
        return shown(requests.cancel(int(press.value), press.person))

    @actions.on(messages.ACCEPT)
    def accept(press: Press) -> Answer:
        request_id, offer_id = press.value.split(":")
        return shown(requests.accept(int(request_id), int(offer_id), press.person))

    @actions.on(messages.DECLINE)
    def decline(press: Press) -> Answer:
        request_id, offer_id = press.value.split(":")
        until = forms.parse_day(press.field("unavailable_until"))
        if until is not None and until <= services.clock.now().date():
            return say("Pick a date after today for “No new requests until”, or leave it empty.")
        outcome = requests.decline(
            int(request_id), int(offer_id), press.person, press.field("reason") or None, until
        )
        return shown(outcome)

    @actions.on(messages.SUGGEST)
    def suggest(press: Press) -> Answer:
        request_id, offer_id = press.value.split(":")
        colleague = press.field("colleague").lower()
        if not colleague or colleague == press.person.user_id:
            return say("Choose a colleague other than yourself.")
        outcome = requests.suggest_colleague(
            int(request_id),
            int(offer_id),
            press.person,
            PersonRef("teams", press.person.workspace_id, colleague),
        )
        return shown(outcome)

    @actions.on(messages.END)
    def end(press: Press) -> Answer:
        if not press.field("relationship"):
            card = end_card(services, press.person, names_for(press))
            return Answer(card=card) if card else say(NO_RELATIONSHIPS)
        outcome = requests.end(
            int(press.field("relationship")),
            press.person,
            EndReason(press.field("reason") or EndReason.GOAL_REACHED.value),
        )
        return shown(outcome)

    @actions.on(messages.REFLECT)
    def reflect(press: Press) -> Answer:
        if not press.field("reflection"):
            return say("A line or two is plenty.")
        return shown(requests.reflect(int(press.value), press.person, press.field("reflection")))
