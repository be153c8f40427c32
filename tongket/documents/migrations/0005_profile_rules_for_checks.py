"""The shipped profiles gain the rules the format checker reads (element styles, the signature
marks, decisions, classification marks); rules an administrator changed are kept."""

import re

from django.db import migrations

PARTY_SYMBOL = re.compile(r"^(\d+)-([^/]+)/(.+)$")
STATE_SYMBOL = re.compile(r"^(\d+)/(?:(\d{4})/)?([^-]+)-(.+)$")

from tongket.documents.profiles import PARTY_2018, STATE_2020

SHIPPED = {"state-30-2020": STATE_2020, "party-36-2018": PARTY_2018}


def _merge(current, shipped):
    merged = dict(current)
    for key, value in shipped.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(value, dict) and isinstance(merged[key], dict):
            merged[key] = _merge(merged[key], value)
    return merged


def forwards(apps, schema_editor):
    FormatProfile = apps.get_model("documents", "FormatProfile")
    for code, shipped in SHIPPED.items():
        for profile in FormatProfile.objects.filter(code=code):
            profile.rules = _merge(profile.rules or {}, shipped)
            profile.save(update_fields=["rules"])


def backwards(apps, schema_editor):
    """Drop the element rules added by this migration (the first two versions' keys stay)."""
    FormatProfile = apps.get_model("documents", "FormatProfile")
    added = {
        ("page", "width_mm"),
        ("page", "height_mm"),
        ("header", "parent_bold"),
        ("header", "issuer_bold"),
        ("number_line", "format"),
        ("number_line", "blank"),
        ("date_line", "italic"),
        ("title", "bold"),
        ("subject", "bold"),
        ("subject", "case"),
        ("signature", "marks"),
        ("decision", None),
        ("classification", None),
    }
    for profile in FormatProfile.objects.filter(code__in=list(SHIPPED)):
        rules = dict(profile.rules or {})
        for group, key in added:
            if key is None:
                rules.pop(group, None)
            elif isinstance(rules.get(group), dict):
                rules[group] = {k: v for k, v in rules[group].items() if k != key}
        profile.rules = rules
        profile.save(update_fields=["rules"])


def codes_from_symbols(apps, schema_editor):
    """Issued documents keep the issuer code their symbol carries."""
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.exclude(symbol="").filter(issuer_code=""):
        party = PARTY_SYMBOL.match(document.symbol)
        state = STATE_SYMBOL.match(document.symbol)
        code = party.group(3) if party else state.group(4) if state else ""
        if code:
            document.issuer_code = code
            document.save(update_fields=["issuer_code"])


def clear_codes(apps, schema_editor):
    apps.get_model("documents", "Document").objects.update(issuer_code="")


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_document_issuer_code_date_and_kinds")]
    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(codes_from_symbols, clear_codes),
    ]
