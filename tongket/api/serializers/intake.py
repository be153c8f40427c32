"""The intake over REST: a text or a file in, the facts read from it out; a unit's report
text in, the cells of a periodic report it fills out, and the accepted cells in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tongket.api.serializers.resolutions import MAX_ID, MAX_INT, decimal_field


class IntakeReadSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("Pasted text.")
    )
    file = serializers.FileField(
        required=False, help_text=_("DOCX, PDF with a text layer, TXT or HTML.")
    )
    published = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Publication date: the year of dates written without one."),
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("file") and not (attrs.get("text") or "").strip():
            raise serializers.ValidationError({"text": [_("Paste a text or choose a file.")]})
        return attrs


class _Fact(serializers.Serializer):
    span = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    confidence = serializers.FloatField()


class _Matched(_Fact):
    match = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the record, or null: new.")
    )
    visible = serializers.BooleanField(help_text=_("Whether you may open the matched record."))


class ResolutionFactSerializer(_Matched):
    kind = serializers.CharField()
    number = serializers.CharField()
    symbol = serializers.CharField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    issuer = serializers.CharField(allow_null=True)
    subject = serializers.CharField(
        allow_null=True, help_text=_("The subject written after it (“về …”), if any.")
    )


class EventFactSerializer(_Fact):
    date = serializers.DateField()
    time_of_day = serializers.CharField(allow_null=True)
    format = serializers.CharField(allow_null=True)
    place = serializers.CharField(allow_null=True)


class PersonFactSerializer(_Matched):
    rank = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    positions = serializers.ListField(child=serializers.CharField())
    role = serializers.CharField(allow_null=True)


class UnitFactSerializer(_Matched):
    name = serializers.CharField()
    written = serializers.CharField()
    abbreviation = serializers.CharField(allow_null=True)


class AwardFactSerializer(_Fact):
    form = serializers.CharField(allow_null=True)
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    proposed_to_higher = serializers.BooleanField()
    by = serializers.CharField(
        allow_null=True,
        help_text=_("Who gives them as the text names it; for a proposal, the authority."),
    )
    by_match = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the unit that gives them, or null: not known.")
    )
    by_visible = serializers.BooleanField(
        help_text=_("Whether you may open the unit that gives them.")
    )


class ConclusionFactSerializer(_Fact):
    text = serializers.CharField()
    assignee = serializers.CharField(allow_null=True)
    assignees = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Every body the task is given to (one task each when several)."),
    )
    deadline = serializers.DateField(allow_null=True)
    deadline_unknown = serializers.BooleanField(
        help_text=_(
            "True when the text gives no deadline: the task is proposed with its deadline "
            "not yet determined (never an invented date)."
        )
    )


class AwardeeFactSerializer(serializers.Serializer):
    span = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    kind = serializers.ChoiceField(choices=["collective", "individual"])
    name = serializers.CharField()
    rank = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(
        allow_blank=True, help_text=_("The unit as written (with a person, after the name).")
    )
    unit_match = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the unit named, or null: not known.")
    )
    unit_visible = serializers.BooleanField(help_text=_("Whether you may open that unit."))


class DecisionFactSerializer(serializers.Serializer):
    span = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        max_length=2,
        help_text=_("The award it gives, in the text."),
    )
    symbol = serializers.CharField(allow_blank=True, help_text=_("Number and symbol, if given."))
    date = serializers.DateField(allow_null=True, help_text=_("Date signed, if given."))
    issuer = serializers.CharField(allow_null=True, help_text=_("Who gives, as written."))
    issuer_match = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the unit that gives, or null: not known.")
    )
    issuer_visible = serializers.BooleanField(help_text=_("Whether you may open that unit."))
    form = serializers.CharField(allow_null=True, help_text=_("The award form as written."))
    collectives = serializers.IntegerField()
    individuals = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)
    awardees = AwardeeFactSerializer(
        many=True, help_text=_("The collectives and individuals it lists, if it lists them.")
    )


class ConversionSerializer(serializers.Serializer):
    encodings = serializers.ListField(child=serializers.CharField())
    names = serializers.ListField(child=serializers.CharField())
    paragraphs = serializers.IntegerField()
    message = serializers.CharField(allow_blank=True)


class IntakeFactsSerializer(serializers.Serializer):
    text = serializers.CharField(help_text=_("The text read (Unicode NFC): spans index it."))
    published = serializers.DateField(allow_null=True)
    resolutions = ResolutionFactSerializer(many=True)
    events = EventFactSerializer(many=True)
    people = PersonFactSerializer(many=True)
    units = UnitFactSerializer(many=True)
    awards = AwardFactSerializer(many=True)
    conclusions = ConclusionFactSerializer(many=True)
    decision = DecisionFactSerializer(
        allow_null=True,
        help_text=_(
            "The award decision the text is or tells of (number, date, who gives, form, "
            "counts, the awardees listed); null when it is none, as for a meeting's report "
            "whose awards carry no decision number."
        ),
    )
    conversion = ConversionSerializer()


class IntakeCapabilitiesSerializer(serializers.Serializer):
    file_types = serializers.ListField(child=serializers.CharField())
    encodings = serializers.ListField(child=serializers.CharField())
    max_characters = serializers.IntegerField()


# --- A periodic report filled from a text ------------------------------------------------


class ReportFiguresReadSerializer(serializers.Serializer):
    """A unit's report text (or file) and the periodic report whose form it fills."""

    report = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("Id of the periodic report to fill.")
    )
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("Pasted text.")
    )
    file = serializers.FileField(
        required=False, help_text=_("DOCX, PDF with a text layer, TXT or HTML.")
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("file") and not (attrs.get("text") or "").strip():
            raise serializers.ValidationError({"text": [_("Paste a text or choose a file.")]})
        return attrs


class SourceSpanSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text=_("Start of the words read, in `text`."))
    end = serializers.IntegerField()
    quote = serializers.CharField(help_text=_("The words read: the figure, đã/chưa, the grade."))
    mention = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        max_length=2,
        help_text=_("Span of the indicator's code or name in `text`."),
    )
    snippet = serializers.CharField(help_text=_("The clause around the mention."))
    highlight = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=2,
        max_length=2,
        help_text=_("Span of the words read inside `snippet`."),
    )


class ProposedCellSerializer(serializers.Serializer):
    """One cell the text fills: post it back (indicator, value, numerator, denominator) to
    /api/v1/intake/report-figures/apply/ to save it."""

    indicator = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    measure_kind = serializers.CharField(
        help_text=_("number, ratio, milestone (1 reached, 0 not) or rating (level from 1).")
    )
    value = decimal_field(allow_null=True)
    numerator = decimal_field(allow_null=True)
    denominator = decimal_field(
        allow_null=True, help_text=_("A ratio's denominator, or a weighted average's weight.")
    )
    level = serializers.CharField(
        allow_null=True, help_text=_("A rating's level as written on the indicator.")
    )
    shown = serializers.CharField(help_text=_("The figure as people read it."))
    written_before = serializers.BooleanField(
        help_text=_("The figure was written before the name (“12 cuộc diễn tập”).")
    )
    found_by = serializers.CharField(help_text=_("code, name, name_start or core."))
    confidence = serializers.FloatField()
    source = SourceSpanSerializer()


class UnreadCellSerializer(serializers.Serializer):
    """An indicator the text mentions without a figure that could be taken, and why."""

    indicator = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    problem = serializers.CharField()
    mention = serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    snippet = serializers.CharField(allow_blank=True)


class ReportFiguresSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    version = serializers.IntegerField(
        help_text=_("The report's version now: send it back when applying.")
    )
    text = serializers.CharField(help_text=_("The text read (Unicode NFC): spans index it."))
    cells = ProposedCellSerializer(many=True)
    unread = UnreadCellSerializer(many=True)
    conversion = ConversionSerializer()


class AcceptedCellSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    value = decimal_field(required=False, allow_null=True, default=None)
    numerator = decimal_field(required=False, allow_null=True, default=None)
    denominator = decimal_field(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("A ratio's denominator; a weighted average's weight (kept when absent)."),
    )


class ReportFiguresApplySerializer(serializers.Serializer):
    """The cells accepted (as proposed, or corrected), saved together or not at all;
    `version` is the report's when the proposals were read (a report saved since: 409)."""

    report = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    version = serializers.IntegerField(min_value=1, max_value=MAX_INT)
    cells = AcceptedCellSerializer(many=True, allow_empty=False)

    def validate_cells(self, cells: list[dict]) -> list[dict]:
        ids = [cell["indicator"] for cell in cells]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("An indicator is given twice."))
        return cells
