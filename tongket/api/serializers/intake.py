"""The intake over REST: a text or a file in, the facts read from it out."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


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
    conversion = ConversionSerializer()


class IntakeCapabilitiesSerializer(serializers.Serializer):
    file_types = serializers.ListField(child=serializers.CharField())
    encodings = serializers.ListField(child=serializers.CharField())
    max_characters = serializers.IntegerField()
