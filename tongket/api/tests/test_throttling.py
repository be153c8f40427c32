"""The API brakes a client that calls it too fast."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from tongket.api.views.org import UnitViewSet

pytestmark = pytest.mark.django_db


def test_the_base_settings_throttle_anonymous_clients_and_users():
    from config.settings import base

    classes = base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert "rest_framework.throttling.AnonRateThrottle" in classes
    assert "rest_framework.throttling.UserRateThrottle" in classes
    assert set(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) == {"anon", "user"}


class ThreePerMinute(UserRateThrottle):
    """Its own rate and its own cache: nothing another test does can fill it."""

    rate = "3/min"
    cache = LocMemCache("throttle-test", {})


def test_a_client_calling_too_fast_is_slowed_down(users, monkeypatch):
    # The suite runs without throttles (test settings); switch one on for this view.
    monkeypatch.setattr(UnitViewSet, "throttle_classes", [ThreePerMinute])
    ThreePerMinute.cache.clear()
    client = APIClient()
    client.force_authenticate(users["qk2.baocao"])
    codes = [client.get("/api/v1/units/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
