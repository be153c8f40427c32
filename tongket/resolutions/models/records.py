"""Resolutions (and every followed document): their fields of work, relations to one
another, signing parties and attached files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from tongket.resolutions.choices import (
    Classification,
    RelationKind,
    ResolutionKind,
    ResolutionStatus,
    SymbolStyle,
)


class Field(models.Model):
    """A field of work (lĩnh vực): an editable list, seeded with the army's usual fields."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Resolution(models.Model):
    """A followed document: a resolution, directive, programme, plan…

    Invariants: `symbol` is the document symbol as written ("382-NQ/ĐUQSTW", "30/2020/NĐ-CP"),
    `number`, `type_code` and `issuer_code` are parsed out of it by the services. The issuing
    body is `issuing_unit` (by id: the issuer code in a symbol is ambiguous across levels).
    `owner_unit` is the unit whose tracking officers keep the record (usually the standing
    agency); reach and editing rights follow it and the issuing unit. A superseded resolution
    keeps everything it had.

    A record can exist before its number: a draft, or a document only *mentioned* (known to
    exist, number unknown) has an empty `symbol` and no `number`; `type_code`, `issuer_code`
    and `style` then say how its blank number line is written ("Số      -NQ/ĐUQSTW"). An
    unknown horizon year is empty, never invented.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=ResolutionKind.choices)
    style = models.CharField(_("symbol style"), max_length=8, choices=SymbolStyle.choices)
    symbol = models.CharField(_("number and symbol"), max_length=128, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    type_code = models.CharField(_("type code"), max_length=16, blank=True)
    issuer_code = models.CharField(_("issuer code"), max_length=64, blank=True)
    symbol_year = models.PositiveSmallIntegerField(_("year in the symbol"), null=True, blank=True)
    issuing_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="issued_resolutions",
    )
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="kept_resolutions",
        help_text=_("The unit whose tracking officers keep this record."),
    )
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    subject = models.TextField(_("subject"))
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT
    )
    horizon_from = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    horizon_to = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    and_following_years = models.BooleanField(_("and the following years"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResolutionStatus.choices,
        default=ResolutionStatus.IN_FORCE,
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    classification = models.CharField(
        _("classification"),
        max_length=16,
        choices=Classification.choices,
        default=Classification.NONE,
    )
    description = models.TextField(_("description"), blank=True)
    # Progress thresholds for the statuses on track / at risk / behind, in per cent.
    on_track_from = models.DecimalField(
        _("on track from (%)"), max_digits=6, decimal_places=2, default=90
    )
    at_risk_from = models.DecimalField(
        _("at risk from (%)"), max_digits=6, decimal_places=2, default=70
    )
    approved_only = models.BooleanField(
        _("dashboards count approved reports only"),
        default=False,
        help_text=_("Otherwise every submitted report counts."),
    )
    is_illustrative = models.BooleanField(_("illustrative data"), default=False)
    search_key = models.TextField(blank=True, editable=False)
    sort_key = models.CharField(max_length=400, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "symbol"],
                condition=~Q(symbol=""),
                name="unique_symbol_per_issuer",
            ),
            models.CheckConstraint(
                condition=Q(horizon_to__gte=models.F("horizon_from")),
                name="resolution_horizon_ordered",
            ),
        ]
        indexes = [
            # By number first: `type_code` is compared ignoring case on these few rows.
            models.Index(fields=["number", "type_code"]),
            # A symbol typed by people is looked up ignoring case (core.models.code_is).
            models.Index(Upper("symbol"), name="resolution_symbol_upper"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def has_number(self) -> bool:
        return bool(self.symbol)

    @property
    def reference(self) -> str:
        """The symbol, or for a record without a number its kind and state in words
        ("Nghị quyết (dự thảo, chưa có số)")."""
        if self.symbol:
            return self.symbol
        return str(_("%(kind)s (%(state)s, no number yet)")) % {
            "kind": self.get_kind_display(),
            "state": self.get_status_display().lower(),
        }

    @property
    def horizon_known(self) -> bool:
        return self.horizon_from is not None and self.horizon_to is not None

    @property
    def horizon_label(self) -> str:
        unknown = str(_("not yet determined"))
        if self.horizon_from is None and self.horizon_to is None:
            return unknown
        if self.horizon_from is None:
            text = str(_("to %(year)s")) % {"year": self.horizon_to}
        elif self.horizon_to is None:
            text = str(_("from %(year)s (end %(unknown)s)")) % {
                "year": self.horizon_from,
                "unknown": unknown,
            }
        elif self.horizon_from == self.horizon_to:
            text = str(self.horizon_from)
        else:
            text = f"{self.horizon_from}–{self.horizon_to}"
        if self.and_following_years:
            text += " " + str(_("and the following years"))
        return text

    @property
    def last_target_year(self) -> int | None:
        """Targets may be set up to this year ("and the following years" allows ten more);
        None while the end of the horizon is unknown."""
        if self.horizon_to is None:
            return None
        return self.horizon_to + (10 if self.and_following_years else 0)

    @property
    def years(self) -> list[int]:
        """The years of the horizon; empty while either end is unknown."""
        if not self.horizon_known:
            return []
        return list(range(self.horizon_from, self.horizon_to + 1))


class ResolutionRelation(models.Model):
    """`source` supersedes, implements or amends `target` from `valid_from`.

    A `supersedes` link takes effect (`in_effect`) only once its source is issued: until then
    the target keeps its status. When it takes effect the target's status before it is kept
    in `target_status_before` / `target_status_since_before`, so that removing the link
    gives the target its earlier status back.
    """

    source = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=16, choices=RelationKind.choices)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    in_effect = models.BooleanField(_("in effect"), default=False)
    target_status_before = models.CharField(
        _("status of the other resolution before"), max_length=16, blank=True
    )
    target_status_since_before = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_resolution_relation"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class ResolutionParty(models.Model):
    """A party of a coordination programme (several units sign it, for a term)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="parties")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "unit"], name="unique_resolution_party")
        ]

    def __str__(self) -> str:
        return f"{self.resolution} – {self.unit}"


def _attachment_path(instance: ResolutionAttachment, filename: str) -> str:
    return f"resolutions/{instance.resolution_id}/{filename}"


class ResolutionAttachment(models.Model):
    """A file of a resolution (the signed text as PDF, a DOCX draft…). Checked for type and
    size by `attachment_add`."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
