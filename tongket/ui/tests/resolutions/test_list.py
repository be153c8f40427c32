"""The resolution list and its filters, registering with the issuer-code check, editing with
its version, and records registered before their number. Readers may not register or
change; the list keeps a bounded number of queries."""

from __future__ import annotations

import pytest

from tongket.core.models import ChangeLog
from tongket.core.text import sort_key
from tongket.resolutions import services
from tongket.resolutions.models import Resolution
from tongket.ui.tests.resolutions.helpers import HTMX, record_data, resolution, symbols

pytestmark = pytest.mark.django_db


# --- The list -----------------------------------------------------------------------------


def test_search_ignores_diacritics_and_finds_old_and_new_issuer_codes(client, officer):
    client.force_login(officer)
    assert "382-NQ/ĐUQSTW" in symbols(client.get("/resolutions/", {"q": "ky thuat"}))
    # The old abbreviation matches the symbol and every name the issuer ever had.
    assert "382-NQ/ĐUQSTW" in symbols(client.get("/resolutions/", {"q": "duqstw"}))
    assert "06-NQ/TW" not in symbols(client.get("/resolutions/", {"q": "duqstw"}))
    # The Commission's code since 2011 finds the symbol written with the old one.
    assert symbols(client.get("/resolutions/", {"q": "382-NQ/QUTW"})) == ["382-NQ/ĐUQSTW"]


def test_filters_narrow_the_list_and_stay_in_the_links(client, officer):
    client.force_login(officer)
    response = client.get("/resolutions/", {"kind": "coordination_programme"})
    assert symbols(response) == ["01-CTr/ĐUQS"]
    assert "kind=coordination_programme" in response.content.decode()
    assert symbols(client.get("/resolutions/", {"issuer": "DUQS-DL"})) == ["01-CTr/ĐUQS"]
    in_2023 = symbols(client.get("/resolutions/", {"year": "2023"}))
    assert "623-NQ/QUTW" in in_2023  # 2013–2020 and the following years
    assert "382-NQ/ĐUQSTW" not in in_2023  # 2008–2022
    services.resolution_set_status(
        by=officer, resolution=resolution("382-NQ/ĐUQSTW"), status="expired"
    )
    assert symbols(client.get("/resolutions/", {"status": "expired"})) == ["382-NQ/ĐUQSTW"]
    bad = client.get("/resolutions/", {"issuer": "KHONG-CO"})
    assert bad.status_code == 200 and bad.context["form"].errors["issuer"]


def test_subjects_sort_in_vietnamese_order(client, officer):
    client.force_login(officer)
    listed = client.get("/resolutions/", {"sort": "subject"}).context["page"].object_list
    keys = [sort_key(r.subject) for r in listed]
    assert keys == sorted(keys) and len(keys) >= 5
    issuers = client.get("/resolutions/", {"sort": "issuer"}).context["page"].object_list
    names = [sort_key(r.issuing_unit.name) for r in issuers]
    assert names == sorted(names)


def test_the_list_shows_only_what_reaches_the_user(client, users):
    client.force_login(users["qk2.baocao"])
    listed = symbols(client.get("/resolutions/"))
    assert "15/KH-BTL" in listed and "623-NQ/QUTW" in listed
    assert "06-NQ/TW" not in listed
    body = client.get("/resolutions/").content.decode()
    assert 'data-testid="register-resolution"' not in body


def test_the_list_keeps_a_bounded_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    for query in ({}, {"q": "nghi quyet", "sort": "subject"}, {"issuer": "QUTW"}):
        with django_assert_max_num_queries(15):
            assert client.get("/resolutions/", query).status_code == 200


# --- Registering and editing --------------------------------------------------------------


def test_a_mismatched_issuer_code_is_registered_only_once_confirmed(client, officer):
    """Given the Commission's abbreviation in 2020 is QUTW, a symbol written ĐUQSTW is held
    with the warning and the box beside it; ticking the box registers it as written."""
    client.force_login(officer)
    response = client.post("/resolutions/new/", record_data())
    assert response.status_code == 200
    assert response.context["form"].errors["symbol"]
    body = response.content.decode()
    assert 'name="confirm_issuer"' in body and 'data-testid="issuer-warning"' in body
    assert not Resolution.objects.filter(symbol="99-NQ/ĐUQSTW").exists()

    response = client.post("/resolutions/new/", record_data(confirm_issuer="on"))
    created = Resolution.objects.get(symbol="99-NQ/ĐUQSTW")
    assert response.status_code == 302
    assert response["Location"] == f"/resolutions/{created.pk}/"
    assert created.issuer_code == "ĐUQSTW" and created.owner_unit.code == "BQP"
    assert ChangeLog.objects.filter(action="resolution_create", object_id=str(created.pk)).exists()


def test_an_unreadable_or_taken_symbol_is_refused_beside_the_field(client, officer):
    client.force_login(officer)
    response = client.post("/resolutions/new/", record_data(symbol="nghị quyết 382"))
    assert "symbol" in response.context["form"].errors
    response = client.post(
        "/resolutions/new/",
        record_data(symbol="382-NQ/ĐUQSTW", issued_on="29/11/2007", horizon_from="2008"),
    )
    assert "symbol" in response.context["form"].errors
    assert 'id="id_symbol-errors"' in response.content.decode()
    response = client.post("/resolutions/new/", record_data(horizon_from="2026"))
    assert "horizon_to" in response.context["form"].errors


def test_the_symbol_is_checked_as_it_is_typed(client, officer):
    client.force_login(officer)
    check = client.get(
        "/resolutions/symbol-check/", {"symbol": "15/KH-BTL", "issuing_unit": "QK2"}, **HTMX
    ).context["check"]
    assert check["symbol"].type_code == "KH" and check["symbol"].style == "state"
    assert check["duplicate"] == resolution("15/KH-BTL")
    response = client.get(
        "/resolutions/symbol-check/",
        {"symbol": "99-NQ/ĐUQSTW", "issuing_unit": "QUTW", "issued_on": "01/03/2020"},
    )
    assert response.context["check"]["warning"]
    assert 'name="confirm_issuer"' in response.content.decode()
    assert not client.get(
        "/resolutions/symbol-check/",
        {"symbol": "99-NQ/ĐUQSTW", "issuing_unit": "QUTW", "issued_on": "01/03/2008"},
    ).context["check"]["warning"]
    assert client.get("/resolutions/symbol-check/", {"symbol": "NQ"}).context["check"]["error"]


def test_edit_saves_and_refuses_a_stale_version(client, officer):
    client.force_login(officer)
    r382 = resolution("382-NQ/ĐUQSTW")
    data = record_data(
        symbol=r382.symbol,
        issuing_unit="QUTW",
        issued_on="29/11/2007",
        horizon_from="2008",
        horizon_to="2022",
        subject="về lãnh đạo công tác kỹ thuật trong tình hình mới (sửa)",
        version=str(r382.version),
    )
    first = client.post(f"/resolutions/{r382.pk}/edit/", data)
    assert first.status_code == 302, first.context["form"].errors
    r382.refresh_from_db()
    assert r382.subject.endswith("(sửa)")
    stale = client.post(f"/resolutions/{r382.pk}/edit/", data | {"subject": "khác"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert resolution("382-NQ/ĐUQSTW").subject.endswith("(sửa)")


def test_readers_may_not_register_or_change(client, users):
    client.force_login(users["qk2.baocao"])
    r623 = resolution("623-NQ/QUTW")
    assert client.get("/resolutions/new/").status_code == 403
    assert client.get(f"/resolutions/{r623.pk}/edit/").status_code == 403
    assert client.post(f"/resolutions/{r623.pk}/status/", {"status": "expired"}).status_code == 403
    assert resolution("623-NQ/QUTW").status == "in_force"


# --- Records before their number ----------------------------------------------------------


def test_a_draft_without_number_is_registered_on_the_page_and_issued_later(client, officer):
    """Given the tracking officer, when a draft is registered with no symbol, date or start
    year, then the list says its horizon is not yet determined and the page shows the blank
    number line; entering the number later puts it in force."""
    client.force_login(officer)
    response = client.post(
        "/resolutions/new/",
        record_data(
            symbol="",
            issued_on="",
            status="draft",
            horizon_from="",
            horizon_to="",
            subject="về công tác hậu cần đến năm 2030 (dự thảo)",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    draft = Resolution.objects.get(subject="về công tác hậu cần đến năm 2030 (dự thảo)")
    assert draft.symbol == "" and draft.horizon_to is None
    listed = client.get("/resolutions/", {"status": "draft"}).content.decode()
    assert 'data-testid="horizon-unknown"' in listed
    page = client.get(f"/resolutions/{draft.pk}/").content.decode()
    assert "-NQ/QUTW" in page and 'data-testid="issue-resolution"' in page
    response = client.post(
        f"/resolutions/{draft.pk}/issue/",
        {"symbol": "1903-NQ/QUTW", "issued_on": "01/12/2025", "version": draft.version},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.symbol, draft.status) == ("1903-NQ/QUTW", "in_force")


def test_an_in_force_record_without_number_is_refused_beside_the_symbol(client, officer):
    client.force_login(officer)
    response = client.post("/resolutions/new/", record_data(symbol=""))
    assert response.status_code == 200
    assert "symbol" in response.context["form"].errors
