import datetime

from django.test import override_settings

from tongket.ui.templatetags.tongket import vndate


@override_settings(TIME_ZONE="Asia/Ho_Chi_Minh", USE_TZ=True)
def test_vndate_shows_stored_utc_times_in_the_local_time_zone():
    stored = datetime.datetime(2022, 7, 8, 1, 30, tzinfo=datetime.UTC)
    assert vndate(stored) == "08/07/2022 08:30"
    assert vndate(datetime.date(2022, 7, 8)) == "08/07/2022"
    assert vndate(None) == ""
