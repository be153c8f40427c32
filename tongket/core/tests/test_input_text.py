"""Text at the edge: control characters (NUL, vertical tab, escape…) are removed once, for
every page and API call, before any view, form or serializer reads the input. A vertical tab
in a conference title used to make its documents answer 500 forever (XML cannot hold it); a
NUL in a search box answered 500 on PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.middleware import InputTextMiddleware
from tongket.core.text import strip_controls
from tongket.meetings.models import Meeting
from tongket.reporting.choices import ReportState
from tongket.reporting.models import Report


def test_strip_controls_keeps_tabs_line_breaks_and_vietnamese():
    assert (
        strip_controls("Hội\x00 nghị\x0b\x1b[31m\x7f\tgiao ban\r\n") == "Hội nghị[31m\tgiao ban\r\n"
    )


def test_the_middleware_cleans_query_strings_and_posted_forms_before_the_view():
    """Given a search with a NUL and a form with a vertical tab, when the request passes the
    middleware, then the view reads them without the control characters."""
    seen = {}

    def view(request):  # type: ignore[no-untyped-def]
        seen["q"] = request.GET.get("q")
        seen["title"] = request.POST.get("title")
        return HttpResponse()

    middleware = InputTextMiddleware(view)
    middleware(RequestFactory().get("/resolutions/", {"q": "382\x00-NQ"}))
    assert seen["q"] == "382-NQ"
    middleware(RequestFactory().post("/meetings/new/", {"title": "Hội\x0bnghị"}))
    assert seen["title"] == "Hộinghị"


@pytest.mark.django_db
def test_a_conference_titled_with_a_control_character_still_renders_its_minutes(as_user, users):
    """Given a conference recorded with a vertical tab in its title, when its minutes are
    drafted and downloaded, then the title is stored without it and the DOCX answers."""
    client = as_user(users["qk2.theodoi"])
    response = client.post(
        reverse("ui:meeting_create"),
        {
            "host_unit": "DU-QK2",
            "kind": "working_session",
            "title": "Hội nghị\x0b giao ban\x00 hậu cần",
            "date": "12/09/2022",
            "time_of_day": "chieu",
            "format": "hybrid",
            "participant_units": "SD316",
            "chair": users["qk2.duyet"].person_id,
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(date=datetime.date(2022, 9, 12), host_unit__code="DU-QK2")
    assert meeting.title == "Hội nghị giao ban hậu cần"
    rendered = client.post(reverse("ui:meeting_render", args=[meeting.pk]), {"kind": "minutes"})
    assert rendered.status_code == 302
    document = meeting.documents.order_by("-pk").first()
    docx = client.get(reverse("ui:document_docx", args=[document.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


@pytest.mark.django_db
def test_an_api_body_is_cleaned_of_control_characters(users):
    """Given a JSON body with a NUL in a comment, when saved through the API, then the
    comment is stored without it."""
    report = (
        Report.objects.filter(
            form__code="BC6T-623-QK2",
            unit__code="BCHQS-PT",
            state=ReportState.DRAFT,
            period__is_open=True,
        )
        .order_by("-period__sort_key")
        .first()
    )
    report.values.all().delete()
    token, _ = Token.objects.get_or_create(user=users["qk2.baocao"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.patch(
        f"/api/v1/reports/{report.pk}/",
        {
            "version": report.version,
            "values": [{"indicator": "HC02", "value": 12, "comment": "đo\x00 lại\x1b"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert report.values.get(indicator__code="HC02").comment == "đo lại"
