"""Every write to units, people, users and grants goes through these services."""

from tongket.org.services.groups import (
    body_group_create,
    body_group_member_add,
    body_group_member_remove,
    body_group_update,
)
from tongket.org.services.lines import unit_line_end, unit_line_set
from tongket.org.services.people import (
    person_check_new,
    person_create,
    person_merge,
    person_register,
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
from tongket.org.services.second_factor import (
    recovery_codes_renew,
    second_factor_begin,
    second_factor_confirm,
    second_factor_disable,
    second_factor_verify,
)
from tongket.org.services.units import unit_create, unit_update
from tongket.org.services.users import (
    login_failed,
    login_succeeded,
    role_grant,
    role_revoke,
    user_create,
    user_person_set,
    user_set_password,
    user_update,
)

__all__ = [
    "body_group_create",
    "body_group_member_add",
    "body_group_member_remove",
    "body_group_update",
    "login_failed",
    "login_succeeded",
    "person_check_new",
    "person_create",
    "person_merge",
    "person_register",
    "person_update",
    "position_add",
    "position_end",
    "rank_add",
    "recovery_codes_renew",
    "role_grant",
    "role_revoke",
    "second_factor_begin",
    "second_factor_confirm",
    "second_factor_disable",
    "second_factor_verify",
    "unit_create",
    "unit_dissolve",
    "unit_line_end",
    "unit_line_set",
    "unit_merge",
    "unit_move",
    "unit_rename",
    "unit_split",
    "unit_update",
    "user_create",
    "user_person_set",
    "user_set_password",
    "user_update",
]
