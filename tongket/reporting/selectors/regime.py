"""A report form read as a State reporting regime (chế độ báo cáo): the contents Article 7 of
Nghị định 09/2019/NĐ-CP lists, most of them derived from the form (see ReportForm).

Callers: the form's page, its "Chế độ báo cáo" export and the API, for a user who may read
the form (selectors.form_get). The units named are those in the user's subtrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongket.core import scopes
from tongket.reporting.choices import DeliveryMethod, PeriodType
from tongket.reporting.models import FormAssignment, Period, ReportForm
from tongket.reporting.periods import parse_period_code
from tongket.reporting.services.periods import dates_for, rule_for

# How many units the "who reports" item names before it says how many more.
NAMED_UNITS = 12


@dataclass(frozen=True)
class RegimeItem:
    """One content of the regime: `key` (stable, for the API), `term` (the decree's own
    Vietnamese words, as printed in the regime's document), `label` (for the page),
    `value` (text), `derived` (True when read from the form rather than typed in)."""

    key: str
    term: str
    label: str
    value: str
    derived: bool


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _frequency(form: ReportForm) -> str:
    labels = {
        PeriodType.MONTH: _("Monthly"),
        PeriodType.QUARTER: _("Quarterly"),
        PeriodType.HALF_YEAR: _("Half-yearly (6 months and the year)"),
        PeriodType.NINE_MONTHS: _("Every nine months"),
        PeriodType.YEAR: _("Yearly"),
        PeriodType.TERM: _("Once per term"),
    }
    return str(labels.get(PeriodType(form.period_type), form.get_period_type_display()))


def _closing_window(window_start_day: int) -> str:
    if window_start_day <= 1:
        return _("Calendar months: the data are closed on the period's last day.")
    return _(
        "From day %(start)s of the month before the period's first month to day %(end)s of "
        "its last month; the data are closed on day %(end)s."
    ) % {"start": window_start_day, "end": window_start_day - 1}


def _rule_source(rule: Any, form: ReportForm) -> str:
    if rule.issuer_id:
        issuer = form.owner_unit if rule.issuer_id == form.owner_unit_id else rule.issuer
        return _("rule of %(issuer)s") % {"issuer": issuer.name}
    return _("default rule")


def _reporters(form: ReportForm, user: Any) -> str:
    today = timezone.localdate()
    active = (
        FormAssignment.objects.filter(form=form)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(unit__dissolved_on__isnull=True)
    )
    total = active.count()
    if not total:
        return _("No unit is asked for the form yet.")
    visible = scopes.restrict(active.select_related("unit"), user, "unit__path").order_by(
        "unit__path"
    )
    names = [a.unit.name for a in visible[:NAMED_UNITS]]
    text = ngettext("%(n)s unit asked", "%(n)s units asked", total) % {"n": total}
    if names:
        text += ": " + "; ".join(names)
        if total > len(names):
            text += " " + _("(and %(n)s more)") % {"n": total - len(names)}
    return text


def _content(form: ReportForm, indicator_count: int, section_titles: list[str]) -> str:
    parts = [form.description.strip()] if form.description.strip() else []
    parts.append(
        ngettext(
            "The figures of %(n)s indicator",
            "The figures of %(n)s indicators",
            indicator_count,
        )
        % {"n": indicator_count}
        + (
            _("; the narrative: %(sections)s.") % {"sections": "; ".join(section_titles)}
            if section_titles
            else "."
        )
    )
    return "\n".join(parts)


def _deadline(form: ReportForm, rule: Any) -> str:
    text = ngettext(
        "%(n)s working day after the data are closed",
        "%(n)s working days after the data are closed",
        rule.due_working_days,
    ) % {"n": rule.due_working_days}
    # An example: the latest open period of the form, else its latest.
    latest = Period.objects.filter(reports__form=form).order_by("-is_open", "-sort_key").first()
    if latest is not None:
        due = dates_for(parse_period_code(latest.code), rule)["due_date"]
        text += " " + _("(%(code)s: by %(date)s)") % {
            "code": latest.code,
            "date": date_format(due, "d/m/Y"),
        }
    return text


def form_regime(
    *,
    user: Any,
    form: ReportForm,
    sections: list[str] | None = None,
    indicator_codes: list[str] | None = None,
) -> list[RegimeItem]:
    """The regime of a form the user may read, in the order of Article 7: name, content, who
    reports, who receives, how sent, data closing, frequency, deadline, outline, data
    forms; the document that sets it first when there is one. A page that has already read
    the form's section titles and indicator codes (in order) passes them."""
    rule = rule_for(form.period_type, form.owner_unit)
    if sections is None:
        sections = [s.title for s in form.sections.order_by("order", "id")]
    if indicator_codes is None:
        indicator_codes = list(
            form.form_indicators.order_by("order", "id").values_list("indicator__code", flat=True)
        )
    methods = [str(DeliveryMethod(m).label) for m in form.delivery_methods or []]
    outline = _("the form's narrative sections")
    if sections:
        outline += ": " + "; ".join(sections)
    data_forms = ngettext(
        "the form's template workbook, %(n)s indicator",
        "the form's template workbook, %(n)s indicators",
        len(indicator_codes),
    ) % {"n": len(indicator_codes)}
    if indicator_codes:
        data_forms += ": " + ", ".join(indicator_codes)
    items = []
    if form.regime_document:
        items.append(
            RegimeItem(
                "document",
                "Văn bản quy định chế độ báo cáo",
                _("Set by"),
                form.regime_document,
                False,
            )
        )
    items += [
        RegimeItem("name", "Tên báo cáo", _("Name of the report"), form.name, True),
        RegimeItem(
            "content",
            "Nội dung yêu cầu báo cáo",
            _("Content"),
            _content(form, len(indicator_codes), sections),
            True,
        ),
        RegimeItem(
            "reporters",
            "Đối tượng thực hiện báo cáo",
            _("Who reports"),
            _reporters(form, user),
            True,
        ),
        RegimeItem(
            "receiver",
            "Cơ quan nhận báo cáo",
            _("Who receives"),
            form.owner_unit.name,
            True,
        ),
        RegimeItem(
            "delivery",
            "Phương thức gửi, nhận báo cáo",
            _("Sent and received as"),
            "; ".join(methods) or _("Not set"),
            False,
        ),
        RegimeItem(
            "closing",
            "Thời gian chốt số liệu báo cáo",
            _("Data closing"),
            f"{_closing_window(rule.window_start_day)} ({_rule_source(rule, form)})",
            True,
        ),
        RegimeItem(
            "frequency",
            "Tần suất thực hiện báo cáo",
            _("Frequency"),
            _frequency(form),
            True,
        ),
        RegimeItem(
            "deadline",
            "Thời hạn gửi báo cáo",
            _("Deadline"),
            _deadline(form, rule),
            True,
        ),
        RegimeItem(
            "outline",
            "Mẫu đề cương báo cáo",
            _("Outline"),
            f"{form.outline_code}: {outline}" if form.outline_code else _first_upper(outline),
            not form.outline_code,
        ),
        RegimeItem(
            "data_forms",
            "Mẫu biểu số liệu báo cáo",
            _("Data forms"),
            f"{form.data_form_code}: {data_forms}"
            if form.data_form_code
            else _first_upper(data_forms),
            not form.data_form_code,
        ),
    ]
    return items
