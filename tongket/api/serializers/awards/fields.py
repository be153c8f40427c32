"""The fields the award serializers share: an award form or a nomination given by id (a
nomination only if the caller can see it), and the names of the award enums in the schema."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tongket.api.serializers.resolutions import ENUM_NAMES, ScopedIdField
from tongket.awards import selectors
from tongket.awards.choices import CheckLevel, FileKind, FormCategory, NominationState, NomineeKind

ENUM_NAMES.update(
    {
        frozenset(choices.values): f"{choices.__name__}Enum"
        for choices in (CheckLevel, FileKind, FormCategory, NominationState, NomineeKind)
    }
)


def form_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.form_get(pk=pk),
        unknown=_("No award form has the id %(id)s."),
        **kwargs,
    )


def nomination_id_field(**kwargs: Any) -> ScopedIdField:
    return ScopedIdField(
        getter=lambda user, pk: selectors.nomination_get(user=user, pk=pk),
        unknown=_("No nomination you can see has the id %(id)s."),
        **kwargs,
    )
