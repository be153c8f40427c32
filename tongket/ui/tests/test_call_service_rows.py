"""A service's error about a row of a page's list (`prefix-N-field`, `prefix-N`) goes on that
row and is named in words above the form, for any page that passes its formsets."""

from django import forms
from django.utils import translation

from tongket.core.errors import DomainError
from tongket.ui.views.base import call_service


class LineForm(forms.Form):
    text = forms.CharField()


class NamedLineForm(LineForm):
    row_label = "Line %(number)s"


class PageForm(forms.Form):
    title = forms.CharField(required=False)


def refuse(field: str) -> None:
    raise DomainError("Not like this.", field=field)


def rows(form_class: type[forms.Form]) -> forms.BaseFormSet:
    data = {
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        **{f"lines-{i}-text": f"line {i}" for i in range(3)},
    }
    formset = forms.formset_factory(form_class)(data, prefix="lines")
    assert formset.is_valid()
    return formset


def test_an_error_on_a_field_of_a_row_goes_beside_that_field():
    with translation.override("en"):
        page, lines = PageForm({}), rows(LineForm)
        assert page.is_valid()
        call_service(page, refuse, formsets={"lines": lines}, field="lines-1-text")
        assert lines.forms[1].errors == {"text": ["Not like this."]}
        assert not lines.forms[0].errors and not lines.forms[2].errors
        assert page.non_field_errors() == ["Row 2: Not like this."]


def test_an_error_on_a_row_is_named_by_the_rows_label_and_its_place_on_the_page():
    page, lines = PageForm({}), rows(NamedLineForm)
    assert page.is_valid()
    # The service was given the second and third rows only: its row 0 is the page's second.
    given = lines.forms[1:]
    call_service(page, refuse, formsets={"lines": given}, field="lines-0")
    assert lines.forms[1].non_field_errors() == ["Not like this."]
    assert page.non_field_errors() == ["Line 2: Not like this."]


def test_without_the_formsets_the_field_name_is_all_there_is():
    page = PageForm({})
    assert page.is_valid()
    call_service(page, refuse, field="lines-0")
    assert page.non_field_errors() == ["lines-0: Not like this."]
