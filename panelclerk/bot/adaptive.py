"""The neutral cards as Adaptive Cards (Teams, and the Workflows webhook). Buttons are
Action.Submit with {"pc": action, "value": value}; a Modal becomes a form card whose submit
carries {"pc_form": callback, "reference": ...} beside the inputs. Data is escaped so that
it never becomes markdown, a link or a mention."""

from __future__ import annotations

import re
from typing import Any

from .cards import Card, Modal

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
_MARKDOWN = re.compile(r"([\\`*_\[\]~])")
_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+\.)", re.MULTILINE)


def escape(text: str) -> str:
    """Adaptive Cards' markdown honours backslash escapes: emphasis, links and code are
    escaped anywhere, lists, headings and quotes at a line's start; angle brackets are
    replaced, since Teams reads <at> as a mention."""
    text = _LINE_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))
    return text.replace("<", "‹").replace(">", "›")


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": escape(text), "wrap": True, **style}


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.4",
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def card_adaptive(card: Card) -> dict[str, Any]:
    body = [_text(card.title[:300], weight="Bolder", size="Medium")]
    if card.fields:
        body.append(
            {
                "type": "FactSet",
                "facts": [
                    {"title": escape(k)[:200], "value": escape(v)[:1900]} for k, v in card.fields
                ],
            }
        )
    body += [_text(line[:2000]) for line in card.lines]
    if card.deadline:
        style = {"color": "Attention"} if card.deadline.overdue else {}
        body.append(_text(card.deadline.text(), weight="Bolder", **style))
    if card.note:
        body.append(_text(card.note[:2000], isSubtle=True, size="Small"))
    actions = []
    for button in card.buttons[:6]:  # Teams shows at most six actions on a card
        action: dict[str, Any] = {
            "type": "Action.Submit",
            "title": button.label[:75],
            "data": {"pc": button.action, "value": button.value[:2000]},
        }
        if button.style == "primary":
            action["style"] = "positive"
        elif button.style == "danger":
            action["style"] = "destructive"
        actions.append(action)
    return _card(body, actions)


def text_adaptive(text: str) -> dict[str, Any]:
    return _card([_text(line) for line in text.splitlines() if line.strip()] or [_text(" ")], [])


def form_adaptive(modal: Modal) -> dict[str, Any]:
    body: list[dict[str, Any]] = [_text(modal.title, weight="Bolder", size="Medium")]
    body.append(_text(f"Referral {modal.reference}", isSubtle=True))
    for item in modal.inputs:
        element: dict[str, Any]
        if item.kind == "select":
            element = {
                "type": "Input.ChoiceSet",
                "style": "compact",
                "choices": [{"title": text[:75], "value": value} for value, text in item.options],
            }
        else:
            element = {"type": "Input.Text", "isMultiline": item.kind == "multiline"}
        element.update(
            {
                "id": item.id,
                "label": item.label[:200],
                "isRequired": not item.optional,
                "errorMessage": f"{item.label} is needed",
            }
        )
        body.append(element)
    submit = {
        "type": "Action.Submit",
        "title": modal.submit[:40],
        "style": "positive",
        "data": {"pc_form": modal.callback, "reference": modal.reference},
    }
    return _card(body, [submit])


def attachment(content: dict[str, Any]) -> dict[str, Any]:
    return {"contentType": CONTENT_TYPE, "content": content}


def submitted(value: Any) -> tuple[str, str, str, dict[str, str]] | None:
    """An Action.Submit's data read back: ("action", name, value, {}) for a button, ("form",
    callback, reference, inputs) for a form; None for anything that is neither."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("pc"), str) and str(value["pc"]).startswith("pc:"):
        return "action", value["pc"], str(value.get("value") or ""), {}
    if isinstance(value.get("pc_form"), str) and str(value["pc_form"]).startswith("pc_"):
        inputs = {
            str(k): str(v)
            for k, v in value.items()
            if k not in ("pc_form", "reference") and isinstance(v, str | int | float)
        }
        return "form", value["pc_form"], str(value.get("reference") or ""), inputs
    return None
