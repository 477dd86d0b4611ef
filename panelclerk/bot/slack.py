"""The Slack adapter: it translates Slack's events, actions, view submissions and commands
into calls on the shared Conversations and renders their replies as Block Kit. Listeners
acknowledge first; a retried event (X-Slack-Retry-Num) is applied once, by its event_id in
the store; a double-clicked button meets the life cycle, which refuses the second move.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App as BoltApp
from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.exc import IntegrityError

from .. import faults
from ..application import context
from ..store.tables import ChatEvent
from .cards import Card, Modal, Reply, decision_form_refusal
from .conversations import Conversations
from .delivery import Failure, Sender

log = logging.getLogger("panelclerk.slack")
PLATFORM = "slack"


def _escape(text: str) -> str:
    """Data never becomes a link, a mention or markup in Slack."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def card_blocks(card: Card) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": card.title[:150]}}
    ]
    for start in range(0, len(card.fields), 10):
        blocks.append(
            {
                "type": "section",
                "fields": [
                    {"type": "mrkdwn", "text": f"*{_escape(k)}*\n{_escape(v)[:1900]}"}
                    for k, v in card.fields[start : start + 10]
                ],
            }
        )
    if card.lines:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _escape("\n".join(card.lines))[:2900]},
            }
        )
    if card.deadline:
        said = _escape(card.deadline.text())
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f":warning: *{said}*" if card.deadline.overdue else f"*{said}*",
                },
            }
        )
    if card.buttons:
        elements = []
        for index, button in enumerate(card.buttons[:25]):
            element: dict[str, Any] = {
                "type": "button",
                "action_id": f"{button.action}:{index}",
                "text": {"type": "plain_text", "text": button.label[:75]},
                "value": button.value[:2000],
            }
            if button.style in ("primary", "danger"):
                element["style"] = button.style
            elements.append(element)
        blocks.append({"type": "actions", "elements": elements})
    if card.note:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": _escape(card.note)[:2900]}]}
        )
    return blocks


def modal_view(modal: Modal) -> dict[str, Any]:
    blocks = []
    for item in modal.inputs:
        element: dict[str, Any]
        if item.kind == "select":
            element = {
                "type": "static_select",
                "action_id": "value",
                "options": [
                    {"text": {"type": "plain_text", "text": text[:75]}, "value": value}
                    for value, text in item.options[:100]
                ],
            }
        else:
            element = {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": item.kind == "multiline",
            }
        blocks.append(
            {
                "type": "input",
                "block_id": item.id,
                "optional": item.optional,
                "label": {"type": "plain_text", "text": item.label[:2000]},
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": modal.callback,
        "private_metadata": modal.reference,
        "title": {"type": "plain_text", "text": modal.title[:24]},
        "submit": {"type": "plain_text", "text": modal.submit[:24]},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def view_values(view: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        item = actions.get("value", {})
        if item.get("type") == "static_select":
            selected = item.get("selected_option") or {}
            out[block_id] = str(selected.get("value") or "")
        else:
            out[block_id] = str(item.get("value") or "")
    return out


def build_app(
    app: context.App,
    conversations: Conversations,
    *,
    token: str,
    signing_secret: str,
    api_url: str | None = None,
) -> BoltApp:
    client = WebClient(token=token, base_url=api_url or "https://slack.com/api/")
    # Replies made inside a listener wait out a 429 and try again; cards go via the outbox.
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    bolt = BoltApp(signing_secret=signing_secret, client=client, process_before_response=False)
    channel = app.config.chat.slack_channel

    @bolt.middleware
    def once(body: dict[str, Any], next: Any) -> Any:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id:
            try:
                with app.uow() as uow:
                    uow.session.add(
                        ChatEvent(key=f"{PLATFORM}:{event_id}", received_at=app.clock())
                    )
                    uow.commit()
            except IntegrityError:
                log.info("slack event %s already applied; retry skipped", event_id)
                return BoltResponse(status=200, body="")
        return next()

    def send(
        reply: Reply,
        client: WebClient,
        *,
        user: str,
        where: str | None,
        thread_ts: str | None = None,
        trigger_id: str | None = None,
    ) -> None:
        if reply.modal is not None and trigger_id:
            client.views_open(trigger_id=trigger_id, view=modal_view(reply.modal))
            return
        blocks = card_blocks(reply.card) if reply.card else None
        text = reply.text or (reply.card.title if reply.card else "")
        if reply.card and not reply.text:
            text = reply.card.text()[:3000]
        if where is None:
            where = client.conversations_open(users=user)["channel"]["id"]
        if reply.private:
            client.chat_postEphemeral(
                channel=where, user=user, text=text[:3000], blocks=blocks, thread_ts=thread_ts
            )
        else:
            client.chat_postMessage(
                channel=where, text=text[:3000], blocks=blocks, thread_ts=thread_ts
            )

    @bolt.event("message")
    def on_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype"):
            return
        user, text = event.get("user", ""), event.get("text", "") or ""
        if event.get("channel_type") == "im":
            reply = conversations.on_direct_message(PLATFORM, user, text)
            send(reply, client, user=user, where=event["channel"])
            return
        thread_ts = event.get("thread_ts")
        if thread_ts and event.get("channel") == channel:
            reference = conversations.reference_for_thread(PLATFORM, event["channel"], thread_ts)
            if reference:
                reply = conversations.on_thread_message(
                    conversations.person(PLATFORM, user), reference, text
                )
                send(reply, client, user=user, where=event["channel"], thread_ts=thread_ts)

    @bolt.event("app_home_opened")
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        card = conversations.home(conversations.person(PLATFORM, event.get("user", "")))
        client.views_publish(
            user_id=event["user"], view={"type": "home", "blocks": card_blocks(card)}
        )

    @bolt.action(re.compile(r"^pc:"))
    def on_action(
        ack: Any, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        user = body.get("user", {}).get("id", "")
        name = action.get("action_id", "").rsplit(":", 1)[0]
        value = action.get("value", "")
        person = conversations.person(PLATFORM, user)
        if name == "pc:answer":
            reply = conversations.on_answer_button(PLATFORM, user, value)
        elif name == "pc:decide":  # the form shows the case: a decider's alone
            reply = decision_form_refusal(app, person, value) or conversations.on_action(
                person, name, value
            )
        else:
            reply = conversations.on_action(person, name, value)
        where = (body.get("channel") or {}).get("id")
        thread_ts = (body.get("message") or {}).get("thread_ts")
        send(
            reply,
            client,
            user=user,
            where=where,
            thread_ts=thread_ts,
            trigger_id=body.get("trigger_id"),
        )

    @bolt.view(re.compile(r"^pc_"))
    def on_view(ack: Any, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = body.get("user", {}).get("id", "")
        reply = conversations.on_modal(
            conversations.person(PLATFORM, user),
            view.get("callback_id", ""),
            view.get("private_metadata", ""),
            view_values(view),
        )
        if reply.errors:
            ack(response_action="errors", errors=reply.errors)
            return
        ack()
        send(reply, client, user=user, where=None)

    @bolt.command("/panelclerk")
    def on_command(ack: Any, command: dict[str, Any], client: WebClient) -> None:
        ack()
        user = command.get("user_id", "")
        person = conversations.person(PLATFORM, user)
        words = (command.get("text") or "").split()
        if words[:1] == ["decide"] and len(words) == 2:
            reply = decision_form_refusal(app, person, words[1]) or conversations.on_action(
                person, "pc:decide", words[1]
            )
        elif words[:1] == ["status"]:
            reply = Reply(card=conversations.home(person), private=True)
        else:
            example = f"{app.config.reference_prefix}-{app.today().year}-001"
            reply = Reply(
                text=f"Commands: `/panelclerk decide {example}` opens the decision "
                "form (the Chair only); `/panelclerk status` shows the pipeline. "
                "To ask whether to refer, send me a direct message.",
                private=True,
            )
        send(
            reply,
            client,
            user=user,
            where=command.get("channel_id"),
            trigger_id=command.get("trigger_id"),
        )

    @bolt.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        # Bolt's own handler would log the exception's text, which can quote what was typed.
        told = faults.report(
            app,
            "A Slack request",
            error,
            then="The person was told something went wrong on our side.",
        )
        user, where = _who_and_where(body if isinstance(body, dict) else {})
        if not user:
            return
        try:
            if where is None:
                where = client.conversations_open(users=user)["channel"]["id"]
            client.chat_postEphemeral(channel=where, user=user, text=faults.sorry(told))
        except Exception as exc:  # Slack itself may be the trouble; the log has the fault
            log.error("could not tell %s about the failure: %s", user, faults.describe(exc))

    return bolt


def _who_and_where(body: dict[str, Any]) -> tuple[str, str | None]:
    """The Slack user and channel of an event, action, view submission or slash command."""
    event = body.get("event") or {}
    user = event.get("user") or (body.get("user") or {}).get("id") or body.get("user_id") or ""
    where = event.get("channel") or (body.get("channel") or {}).get("id") or body.get("channel_id")
    return str(user), str(where) if where else None


class SlackSender(Sender):
    """Posts the chat outbox to Slack (the loop, targets and digest are delivery.Sender's)."""

    platform = PLATFORM

    def __init__(self, app: context.App, conversations: Conversations, client: WebClient) -> None:
        super().__init__(app, conversations)
        self.client = client

    def channel(self) -> str | None:
        return self.app.config.chat.slack_channel

    def private(self, person_id: str, uow: Any = None) -> str | None:
        person = self.app.config.person(person_id)
        if person is None or not person.slack_user:
            return None
        return str(self.client.conversations_open(users=person.slack_user)["channel"]["id"])

    def post(self, target: str, card: Card | None, text: str) -> str:
        blocks = card_blocks(card) if card else None
        answer = self.client.chat_postMessage(
            channel=target, text=_escape(text)[:3000], blocks=blocks
        )
        return str(answer["ts"])

    def open_thread(self, card: Card) -> tuple[str, str]:
        answer = self.client.chat_postMessage(
            channel=self.channel() or "", text=_escape(card.text())[:3000], blocks=card_blocks(card)
        )
        return str(answer["channel"]), str(answer["ts"])

    def update_thread(self, channel: str, root: str, card: Card) -> None:
        self.client.chat_update(
            channel=channel, ts=root, text=_escape(card.text())[:3000], blocks=card_blocks(card)
        )

    def failure(self, exc: Exception) -> Failure | None:
        if not isinstance(exc, SlackApiError):
            return None
        response = exc.response
        status = response.status_code if response is not None else 0
        error = str(response.get("error", "")) if response is not None else ""
        retry_after = None
        if status == 429 and response is not None:
            retry_after = float(response.headers.get("Retry-After", "1") or 1)
        advice = next((words for codes, words in ADVICE if error in codes), "")
        return Failure(status, error, retry_after, permanent=bool(advice), advice=advice)


# Slack's answers that only a person can mend, and what they should do.
ADVICE = (
    (
        {"channel_not_found", "not_in_channel", "is_archived"},
        "Invite the app to the sub-group channel (/invite @panelclerk in it), or correct "
        "chat.slack_channel in the board config.",
    ),
    (
        {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"},
        "The app's Slack token no longer works: ask your Slack administrator to reinstall "
        "the app, then set the new SLACK_BOT_TOKEN where the service runs.",
    ),
    (
        {"missing_scope", "not_allowed_token_type"},
        "The app lacks a permission it needs: reinstall it from the manifest in the README.",
    ),
    (
        {"user_not_found", "user_disabled", "cannot_dm_bot"},
        "A person's Slack user id in the board config is wrong or their account is closed: "
        "correct slack_user for them.",
    ),
)
