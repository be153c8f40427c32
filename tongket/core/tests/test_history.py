"""The change log in words (`core.history`): every verb a service writes has a label, and a
row reads with field names, choice labels, names of the objects it points at and dates as
dd/mm/yyyy, never with attnames, codes or ids."""

from __future__ import annotations

import ast
import datetime
from collections import defaultdict
from pathlib import Path

import pytest
from django.utils import translation

from tongket.core.history import ACTION_LABELS, action_label, present
from tongket.core.scopes import SYSTEM
from tongket.core.selectors import changelog_for_object
from tongket.core.services import changelog_record, snapshot
from tongket.org import services as org_services
from tongket.resolutions import services as resolution_services
from tongket.resolutions.models import Resolution
from tongket.testing import classification

PACKAGE = Path(__file__).resolve().parents[2]


# --- Every verb written has a label --------------------------------------------------------


def _called(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _argument(call: ast.Call, function: ast.FunctionDef, name: str) -> ast.expr | None:
    """The expression a call passes for the parameter `name` of `function`."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    names = [arg.arg for arg in function.args.posonlyargs + function.args.args]
    if name in names and names.index(name) < len(call.args):
        return call.args[names.index(name)]
    return None


class _Module:
    """One module's functions and the function enclosing each node, to follow a verb passed
    down as a parameter (`_step(by, campaign, "campaign_adopt", before)`)."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions: dict[str, ast.FunctionDef] = {}
        self.enclosing: dict[ast.AST, ast.FunctionDef] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                self.functions[node.name] = node
                for inner in ast.walk(node):
                    # ast.walk goes outside in: the innermost function is written last.
                    self.enclosing[inner] = node

    def values(self, expr: ast.expr, at: ast.AST, depth: int = 0) -> list[str] | None:
        """Every string `expr` may be, or None when it cannot be read from the code."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [expr.value]
        if isinstance(expr, ast.IfExp):
            body = self.values(expr.body, at, depth)
            orelse = self.values(expr.orelse, at, depth)
            return None if body is None or orelse is None else body + orelse
        function = self.enclosing.get(at)
        parameters = (
            {arg.arg for arg in function.args.args + function.args.kwonlyargs} if function else ()
        )
        if isinstance(expr, ast.Name) and function and expr.id in parameters and depth < 3:
            found: list[str] = []
            calls = [
                node
                for node in ast.walk(self.tree)
                if isinstance(node, ast.Call) and _called(node) == function.name
            ]
            for call in calls:
                passed = _argument(call, function, expr.id)
                values = None if passed is None else self.values(passed, call, depth + 1)
                if values is None:
                    return None
                found += values
            return found or None
        return None


def written_actions() -> tuple[dict[str, list[str]], list[str]]:
    """Verb → where it is written, for every `changelog_record` call outside the tests; and
    the calls whose verb cannot be read from the code."""
    written: dict[str, list[str]] = defaultdict(list)
    unread: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        module = _Module(ast.parse(path.read_text(encoding="utf-8")))
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Call) and _called(node) == "changelog_record"):
                continue
            where = f"{relative}:{node.lineno}"
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            values = None if action is None else module.values(action, node)
            if values is None:
                unread.append(where)
                continue
            for value in values:
                written[value].append(where)
    return written, unread


def test_every_verb_a_service_writes_has_a_label():
    # Given every call that writes the change log, its verb read from the code (also when a
    # helper passes it down, or it is one of two)
    written, unread = written_actions()
    assert len(written) > 100, "the walk found the services' calls"
    assert {"campaign_adopt", "period_close", "target_adjust"} <= set(written)
    # Then each verb can be read, and has a label of its own
    assert unread == [], "write the verb as a literal, or teach this test to read it"
    missing = {action: where for action, where in written.items() if action not in ACTION_LABELS}
    assert missing == {}, "add a label to tongket.core.history.ACTION_LABELS"


def test_the_walk_sees_a_verb_without_a_label(tmp_path):
    # Given a module written like a service, with a verb passed down through a helper
    source = (
        "def _step(by, obj, action):\n"
        "    changelog_record(by=by, action=action, obj=obj)\n"
        "def thing_frobnicate(by, obj):\n"
        "    _step(by, obj, 'thing_frobnicate')\n"
        "def thing_other(by, obj, verb):\n"
        "    changelog_record(by=by, action=verb + '_x', obj=obj)\n"
    )
    module = _Module(ast.parse(source))
    calls = [
        n
        for n in ast.walk(module.tree)
        if isinstance(n, ast.Call) and _called(n) == "changelog_record"
    ]
    # Then the helper's verb is read, and one built at run time is not
    first = module.values(next(k.value for k in calls[0].keywords if k.arg == "action"), calls[0])
    second = module.values(next(k.value for k in calls[1].keywords if k.arg == "action"), calls[1])
    assert first == ["thing_frobnicate"] and "thing_frobnicate" not in ACTION_LABELS
    assert second is None


def test_an_unknown_verb_reads_as_words():
    assert action_label("thing_frobnicate") == "Thing frobnicate"


# --- A row in words --------------------------------------------------------------------------


def plan(by):  # type: ignore[no-untyped-def]
    from tongket.org.models import Unit

    bqp = Unit.objects.get(code="BQP")
    return resolution_services.resolution_create(
        by=by,
        kind="plan",
        symbol="12/KH-BQP",
        issuing_unit=bqp,
        owner_unit=bqp,
        subject="Kế hoạch thử nghiệm",
        issued_on=datetime.date(2024, 1, 5),
        horizon_from=2024,
        horizon_to=2026,
    )


@pytest.mark.django_db
def test_a_change_reads_with_field_names_choice_labels_and_dates(users):
    # Given a plan whose kind and issue date are changed through the service
    officer = users["bqp.theodoi"]
    record = plan(officer)
    resolution_services.resolution_update(
        by=officer, resolution=record, kind="directive", issued_on=datetime.date(2024, 2, 1)
    )
    # When its history is presented
    with translation.override("en"):
        entry = present(changelog_for_object(obj=record), user=officer)[0]
        changes = {change.label: (change.old, change.new) for change in entry.changes}
    # Then the verb, the fields, the choices and the dates are in words
    assert entry.label == "Resolution changed"
    assert changes["Kind"] == ("Plan (kế hoạch)", "Directive (chỉ thị)")
    assert changes["Issue date"] == ("05/01/2024", "01/02/2024")
    assert not {"kind", "issued_on", "version", "updated_at"} & set(changes)
    assert entry.action == "resolution_update" and entry.before["kind"] == "plan"


@pytest.mark.django_db
def test_a_foreign_key_reads_as_the_name_of_what_it_points_at(users, units, admin_user):
    # Given a person moved to another unit and made a civilian
    person = org_services.person_create(by=admin_user, full_name="Phạm Văn Thử", unit=units["QK2"])
    org_services.person_update(by=admin_user, person=person, unit=units["BQP"], is_military=False)
    # When the person's history is presented
    with translation.override("en"):
        entries = present(changelog_for_object(obj=person), user=admin_user)
        moved = {change.key: change for change in entries[0].changes}
    # Then the managing unit is named, and the yes/no field says so
    assert entries[0].label == "Person's details changed"
    assert (moved["unit_id"].label, moved["unit_id"].old, moved["unit_id"].new) == (
        "Managing unit",
        units["QK2"].name,
        units["BQP"].name,
    )
    assert (moved["is_military"].old, moved["is_military"].new) == ("yes", "no")
    # and the creation lists what it set, by name
    created = {change.key: change.new for change in entries[1].changes}
    assert created["unit_id"] == units["QK2"].name and created["full_name"] == "Phạm Văn Thử"


@pytest.mark.django_db
def test_a_foreign_key_to_an_object_gone_says_so(admin_user, units):
    # Given a row (written by hand) naming a unit id that no longer exists
    person = org_services.person_create(by=admin_user, full_name="Trần Văn Cũ", unit=units["QK2"])
    row = changelog_record(
        by=admin_user, action="person_update", obj=person, before={"unit_id": 987654}, after={}
    )
    # Then it is shown by its number, said to be gone
    with translation.override("en"):
        change = present([row])[0].changes[0]
    assert change.old == "no. 987654 (no longer exists)" and change.new is None


@pytest.mark.django_db
def test_a_marked_record_pointed_at_is_named_only_to_the_cleared(users):
    # Given a plan that implements the resolution marked secret
    classification.mark_secret()
    secret = classification.resolution()
    officer = users["bqp.theodoi"]
    record = plan(officer)
    relation = resolution_services.relation_add(
        by=SYSTEM, source=record, target=secret, kind="implements"
    )
    # and a row about the relation itself, as a service snapshots a row
    row = changelog_record(by=SYSTEM, action="relation_add", obj=relation, after=snapshot(relation))
    # When the relation's row is presented to the officer without clearance
    with translation.override("en"):
        hidden = {c.key: c.new for c in present([row], user=officer)[0].changes}
        cleared = {c.key: c.new for c in present([row], user=SYSTEM)[0].changes}
    # Then the marked resolution is only a number; the cleared read its name
    assert hidden["target_id"] == f"no. {secret.pk}"
    assert hidden["source_id"] == str(record)
    assert cleared["target_id"] == str(Resolution.objects.get(pk=secret.pk))


@pytest.mark.django_db
def test_a_row_logged_on_a_parent_reads_with_the_fields_of_the_row_it_describes(
    users, units, admin_user
):
    # Given a position recorded for a person (logged on the person) and a role granted to a
    # user (logged on the user)
    person = org_services.person_create(by=admin_user, full_name="Lê Văn Chức", unit=units["QK2"])
    org_services.position_add(
        by=admin_user,
        person=person,
        unit=units["BQP"],
        title="Trợ lý",
        valid_from=datetime.date(2024, 3, 1),
    )
    viewer = users["bqp.theodoi"]
    org_services.role_grant(by=admin_user, user=viewer, role="viewer", unit=units["QK2"])
    # When their histories are presented
    with translation.override("en"):
        position = present(changelog_for_object(obj=person), user=admin_user)[0]
        grant = present(changelog_for_object(obj=viewer), user=admin_user)[0]
        placed = {c.label: c.new for c in position.changes}
        granted = {c.label: c.new for c in grant.changes}
    # Then the position's unit is its unit (not the person's managing unit), dated dd/mm/yyyy
    assert position.label == "Position recorded"
    assert placed["Unit"] == units["BQP"].name and "Managing unit" not in placed
    assert placed["From"] == "01/03/2024" and placed["Title"] == "Trợ lý"
    # and the role reads by its label, the unit by the code the service wrote
    assert (granted["Role"], granted["Unit"]) == ("Viewer", units["QK2"].code)


@pytest.mark.django_db
def test_technical_fields_are_left_out(admin_user, units):
    # Given a row whose values hold a tree path, an order and the row's version
    person = org_services.person_create(by=admin_user, full_name="Đỗ Văn Kỹ", unit=units["QK2"])
    row = changelog_record(
        by=admin_user,
        action="person_update",
        obj=person,
        before={"unit_path": "0001", "order": 1, "version": 1, "note": ""},
        after={"unit_path": "0002", "order": 2, "version": 2, "note": "Ghi chú"},
    )
    # Then only the note is shown
    with translation.override("en"):
        changes = present([row])[0].changes
    assert [(c.label, c.old, c.new) for c in changes] == [("Note", None, "Ghi chú")]
