"""The permissions module is the one place that names roles: every action has a rule, and no
module of the application (tests, demo data, migrations and the choices aside) names a role,
neither as `Role.X` nor as its stored value in a list of roles or a comparison."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tongket.org import policy
from tongket.org.choices import Role
from tongket.org.policy import Action

ROOT = Path(__file__).resolve().parents[2]  # tongket/
ALLOWED = {ROOT / "org" / "choices.py", ROOT / "org" / "policy.py", ROOT / "conftest.py"}
ALLOWED_DIRS = {"tests", "migrations", "demo"}


def _checked_modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if path not in ALLOWED
        and path.name != "demo.py"
        and not ALLOWED_DIRS.intersection(path.relative_to(ROOT).parts[:-1])
    ]


def _role_literals(*nodes: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, repr(node.value))
        for node in nodes
        if isinstance(node, ast.Constant) and node.value in Role.values
    ]


def role_mentions(source: str) -> list[tuple[int, str]]:
    """(line, text) of each role named in `source`: `Role.X`, or a role's stored value as an
    item of a tuple, list or set, a `roles=` argument or a side of a comparison."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
            and node.attr in Role.names
        ):
            found.append((node.lineno, f"Role.{node.attr}"))
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):
            found += _role_literals(*node.elts)
        elif isinstance(node, ast.keyword) and node.arg == "roles":
            found += _role_literals(node.value)
        elif isinstance(node, ast.Compare):
            found += _role_literals(node.left, *node.comparators)
    return sorted(found)


def test_every_action_has_a_rule_of_known_roles():
    """Given the actions, then each has a non-empty rule naming only roles that exist, and the
    table has no rule for an action that does not exist."""
    assert set(policy.RULES) == set(Action)
    for action in Action:
        allowed = policy.roles(action)
        assert allowed, action
        assert set(allowed) <= set(Role.values), action
        assert len(set(allowed)) == len(allowed), action


def table_rules(text: str) -> dict[str, tuple[str, ...]]:
    """The `| ACTION | role, role (note) |` rows of a table, as action → role values."""
    rows = re.findall(r"^\| ([A-Z_]+) +\| ([^|]+)\|$", text, flags=re.M)
    return {
        name: tuple(
            role.strip().replace(" ", "_") for role in re.sub(r"\(.*\)", "", roles).split(",")
        )
        for name, roles in rows
    }


def test_the_tables_of_the_policy_and_the_docs_say_what_the_rules_say():
    """Given the table in the policy's docstring and the one in docs/architecture.md, then
    both list every action with exactly its roles, in the order of `Action`."""
    rules = [(action.name, policy.RULES[action]) for action in Action]
    docs = (ROOT.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = docs.split("\n## Permissions\n", 1)[1].split("\n## ", 1)[0]
    assert list(table_rules(policy.__doc__ or "").items()) == rules
    assert list(table_rules(section).items()) == rules


def test_the_scan_sees_each_way_of_naming_a_role():
    """Given code naming roles in each way the scan knows, then it reports every one of them,
    and leaves the choices of a form field and a context key alone."""
    source = (
        "a = (Role.ADMINISTRATOR,)\n"
        "b = scopes.scope_q(user, 'path', roles=['approver'])\n"
        "c = scopes.scope_paths(user, roles='viewer')\n"
        "d = grant.role == 'reporter'\n"
        "e = forms.ChoiceField(choices=Role.choices)\n"
        "f = {'approver': approver}\n"
    )
    assert [line for line, _text in role_mentions(source)] == [1, 2, 3, 4]


def test_roles_are_named_only_in_the_policy():
    """Given every module of the application outside the tests, demo data, migrations and
    choices, then none names a role: each asks `policy.roles(Action.X)` instead."""
    offenders = [
        f"{path.relative_to(ROOT.parent)}:{line}: {text}"
        for path in _checked_modules()
        for line, text in role_mentions(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "Name the action in tongket/org/policy.py instead:\n" + "\n".join(
        offenders
    )
