"""Every query the coffee-chat rounds make: programs, memberships, rounds and groups."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from storage.models import (
    CoffeeGroup,
    CoffeeMembership,
    CoffeeProgram,
    CoffeeRound,
    Person,
    Profile,
)
from storage.people import PersonRepository

__all__ = ["CoffeeRepository", "ProgramState", "RoundStatus"]


class ProgramState(StrEnum):
    """A program runs, is paused for a while, or is stopped for good."""

    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class RoundStatus(StrEnum):
    """A round moves announced → paired → done, or is cancelled before pairing."""

    ANNOUNCED = "announced"
    PAIRED = "paired"
    DONE = "done"
    CANCELLED = "cancelled"


class CoffeeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.persons = PersonRepository(session)

    def program(self, program_id: int) -> CoffeeProgram | None:
        return self.session.get(CoffeeProgram, program_id)

    def round(self, round_id: int) -> CoffeeRound | None:
        return self.session.get(CoffeeRound, round_id)

    def group(self, group_id: int) -> CoffeeGroup | None:
        return self.session.get(CoffeeGroup, group_id)

    def add_program(self, program: CoffeeProgram) -> CoffeeProgram:
        self.session.add(program)
        self.session.flush()
        return program

    def add_round(self, new_round: CoffeeRound) -> CoffeeRound:
        self.session.add(new_round)
        self.session.flush()
        return new_round

    def add_groups(self, made: Iterable[CoffeeGroup]) -> None:
        self.session.add_all(list(made))
        self.session.flush()

    def profile(self, person_id: int) -> Profile | None:
        return self.session.get(Profile, person_id)

    def ensure_profile(self, person_id: int) -> Profile:
        profile = self.profile(person_id)
        if profile is None:
            profile = Profile(person_id=person_id)
            self.session.add(profile)
        return profile

    def program_in_channel(
        self, platform: str, workspace_id: str, channel_id: str
    ) -> CoffeeProgram | None:
        return self.session.exec(
            select(CoffeeProgram).where(
                CoffeeProgram.platform == platform,
                CoffeeProgram.workspace_id == workspace_id,
                CoffeeProgram.channel_id == channel_id,
            )
        ).first()

    def memberships(self, program_id: int) -> list[CoffeeMembership]:
        return list(
            self.session.exec(
                select(CoffeeMembership).where(CoffeeMembership.program_id == program_id)
            )
        )

    def members_with_people(self, program_id: int) -> list[tuple[CoffeeMembership, Person]]:
        rows = self.session.exec(
            select(CoffeeMembership, Person)
            .where(CoffeeMembership.program_id == program_id)
            .where(CoffeeMembership.person_id == Person.id)
            .order_by(col(Person.id))
        )
        return [(membership, person) for membership, person in rows]

    def membership(self, program_id: int, person_id: int) -> CoffeeMembership | None:
        return self.session.exec(
            select(CoffeeMembership).where(
                CoffeeMembership.program_id == program_id, CoffeeMembership.person_id == person_id
            )
        ).first()

    def ensure_membership(self, program_id: int, person_id: int, now: datetime) -> CoffeeMembership:
        membership = self.membership(program_id, person_id)
        if membership is None:
            membership = CoffeeMembership(program_id=program_id, person_id=person_id, joined_at=now)
            self.session.add(membership)
            self.session.flush()
        return membership

    def latest_round(self, program_id: int) -> CoffeeRound | None:
        return self.session.exec(
            select(CoffeeRound)
            .where(CoffeeRound.program_id == program_id)
            .order_by(col(CoffeeRound.number).desc())
        ).first()

    def last_done_round(self, program_id: int) -> CoffeeRound | None:
        return self.session.exec(
            select(CoffeeRound)
            .where(CoffeeRound.program_id == program_id, CoffeeRound.status == RoundStatus.DONE)
            .order_by(col(CoffeeRound.number).desc())
        ).first()

    def round_ran_after(self, program_id: int, since: datetime) -> CoffeeRound | None:
        return self.session.exec(
            select(CoffeeRound).where(
                CoffeeRound.program_id == program_id, col(CoffeeRound.ran_at) > since
            )
        ).first()

    def uncounted_done_rounds(self, program_id: int) -> list[CoffeeRound]:
        return list(
            self.session.exec(
                select(CoffeeRound)
                .where(
                    CoffeeRound.program_id == program_id,
                    CoffeeRound.status == RoundStatus.DONE,
                    col(CoffeeRound.ignores_counted).is_(False),
                )
                .order_by(col(CoffeeRound.number))
            )
        )

    def recent_ran_rounds(self, program_id: int, window: int) -> list[CoffeeRound]:
        """The last ``window`` paired or done rounds, oldest first."""
        ran = list(
            self.session.exec(
                select(CoffeeRound)
                .where(
                    CoffeeRound.program_id == program_id,
                    col(CoffeeRound.status).in_((RoundStatus.PAIRED, RoundStatus.DONE)),
                )
                .order_by(col(CoffeeRound.number).desc())
                .limit(window)
            )
        )
        ran.reverse()
        return ran

    def rounds_ran_between(
        self, since: datetime, until: datetime, workspace_id: str | None = None
    ) -> list[CoffeeRound]:
        query = select(CoffeeRound).where(
            col(CoffeeRound.ran_at).is_not(None),
            col(CoffeeRound.ran_at) >= since,
            col(CoffeeRound.ran_at) < until,
        )
        if workspace_id is not None:
            query = query.where(
                col(CoffeeRound.program_id).in_(
                    select(CoffeeProgram.id).where(CoffeeProgram.workspace_id == workspace_id)
                )
            )
        return list(self.session.exec(query))

    def groups(self, round_id: int | None) -> list[CoffeeGroup]:
        return list(
            self.session.exec(
                select(CoffeeGroup)
                .where(CoffeeGroup.round_id == round_id)
                .order_by(col(CoffeeGroup.id))
            )
        )

    def group_member_ids(self, group_id: int) -> list[int]:
        group = self.session.get(CoffeeGroup, group_id)
        return list(group.person_ids) if group else []

    def group_is_ongoing(self, group_id: int) -> bool:
        """A group is worth asking about while its program has not been stopped."""
        group = self.session.get(CoffeeGroup, group_id)
        round_ = self.session.get(CoffeeRound, group.round_id) if group else None
        program = self.session.get(CoffeeProgram, round_.program_id) if round_ else None
        return program is not None and program.status != ProgramState.STOPPED

    def groups_of_rounds(self, round_ids: Sequence[int | None]) -> list[CoffeeGroup]:
        return list(
            self.session.exec(
                select(CoffeeGroup).where(col(CoffeeGroup.round_id).in_(list(round_ids)))
            )
        )

    def people(self, person_ids: Iterable[int]) -> list[Person]:
        return list(self.session.exec(select(Person).where(col(Person.id).in_(list(person_ids)))))

    def people_by_user_id(
        self, platform: str, workspace_id: str, user_ids: Iterable[str]
    ) -> list[Person]:
        return list(
            self.session.exec(
                select(Person).where(
                    Person.platform == platform,
                    Person.workspace_id == workspace_id,
                    col(Person.user_id).in_(list(user_ids)),
                )
            )
        )

    def profiles(self, person_ids: Sequence[int]) -> dict[int, Profile]:
        if not person_ids:
            return {}
        rows = self.session.exec(
            select(Profile).where(col(Profile.person_id).in_(list(person_ids)))
        )
        return {profile.person_id: profile for profile in rows}
