"""The Teams adapter, on the Microsoft 365 Agents SDK: it translates Teams activities
(messages in personal chat and in a referral's reply chain, Adaptive Card submits,
installation) into calls on the shared Conversations and renders their replies as Adaptive
Cards. Private replies (Slack's ephemeral messages) and forms (Slack's modals) go to the
person's personal chat, since a Teams channel has no message only one member can see.
Roles come from the sender's Microsoft Entra object id, never from a display name.

The HTTP endpoint and its checks are in `teams_endpoint`; posting-only Teams through a
Workflows webhook is `teams_webhook`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import aiohttp
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    TurnContextProtocol,
)
from microsoft_agents.hosting.core import ActivityHandler
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..application import context as context_stage
from ..store.tables import ChatAddress, ChatEvent
from .adaptive import attachment, card_adaptive, form_adaptive, submitted, text_adaptive
from .cards import Card, Reply, decision_form_refusal
from .conversations import Conversations
from .delivery import Failure, Sender

# The SDK's handlers are typed with its protocol; a real TurnContext is what they receive.
Turn = TurnContextProtocol[Any]
log = logging.getLogger("panelclerk.teams")
PLATFORM = "teams"
CHANNEL_ID = "msteams"
AUDIENCE = "https://api.botframework.com"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"  # the Bot Connector's own tokens
FIRST_ANSWER_SECONDS = 10.0  # Teams waits 15 s for the HTTP answer; we answer well before
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_STALE = Reply(text="That card is no longer in use.", private=True)


def message(reply_card: Card | None = None, text: str | None = None) -> Activity:
    content = card_adaptive(reply_card) if reply_card else text_adaptive(text or "")
    return Activity(
        type=ActivityTypes.message,
        text=(reply_card.title if reply_card else (text or ""))[:300],
        attachments=[Attachment(**attachment(content))],
    )


def _reply_activity(reply: Reply) -> Activity:
    if reply.modal is not None:
        return Activity(
            type=ActivityTypes.message,
            text=reply.modal.title,
            attachments=[Attachment(**attachment(form_adaptive(reply.modal)))],
        )
    if reply.errors:
        return message(text="\n".join(f"{k}: {v}" for k, v in reply.errors.items()))
    if reply.card is not None:
        return message(reply.card)
    return message(text=reply.text or "")


def thread_root(conversation_id: str) -> tuple[str, str] | None:
    """A channel reply chain's conversation id is '<channel id>;messageid=<root id>'."""
    channel, _, root = conversation_id.partition(";messageid=")
    return (channel, root) if root else None


def _personal_chat(
    tenant: str | None, agent: ChannelAccount | None, member: ChannelAccount
) -> ConversationParameters:
    return ConversationParameters(
        is_group=False,
        agent=agent,
        members=[member],
        tenant_id=tenant,
        channel_data={"tenant": {"id": tenant}},
    )


async def _create(
    adapter: Any,
    app_id: str,
    service_url: str,
    parameters: ConversationParameters,
    then: Callable[[Turn], Awaitable[None]] | None = None,
) -> Activity:
    """Creates a conversation through the Bot Connector; returns the SDK's record of it
    (the conversation's id, and the id of the first message when one was sent)."""
    made: list[Activity] = []

    async def noted(context: Turn) -> None:
        made.append(context.activity)
        if then is not None:
            await then(context)

    await adapter.create_conversation(app_id, CHANNEL_ID, service_url, AUDIENCE, parameters, noted)
    return made[0]


class Addresses:
    """Personal chats the bot has learnt (installation, or the person writing to it). With
    a session, the caller's transaction is used; without, one of its own."""

    def __init__(self, app: context_stage.App) -> None:
        self.app = app

    @staticmethod
    def _find(session: Session, key: str) -> ChatAddress | None:
        return session.exec(
            select(ChatAddress).where(
                ChatAddress.platform == PLATFORM, ChatAddress.user_key == key.lower()
            )
        ).first()

    def get(self, user_key: str, session: Session | None = None) -> ChatAddress | None:
        if session is not None:
            return self._find(session, user_key)
        with self.app.uow() as uow:
            return self._find(uow.session, user_key)

    def remember(
        self, user_key: str, conversation_id: str, service_url: str, session: Session | None = None
    ) -> None:
        if not user_key or not conversation_id or not service_url:
            return
        if session is not None:
            self._write(session, user_key, conversation_id, service_url)
            return
        with self.app.uow() as uow:
            if self._write(uow.session, user_key, conversation_id, service_url):
                with contextlib.suppress(IntegrityError):  # learnt at once by another turn
                    uow.commit()

    def _write(self, session: Session, user_key: str, conversation_id: str, url: str) -> bool:
        found = self._find(session, user_key)
        if found is not None and (found.conversation_id, found.service_url) == (
            conversation_id,
            url,
        ):
            return False
        row = found or ChatAddress(
            platform=PLATFORM, user_key=user_key.lower(), conversation_id="", service_url=""
        )
        row.conversation_id, row.service_url = conversation_id, url
        row.updated_at = self.app.clock()
        session.add(row)
        return True


class TeamsAgent(ActivityHandler):
    def __init__(self, app: context_stage.App, conversations: Conversations, app_id: str) -> None:
        self.app, self.conversations, self.app_id = app, conversations, app_id
        self.addresses = Addresses(app)

    # ---- the turn ---------------------------------------------------------------------

    async def on_turn(self, turn_context: Turn) -> None:
        activity = turn_context.activity
        if activity.id and activity.conversation and activity.type == ActivityTypes.message:
            key = f"{PLATFORM}:{activity.conversation.id}:{activity.id}"[:255]
            if not await asyncio.to_thread(self._first_time, key):
                log.info("teams activity already applied; retry skipped")
                return
        await super().on_turn(turn_context)

    def _first_time(self, key: str) -> bool:
        try:
            with self.app.uow() as uow:
                uow.session.add(ChatEvent(key=key, received_at=self.app.clock()))
                uow.commit()
            return True
        except IntegrityError:
            return False

    async def on_installation_update_add(self, turn_context: Turn) -> None:
        await self._learn(turn_context)
        if self._personal(turn_context.activity):
            await turn_context.send_activity(
                message(text=self._help(self._person(turn_context.activity)))
            )

    async def on_members_added_activity(self, members_added: Any, turn_context: Turn) -> None:
        await self._learn(turn_context)

    async def on_message_activity(self, turn_context: Turn) -> None:
        activity = turn_context.activity
        await self._learn(turn_context)
        user = self._user(activity)
        person = self._person(activity)
        data = submitted(activity.value)
        if data is not None:
            reply = await asyncio.to_thread(self._submit, user, person, data)
            await self.send(turn_context, reply)
            return
        if activity.value is not None and not (activity.text or "").strip():
            await self.send(
                turn_context, Reply(text="That card is no longer in use.", private=True)
            )
            return
        text = self._plain(activity.text or "")
        if self._personal(activity):
            if text.lower() in ("status", "home"):
                reply = Reply(card=self.conversations.home(person), private=True)
            elif text.lower().startswith("decide "):
                reply = await asyncio.to_thread(self._decision_form, person, text.split()[1])
            elif text.lower() in ("help", "?"):
                reply = Reply(text=self._help(person))
            else:
                reply = await asyncio.to_thread(
                    self.conversations.on_direct_message, PLATFORM, user, text
                )
            await self.send(turn_context, reply)
            return
        root = thread_root(activity.conversation.id if activity.conversation else "")
        channel = self._channel(activity)
        if root and channel and channel == self.app.config.chat.teams_channel:
            reference = self.conversations.reference_for_thread(PLATFORM, channel, root[1])
            if reference:
                reply = await asyncio.to_thread(
                    self.conversations.on_thread_message, person, reference, text
                )
                await self.send(turn_context, reply)

    def _submit(
        self, user: str, person: str | None, data: tuple[str, str, str, dict[str, str]]
    ) -> Reply:
        kind, name, value, inputs = data
        if kind == "form":
            return self.conversations.on_modal(person, name, value, inputs)
        if name == "pc:answer":
            return self.conversations.on_answer_button(PLATFORM, user, value)
        if name == "pc:decide":
            return self._decision_form(person, value)
        return self.conversations.on_action(person, name, value)

    def _decision_form(self, person: str | None, reference: str) -> Reply:
        """The decision form, to a decider alone: it shows the case (as on Slack)."""
        refused = decision_form_refusal(self.app, person, reference)
        return refused or self.conversations.on_action(person, "pc:decide", reference)

    # ---- who and where ----------------------------------------------------------------

    @staticmethod
    def _user(activity: Activity) -> str:
        sender = activity.from_property
        return (sender.aad_object_id or "") if sender else ""

    def _person(self, activity: Activity) -> str | None:
        return self.conversations.person(PLATFORM, self._user(activity))

    @staticmethod
    def _personal(activity: Activity) -> bool:
        conversation = activity.conversation
        return bool(conversation and conversation.conversation_type == "personal")

    @staticmethod
    def _channel(activity: Activity) -> str | None:
        data = activity.channel_data
        if isinstance(data, dict):
            channel = data.get("channel") or {}
            return channel.get("id") if isinstance(channel, dict) else None
        channel = getattr(data, "channel", None)
        return getattr(channel, "id", None) if channel is not None else None

    @staticmethod
    def _plain(text: str) -> str:
        """Mentions of the bot out, markup out: the words the person wrote."""
        return " ".join(_TAGS.sub(" ", _MENTION.sub(" ", text)).split())

    def _help(self, person: str | None) -> str:
        if person is None:
            return (
                "Hello. Tell me about a case in your own words and I will say whether it "
                "meets the criteria for a referral. Nothing you write here is stored."
            )
        return (
            "Hello. Send 'status' for the referrals in hand, 'decide SCR-...' for the "
            "decision form (the decision maker only), or describe a case to ask whether "
            "it should be referred. Cards for new referrals and each referral's thread "
            "arrive here and in the sub-group channel."
        )

    async def _learn(self, turn_context: Turn) -> None:
        activity = turn_context.activity
        if self._personal(activity) and activity.conversation and activity.service_url:
            await asyncio.to_thread(
                self.addresses.remember,
                self._user(activity),
                activity.conversation.id,
                activity.service_url,
            )

    # ---- answers ----------------------------------------------------------------------

    async def send(self, turn_context: Turn, reply: Reply) -> None:
        activity = _reply_activity(reply)
        private = reply.private or reply.modal is not None or bool(reply.errors)
        if not private or self._personal(turn_context.activity):
            await turn_context.send_activity(activity)
            return
        await self._send_privately(turn_context, activity)

    async def _send_privately(self, turn_context: Turn, activity: Activity) -> None:
        """To the sender's personal chat: the one they have, or one created for them."""
        incoming = turn_context.activity
        sender = incoming.from_property
        known = await asyncio.to_thread(self.addresses.get, self._user(incoming))
        if known is not None:
            await _continue(
                turn_context.adapter,
                self.app_id,
                known.conversation_id,
                known.service_url,
                activity,
            )
            return
        member = ChannelAccount(id=sender.id, aad_object_id=sender.aad_object_id)
        parameters = _personal_chat(self.app.config.chat.teams_tenant, incoming.recipient, member)

        async def deliver(context: Turn) -> None:
            await context.send_activity(activity)

        created = await _create(
            turn_context.adapter, self.app_id, incoming.service_url, parameters, deliver
        )
        await asyncio.to_thread(
            self.addresses.remember,
            self._user(incoming),
            created.conversation.id,
            incoming.service_url,
        )


async def _continue(
    adapter: Any, app_id: str, conversation_id: str, service_url: str, activity: Activity
) -> str:
    reference = ConversationReference(
        channel_id=CHANNEL_ID,
        service_url=service_url,
        conversation=ConversationAccount(id=conversation_id),
        agent=ChannelAccount(id=f"28:{app_id}"),
    )
    posted: list[str] = []

    async def callback(context: Turn) -> None:
        if activity.id:
            await context.update_activity(activity)
            posted.append(activity.id)
            return
        answer = await context.send_activity(activity)
        posted.append(str(answer.id) if answer else "")

    await adapter.continue_conversation(app_id, reference.get_continuation_activity(), callback)
    return posted[0] if posted else ""


class TeamsSender(Sender):
    """Posts the chat outbox to Teams through the Bot Connector: proactive messages to the
    decision makers' personal chats, a reply chain per referral in the sub-group channel."""

    platform = PLATFORM

    def __init__(
        self, app: context_stage.App, conversations: Conversations, adapter: Any, app_id: str
    ) -> None:
        super().__init__(app, conversations)
        self.adapter, self.app_id = adapter, app_id
        self.addresses = Addresses(app)
        self._service: dict[str, str] = {}
        self._agent = ChannelAccount(id=f"28:{app_id}")

    def _run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run(work)  # each post on its own loop: this sender runs in a thread

    def channel(self) -> str | None:
        return self.app.config.chat.teams_channel

    def _service_url(self, conversation_id: str) -> str:
        return self._service.get(conversation_id) or self.app.config.chat.teams_service_url

    def private(self, person_id: str, uow: Any = None) -> str | None:
        person = self.app.config.person(person_id)
        if person is None or not person.teams_user:
            return None
        session = uow.session if uow is not None else None
        known = self.addresses.get(person.teams_user, session)
        if known is not None:
            self._service[known.conversation_id] = known.service_url
            return known.conversation_id
        # Teams creates a personal chat from the Entra object id once the app is installed
        # for the person (README: install it for the decision makers by policy).
        service_url = self.app.config.chat.teams_service_url
        member = ChannelAccount(id=person.teams_user, aad_object_id=person.teams_user)
        parameters = _personal_chat(self.app.config.chat.teams_tenant, self._agent, member)
        created = self._run(_create(self.adapter, self.app_id, service_url, parameters))
        conversation = str(created.conversation.id)
        self.addresses.remember(person.teams_user, conversation, service_url, session)
        self._service[conversation] = service_url
        return conversation

    def post(self, target: str, card: Card | None, text: str) -> str:
        activity = message(card, None if card else text)
        return str(
            self._run(
                _continue(self.adapter, self.app_id, target, self._service_url(target), activity)
            )
        )

    def open_thread(self, card: Card) -> tuple[str, str]:
        channel = self.channel() or ""
        tenant = self.app.config.chat.teams_tenant
        parameters = ConversationParameters(
            is_group=True,
            agent=self._agent,
            activity=message(card),
            tenant_id=tenant,
            channel_data={"channel": {"id": channel}, "tenant": {"id": tenant}},
        )
        created = self._run(
            _create(self.adapter, self.app_id, self._service_url(channel), parameters)
        )
        # the reply chain's own id is authoritative: '<channel>;messageid=<root>'
        chain = thread_root(str(created.conversation.id))
        return channel, chain[1] if chain else str(created.id)

    def update_thread(self, channel: str, root: str, card: Card) -> None:
        activity = message(card)
        activity.id = root
        self._run(
            _continue(
                self.adapter,
                self.app_id,
                f"{channel};messageid={root}",
                self._service_url(channel),
                activity,
            )
        )

    def failure(self, exc: Exception) -> Failure | None:
        if isinstance(exc, aiohttp.ClientResponseError):
            retry_after = None
            if exc.status == 429 and exc.headers is not None:
                try:
                    retry_after = float(exc.headers.get("Retry-After", "1") or 1)
                except ValueError:
                    retry_after = 1.0
            advice = CONNECTOR_ADVICE.get(exc.status, "")
            return Failure(exc.status, "bot connector refused", retry_after, bool(advice), advice)
        if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError):
            return Failure(0, exc.__class__.__name__)
        return None


# The Bot Connector's answers that only a person can mend, and what they should do.
CONNECTOR_ADVICE = {
    401: "Teams refused the bot's sign-in: check TEAMS_APP_ID and TEAMS_APP_SECRET (or the "
    "certificate) against the bot's Entra app registration.",
    403: "Teams refused the bot in that conversation: add the app to the sub-group's team "
    "and channel again, and check that the people it writes to have it installed.",
    404: "Teams no longer knows that conversation (a channel or chat deleted, the app "
    "removed): add the app again and check chat.teams_channel in the board config.",
}
