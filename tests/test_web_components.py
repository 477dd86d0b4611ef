"""The console's own GOV.UK components give GOV.UK Frontend's markup: the same HTML as
govuk-frontend-jinja's macros for the same parameters, with and without an error, so a
screen reader and the design system's styles meet exactly what they expect."""

from __future__ import annotations

import re
from typing import Any

import pytest
from markupsafe import Markup

from panelclerk.web.state import make_templates

GOVUK = """{% from "govuk_frontend_jinja/components/date-input/macro.html" import govukDateInput %}
{% set failed = errors[prefix ~ '-day'] %}
{% set cls = ' govuk-input--error' if failed else '' %}
{{ govukDateInput({
  'id': prefix,
  'namePrefix': prefix,
  'fieldset': {'legend': {'text': legend, 'classes': 'govuk-fieldset__legend--s'}},
  'hint': {'text': hint},
  'items': [
    {'name': 'day', 'label': 'Day', 'classes': 'govuk-input--width-2' ~ cls,
     'value': values.get(prefix ~ '-day', '')},
    {'name': 'month', 'label': 'Month', 'classes': 'govuk-input--width-2' ~ cls,
     'value': values.get(prefix ~ '-month', '')},
    {'name': 'year', 'label': 'Year', 'classes': 'govuk-input--width-4' ~ cls,
     'value': values.get(prefix ~ '-year', '')},
  ],
  'errorMessage': {'text': failed | defused} if failed else none
}) }}"""

OURS = """{% from "_components.html" import date_input %}
{{ date_input(prefix, legend, hint, errors, values) }}"""


def _tags(html: str) -> list[str]:
    """The markup with the layout whitespace between tags taken out."""
    return [part.strip() for part in re.split(r"(<[^>]+>)", html) if part.strip()]


@pytest.mark.parametrize(
    ("errors", "values"),
    [
        ({}, {}),
        ({"due-day": "The day must be a real date <b>"}, {"due-day": "31", "due-month": "2"}),
        ({}, {"due-day": '"><script>', "due-year": "2027"}),
    ],
)
def test_the_date_input_is_govuk_frontends(errors: dict[str, str], values: dict[str, str]):
    env = make_templates().env
    given = {
        "prefix": "due",
        "legend": "To be done by <now>",
        "hint": "For example, 30 6 2027.",
        "errors": errors,
        "values": values,
    }
    ours = env.from_string(OURS).render(**given)
    assert _tags(ours) == _tags(env.from_string(GOVUK).render(**given))
    assert "<script>" not in ours and "<b>" not in ours


ROWS: list[Any] = [
    {"key": {"text": "Child <name>"}, "value": {"text": "A & B"}},
    {
        "key": {"text": "Missing field"},
        "value": {"html": Markup('<strong class="t">Missing</strong>')},
    },
    {"key": {"text": "Empty"}, "value": {"text": ""}},
    None,  # a row the template leaves out
]


@pytest.mark.parametrize("rows", [ROWS, []])
def test_the_summary_list_is_govuk_frontends(rows: list[dict[str, Any]]):
    env = make_templates().env
    theirs = env.from_string(
        '{% from "govuk_frontend_jinja/components/summary-list/macro.html" '
        "import govukSummaryList %}{{ govukSummaryList({'rows': rows}) }}"
    ).render(rows=rows)
    ours = env.from_string(
        '{% from "_components.html" import summary_list %}{{ summary_list(rows) }}'
    ).render(rows=rows)
    assert _tags(ours) == _tags(theirs)
    assert "Child &lt;name&gt;" in ours or not rows


ITEMS = [
    {"value": "", "text": "Choose an agency", "selected": False},
    {"value": 'po"lice', "text": "Police <east>", "selected": True},
    {"value": "health", "text": "Health", "selected": False},
]


@pytest.mark.parametrize(
    "params",
    [
        {"id": "agency", "name": "agency", "label": {"text": "Agency"}, "items": ITEMS},
        {
            "id": "agency",
            "name": "agency",
            "label": {"text": "Agency <x>", "classes": "govuk-label--s"},
            "hint": {"text": "Its people are emailed."},
            "items": ITEMS,
            "errorMessage": {"text": "Choose an agency"},
        },
        {
            "name": "year",
            "label": {"text": "Year", "classes": "govuk-label--s"},
            "classes": "govuk-!-width-one-third",
            "items": ITEMS[:1],
            "errorMessage": {"text": "Choose <one>"},
        },
    ],
)
def test_the_select_is_govuk_frontends(params: dict[str, Any]):
    env = make_templates().env
    theirs = env.from_string(
        '{% from "govuk_frontend_jinja/components/select/macro.html" import govukSelect %}'
        "{{ govukSelect(params) }}"
    ).render(params=params)
    ours = env.from_string(
        '{% from "_components.html" import select %}{{ select(params) }}'
    ).render(params=params)
    assert _tags(ours) == _tags(theirs)


@pytest.mark.parametrize(
    "params",
    [
        {"name": "question", "id": "question", "value": "", "label": {"text": "Question"}},
        {
            "name": "add_reason",
            "id": "add_reason",
            "rows": 2,
            "value": "Named <twice> & more",
            "label": {"text": "Reason <r>", "classes": "govuk-label--s"},
            "hint": {"text": "It goes to the referrer."},
            "errorMessage": {"text": "Enter the reason"},
        },
    ],
)
def test_the_textarea_is_govuk_frontends(params: dict[str, Any]):
    env = make_templates().env
    theirs = env.from_string(
        '{% from "govuk_frontend_jinja/components/textarea/macro.html" import govukTextarea %}'
        "{{ govukTextarea(params) }}"
    ).render(params=params)
    ours = env.from_string(
        '{% from "_components.html" import textarea %}{{ textarea(params) }}'
    ).render(params=params)
    assert _tags(ours) == _tags(theirs)


@pytest.mark.parametrize(
    "params",
    [{"text": "Record <it>", "classes": "govuk-button--secondary"}, {"text": "Go", "classes": ""}],
)
def test_the_button_is_govuk_frontends(params: dict[str, Any]):
    env = make_templates().env
    theirs = env.from_string(
        '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
        "{{ govukButton(params) }}"
    ).render(params=params)
    ours = env.from_string(
        '{% from "_components.html" import button %}{{ button(params) }}'
    ).render(params=params)
    assert _tags(ours) == _tags(theirs)
