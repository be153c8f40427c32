"""The API's change log says each row in words as well as as stored: the verb's label and
the fields that changed, with names of units and choice labels (`core.history`)."""

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.history import action_label
from tongket.org import services

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_persons_history_reads_in_words_and_keeps_the_stored_values(admin_user, units):
    # Given a person moved from Quân khu 2 to the Ministry
    person = services.person_create(by=admin_user, full_name="Phạm Văn Thử", unit=units["QK2"])
    services.person_update(by=admin_user, person=person, unit=units["BQP"])
    # When the person's history is read through the API
    rows = client_of(admin_user).get(f"/api/v1/people/{person.pk}/history/").json()["results"]
    # Then the latest row carries its label and the change by the units' names
    latest = rows[0]
    with translation.override("vi"):
        assert latest["label"] == action_label("person_update") != "person_update"
    changes = {change["key"]: change for change in latest["changes"]}
    assert (changes["unit_id"]["old"], changes["unit_id"]["new"]) == (
        units["QK2"].name,
        units["BQP"].name,
    )
    # and the stored values stay as they were for the clients that read them
    assert latest["action"] == "person_update"
    assert latest["after"]["unit_id"] == units["BQP"].pk
