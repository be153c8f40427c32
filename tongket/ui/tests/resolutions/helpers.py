"""What the resolution page tests share: finding resolutions, indicators and units of the
demo, the symbols of a listed page, and the data of a record's form."""

from __future__ import annotations

from tongket.org.models import Unit
from tongket.resolutions.models import Indicator, Resolution

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def resolution(symbol: str) -> Resolution:
    return Resolution.objects.get(symbol=symbol)


def indicator(symbol: str, code: str) -> Indicator:
    return Indicator.objects.get(resolution__symbol=symbol, code=code)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def symbols(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.symbol for r in response.context["page"].object_list]


def record_data(**changes: str) -> dict[str, str]:
    data = {
        "kind": "resolution",
        "symbol": "99-NQ/ĐUQSTW",
        "issuing_unit": "QUTW",
        "issued_on": "01/03/2020",
        "status": "in_force",
        "subject": "về thử nghiệm đăng ký nghị quyết",
        "horizon_from": "2020",
        "horizon_to": "2025",
        "owner_unit": "BQP",
        "classification": "none",
        "on_track_from": "90",
        "at_risk_from": "70",
    }
    return data | changes
