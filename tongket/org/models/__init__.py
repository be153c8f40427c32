"""Units with their dated names and placements, people with ranks and positions, users, grants,
bodies. Every model is imported here: Django finds them in `tongket.org.models` (app label
`org`), and the rest of the code imports them from here."""

from tongket.org.models.bodies import BodyGroup, BodyGroupMember
from tongket.org.models.people import Person, PersonRank, Position, Rank
from tongket.org.models.units import (
    PATH_SEGMENT,
    RestructuringEvent,
    RestructuringParticipant,
    Unit,
    UnitLine,
    UnitName,
    UnitPlacement,
    path_ids,
)
from tongket.org.models.users import RecoveryCode, RoleGrant, SecondFactor, User

__all__ = [
    "PATH_SEGMENT",
    "BodyGroup",
    "BodyGroupMember",
    "Person",
    "PersonRank",
    "Position",
    "Rank",
    "RecoveryCode",
    "RestructuringEvent",
    "RestructuringParticipant",
    "RoleGrant",
    "SecondFactor",
    "Unit",
    "UnitLine",
    "UnitName",
    "UnitPlacement",
    "User",
    "path_ids",
]
