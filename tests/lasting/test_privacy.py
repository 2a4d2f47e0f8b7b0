"""Evaluative roles and survey answers are in a person's copy of their data, and forget-me
removes whom they evaluate or are evaluated by."""

from sqlmodel import select

from bot.assessment import EvaluativeRole, RoleMarking
from bot.privacy.export import export_person
from bot.privacy.forget import forget_person
from devtools.slack.harness import LocalRounds
from storage.models import EvaluativeRole as EvaluativeRoleRow
from storage.models import OutcomeSurvey, Relationship
from storage.people import PersonRepository
from tests.mentoring.conftest import MONDAY_MORNING
from tests.mentoring.journey import ref


def test_roles_and_survey_answers_are_exported_and_roles_go_with_forget_me(
    journey: LocalRounds,
) -> None:
    services = journey.services
    services.evaluative_roles.mark(
        ref("U0KIM"), RoleMarking((EvaluativeRole.CURRENT_SUPERVISOR,), supervises=("U0ANA",))
    )
    with services.database.write() as session:
        people = PersonRepository(session)
        ana_id, kim_id = (people.get_or_create(ref(u)).id for u in ("U0ANA", "U0KIM"))
        assert ana_id is not None and kim_id is not None
        relationship = Relationship(mentor_id=kim_id, mentee_id=ana_id, format="ongoing")
        session.add(relationship)
        session.flush()
        assert relationship.id is not None
        session.add(
            OutcomeSurvey(
                relationship_id=relationship.id,
                person_id=ana_id,
                milestone="one_month",
                side="mentee",
                usefulness=4,
            )
        )

    data = export_person(services.database, ref("U0ANA"), MONDAY_MORNING)

    assert data is not None
    assert data["other"]["evaluative_role"][0]["role"] == "current_supervisor"
    assert data["other"]["outcome_survey"][0]["usefulness"] == 4
    assert forget_person(services.database, ref("U0ANA"), MONDAY_MORNING)
    with services.database.read() as session:
        assert session.exec(select(EvaluativeRoleRow)).all() == []
