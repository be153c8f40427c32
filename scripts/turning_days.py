"""The next days the calendar turns for the demo and the tests, after today: 16 December
(the army's half-year ended on the 14th, the new one has begun, the old one's reports fall
due), 4 January (a new year, its first working days) and 18 June (the half-year ended on 14
June and its reports have fallen due). Printed as ISO dates, for `make test-dates`."""

from __future__ import annotations

import datetime


def turning_days(today: datetime.date) -> list[datetime.date]:
    found = []
    for month, day in ((12, 16), (1, 4), (6, 18)):
        candidate = datetime.date(today.year, month, day)
        if candidate <= today:
            candidate = candidate.replace(year=today.year + 1)
        found.append(candidate)
    return sorted(found)


if __name__ == "__main__":
    print(" ".join(day.isoformat() for day in turning_days(datetime.date.today())))
