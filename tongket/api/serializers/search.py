"""Search over REST: the query parameters and the hits."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tongket.api.fields import UnitCodeField
from tongket.api.serializers.resolutions.fields import InlineChoiceField
from tongket.search.choices import EntryKind
from tongket.search.selectors import MAX_PAGE


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        help_text="Words to find, all of them, ignoring case and diacritics.",
    )
    kind = InlineChoiceField(
        choices=EntryKind.choices,
        enum_name="SearchKindEnum",
        required=False,
        help_text="Only hits of this kind.",
    )
    unit = UnitCodeField(
        required=False, help_text="Only hits of this unit and the units below it (its code)."
    )
    exact = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Search the words as typed: a query that finds nothing is not searched again "
            "with a slip corrected (`corrected_query` stays null; `suggestions` still come)."
        ),
    )
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=100, default=20)

    def get_fields(self) -> dict[str, Any]:
        # "from" is a keyword in Python: the fields are added by name.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(
            required=False, help_text="Only hits dated on or after this day."
        )
        fields["to"] = serializers.DateField(
            required=False, help_text="Only hits dated on or before this day."
        )
        return fields


class SearchHitSerializer(serializers.Serializer):
    """One hit: what it is, where it leads, and where the words are. `title_html` and
    `snippet_html` are escaped HTML whose only tags are <mark> around the words found."""

    kind = InlineChoiceField(choices=EntryKind.choices, enum_name="SearchKindEnum")
    source = serializers.CharField(help_text="The model of the record, e.g. resolutions.resolution")
    object_id = serializers.IntegerField()
    title = serializers.CharField()
    title_html = serializers.CharField()
    snippet_html = serializers.CharField()
    url = serializers.CharField(help_text="The page of the record.")
    unit = serializers.CharField(allow_null=True, help_text="The code of the record's unit.")
    unit_name = serializers.CharField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    classification = serializers.CharField()
    rank = serializers.FloatField(help_text="Higher is better; compare within one answer only.")


class SearchSuggestionSerializer(serializers.Serializer):
    """A query to propose ("Có phải bạn muốn tìm: …"). Its words are drawn only from
    entries the caller may open (scope and clearance, and the filters asked), as one of
    them writes them; it finds `count` of them."""

    query = serializers.CharField(help_text='The words, as written: "trận địa phòng không".')
    count = serializers.IntegerField(help_text="How many hits it finds (with the same filters).")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as asked.")
    corrected_query = serializers.CharField(
        allow_null=True,
        help_text=(
            "When `query` found nothing and a slip could be corrected, the query whose hits "
            'these are (for "tran dia phong khomg": "trận địa phòng không"); null when the '
            "hits are those of `query` (or `exact` was asked)."
        ),
    )
    suggestions = SearchSuggestionSerializer(
        many=True,
        help_text=(
            "Other queries to propose when the query found little (fewer than three hits), "
            "best first; empty otherwise."
        ),
    )
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = SearchHitSerializer(many=True)


def suggestion_data(suggestion: Any) -> dict[str, Any]:
    return {"query": suggestion.text, "count": suggestion.total}


def hit_data(hit: Any) -> dict[str, Any]:
    entry = hit.entry
    return {
        "kind": entry.kind,
        "source": entry.source,
        "object_id": entry.object_id,
        "title": entry.title,
        "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet_html),
        "url": hit.url,
        "unit": entry.unit.code if entry.unit else None,
        "unit_name": entry.unit.name if entry.unit else None,
        "date": entry.date,
        "classification": entry.classification,
        "rank": hit.rank,
    }
