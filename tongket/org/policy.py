"""Who may do what: every role → action rule of the application, in one table.

A role is granted on a unit and covers its subtree (`core.scopes`); an action below is
allowed to a user who holds one of its roles on the unit concerned (or, for the shared
catalogues and rules, on a root unit). Services re-check with `scopes.require_role` /
`scopes.covers`, selectors filter with `scopes.scope_q` / `scopes.restrict`, and pages, menus
and the API ask the same rule through `roles(Action.X)`: a role is named here and in
`choices.py`, nowhere else.

| action                 | roles                                                |
| ---------------------- | ---------------------------------------------------- |
| MANAGE_UNITS           | administrator                                        |
| MANAGE_USERS           | administrator                                        |
| SEE_USERS              | administrator, tracking officer                      |
| REGISTER_PEOPLE        | administrator, tracking officer                      |
| KEEP_RESOLUTIONS       | tracking officer, administrator                      |
| REPORT_ON_ASSIGNMENTS  | reporter, tracking officer, administrator, approver  |
| FILL_REPORTS           | reporter                                             |
| APPROVE_REPORTS        | approver (of the unit directly above)                |
| WATCH_LATE_REPORTS     | approver, tracking officer, viewer, administrator    |
| SEND_REMINDERS         | approver, tracking officer, administrator            |
| KEEP_REPORTING         | tracking officer, administrator (periods: root unit) |
| SET_DEFAULT_RULES      | administrator (of a root unit)                       |
| KEEP_GROUPS_AND_RULES  | administrator, tracking officer                      |
| KEEP_SHARED_DASHBOARDS | administrator, tracking officer                      |
| KEEP_REVIEWS           | tracking officer, administrator                      |
| FILL_REVIEW_REPORTS    | reporter, tracking officer                           |
| APPRAISE_REVIEWS       | tracking officer, approver, administrator            |
| ADOPT_REVIEWS          | approver, administrator                              |
| HOST_MEETINGS          | tracking officer, administrator                      |
| REPORT_ON_TASKS        | reporter, tracking officer, approver, administrator  |
| TAKE_IN_TEXTS          | tracking officer, administrator                      |
| PROPOSE_AWARDS         | commendation officer, administrator                  |
| DECIDE_AWARDS          | commendation officer, approver, administrator        |
| KEEP_AWARD_CATALOGUES  | administrator (of a root unit)                       |
| KEEP_FORMAT_PROFILES   | administrator (of a root unit)                       |

Unrestricted users (superusers) pass every check; that is `core.scopes`, not a rule here.
"""

from __future__ import annotations

from enum import StrEnum

from tongket.org.choices import Role


class Action(StrEnum):
    """A permission, in the words of the domain. Its roles are `RULES[action]`."""

    MANAGE_UNITS = "manage_units"  # units, restructuring, lines
    MANAGE_USERS = "manage_users"  # users and role grants, admin pages
    SEE_USERS = "see_users"  # read the logins of my units with their grants (users API)
    REGISTER_PEOPLE = "register_people"  # people, ranks, positions
    KEEP_RESOLUTIONS = "keep_resolutions"  # resolutions, items, targets
    REPORT_ON_ASSIGNMENTS = "report_on_assignments"  # status of a lead unit's assignment
    FILL_REPORTS = "fill_reports"  # enter, import and submit reports
    APPROVE_REPORTS = "approve_reports"  # approve or return reports
    WATCH_LATE_REPORTS = "watch_late_reports"  # late reports on the due page
    SEND_REMINDERS = "send_reminders"  # remind a unit of its report
    KEEP_REPORTING = "keep_reporting"  # report forms, period rules; periods (on a root unit)
    SET_DEFAULT_RULES = "set_default_rules"  # the default period rules
    KEEP_GROUPS_AND_RULES = "keep_groups_and_rules"  # unit groups, validation rules
    KEEP_SHARED_DASHBOARDS = "keep_shared_dashboards"  # a unit's default dashboards by role
    KEEP_REVIEWS = "keep_reviews"  # open, run and close reviews
    FILL_REVIEW_REPORTS = "fill_review_reports"  # a unit's review report
    APPRAISE_REVIEWS = "appraise_reviews"  # the appraising body's opinion
    ADOPT_REVIEWS = "adopt_reviews"  # adopt (besides the committee head)
    HOST_MEETINGS = "host_meetings"  # conferences, conclusions, intake
    REPORT_ON_TASKS = "report_on_tasks"  # status of a follow-up task
    TAKE_IN_TEXTS = "take_in_texts"  # the intake page in the menu
    PROPOSE_AWARDS = "propose_awards"  # nominations of the proposing unit
    DECIDE_AWARDS = "decide_awards"  # decisions, quotas of the authority
    KEEP_AWARD_CATALOGUES = "keep_award_catalogues"  # award forms and authorities
    KEEP_FORMAT_PROFILES = "keep_format_profiles"  # document format profiles


RULES: dict[Action, tuple[str, ...]] = {
    Action.MANAGE_UNITS: (Role.ADMINISTRATOR,),
    Action.MANAGE_USERS: (Role.ADMINISTRATOR,),
    # Whoever keeps a unit's records (its tracking officer) knows who works in it: the logins,
    # their roles and the units they are granted; changing them stays MANAGE_USERS.
    Action.SEE_USERS: (Role.ADMINISTRATOR, Role.TRACKING_OFFICER),
    # Administrators keep the registry; tracking officers register the people their
    # conferences, steering committees and programmes name (a chair, a guest of another branch).
    Action.REGISTER_PEOPLE: (Role.ADMINISTRATOR, Role.TRACKING_OFFICER),
    Action.KEEP_RESOLUTIONS: (Role.TRACKING_OFFICER, Role.ADMINISTRATOR),
    Action.REPORT_ON_ASSIGNMENTS: (
        Role.REPORTER,
        Role.TRACKING_OFFICER,
        Role.ADMINISTRATOR,
        Role.APPROVER,
    ),
    Action.FILL_REPORTS: (Role.REPORTER,),
    Action.APPROVE_REPORTS: (Role.APPROVER,),
    Action.WATCH_LATE_REPORTS: (
        Role.APPROVER,
        Role.TRACKING_OFFICER,
        Role.VIEWER,
        Role.ADMINISTRATOR,
    ),
    Action.SEND_REMINDERS: (Role.APPROVER, Role.TRACKING_OFFICER, Role.ADMINISTRATOR),
    Action.KEEP_REPORTING: (Role.TRACKING_OFFICER, Role.ADMINISTRATOR),
    Action.SET_DEFAULT_RULES: (Role.ADMINISTRATOR,),
    Action.KEEP_GROUPS_AND_RULES: (Role.ADMINISTRATOR, Role.TRACKING_OFFICER),
    # Which dashboard a unit's users open on is the unit's choice, not one sharer's.
    Action.KEEP_SHARED_DASHBOARDS: (Role.ADMINISTRATOR, Role.TRACKING_OFFICER),
    Action.KEEP_REVIEWS: (Role.TRACKING_OFFICER, Role.ADMINISTRATOR),
    Action.FILL_REVIEW_REPORTS: (Role.REPORTER, Role.TRACKING_OFFICER),
    Action.APPRAISE_REVIEWS: (Role.TRACKING_OFFICER, Role.APPROVER, Role.ADMINISTRATOR),
    Action.ADOPT_REVIEWS: (Role.APPROVER, Role.ADMINISTRATOR),
    Action.HOST_MEETINGS: (Role.TRACKING_OFFICER, Role.ADMINISTRATOR),
    Action.REPORT_ON_TASKS: (
        Role.REPORTER,
        Role.TRACKING_OFFICER,
        Role.APPROVER,
        Role.ADMINISTRATOR,
    ),
    Action.TAKE_IN_TEXTS: (Role.TRACKING_OFFICER, Role.ADMINISTRATOR),
    Action.PROPOSE_AWARDS: (Role.COMMENDATION_OFFICER, Role.ADMINISTRATOR),
    Action.DECIDE_AWARDS: (Role.COMMENDATION_OFFICER, Role.APPROVER, Role.ADMINISTRATOR),
    Action.KEEP_AWARD_CATALOGUES: (Role.ADMINISTRATOR,),
    Action.KEEP_FORMAT_PROFILES: (Role.ADMINISTRATOR,),
}


def roles(action: Action) -> tuple[str, ...]:
    """The roles allowed to do `action` (any one of them suffices)."""
    return RULES[action]
