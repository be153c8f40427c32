"""Scopes read the grants through the source `org` registers at start-up: the registered one
is org's, and without one a scope check fails loudly instead of answering an empty reach
(which would hide everything) or an open one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from tongket.core import scopes
from tongket.org.scope_rows import GRANTS

pytestmark = pytest.mark.django_db


def test_org_registers_the_grant_source_at_start_up(users: Any) -> None:
    assert scopes._grant_source() is GRANTS
    user = users["qk2.thidua"]
    scopes.forget(user)
    assert scopes.grants(user) == GRANTS.grants(user) != []
    assert scopes.reach(user) == GRANTS.reach(user)[0]


def test_without_a_source_a_check_fails_loudly(users: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    user = users["qk2.thidua"]
    scopes.forget(user)
    monkeypatch.setattr(scopes, "_source", [])
    with pytest.raises(ImproperlyConfigured):
        scopes.scope_paths(user)
    with pytest.raises(ImproperlyConfigured):
        scopes.grants(user)
