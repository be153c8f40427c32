import datetime

from django.test import override_settings

from tongket.ui.templatetags.tongket import vndate


@override_settings(TIME_ZONE="Asia/Ho_Chi_Minh", USE_TZ=True)
def test_vndate_shows_stored_utc_times_in_the_local_time_zone():
    stored = datetime.datetime(2022, 7, 8, 1, 30, tzinfo=datetime.UTC)
    assert vndate(stored) == "08/07/2022 08:30"
    assert vndate(datetime.date(2022, 7, 8)) == "08/07/2022"
    assert vndate(None) == ""


def test_vnexact_keeps_every_stored_decimal_for_input_boxes():
    from decimal import Decimal

    from django.utils import translation

    from tongket.ui.templatetags.tongket import vnexact

    with translation.override("vi"):
        assert vnexact(Decimal("1234.5678")) == "1.234,5678"
        assert vnexact(Decimal("12.5000")) == "12,5"
        assert vnexact(Decimal("40.0000")) == "40"
        assert vnexact(None) == ""


def test_change_log_verbs_show_in_words():
    from django.utils import translation

    from tongket.ui.templatetags.tongket import action_label

    with translation.override("en"):
        assert action_label("report_submit") == "Report submitted"
        assert action_label("something_new") == "Something new"
