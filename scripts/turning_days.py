"""The next days the calendar turns for the demo and the tests, after today: the day after the
army's half-year ends (15 June, 15 December: the new half-year has begun, the old one is not
yet due), the first working days of January, and the day after the old half-year's reports
fell due. Printed as ISO dates, for `make test-dates`."""

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
