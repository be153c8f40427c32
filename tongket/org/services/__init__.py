"""Every write to units, people, users and grants goes through these services."""

from tongket.org.services.people import (
    person_create,
    person_update,
    position_add,
    position_end,
    rank_add,
)
from tongket.org.services.restructuring import (
    unit_dissolve,
    unit_merge,
    unit_move,
    unit_rename,
    unit_split,
)
from tongket.org.services.units import unit_create, unit_update
from tongket.org.services.users import (
    login_failed,
    login_succeeded,
    role_grant,
    role_revoke,
    user_create,
    user_set_password,
    user_update,
)

__all__ = [
    "login_failed",
    "login_succeeded",
    "person_create",
    "person_update",
    "position_add",
    "position_end",
    "rank_add",
    "role_grant",
    "role_revoke",
    "unit_create",
    "unit_dissolve",
    "unit_merge",
    "unit_move",
    "unit_rename",
    "unit_split",
    "unit_update",
    "user_create",
    "user_set_password",
    "user_update",
]
