"""The board's mailbox on Exchange Online through Microsoft Graph (EWS is being switched off
for Exchange Online from October 2026). App-only OAuth with MSAL; new mail through the
inbox's delta query, its link kept in the store and saved only after a batch is recorded;
the raw MIME through `$value`; processed messages moved after the commit; sending through
`sendMail` with MIME. A 429's Retry-After is honoured; a 410 (the delta link has expired)
starts a full resync, which applies nothing twice because every message is keyed by its id.

Push, where the board has a public https address for it: a change-notification subscription
on the inbox's messages (created, renewed before it expires, made again when Graph has dropped
it, deleted on stop), whose notifications (`graph_push`) wake the delta query at once. The
notifications carry no message content; the delta query stays the only reader, and polling
every poll_seconds stays beside it as the fallback.

A thin client on httpx rather than the Graph SDK: a few calls, synchronous, with retries we
control, and nothing generated to audit.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from sqlmodel import Session

from ..store.tables import MailboxState
from .mailbox import MessageRef, Refused, Transport

MAX_TRIES = 6
CONCURRENT = 4  # Exchange Online allows four concurrent requests per mailbox
# A subscription on Outlook messages may last at most 4230 minutes by the older limit (10080
# by the newer one): asked for a little under the older, and renewed once a day or less is left.
SUBSCRIPTION_LIFETIME = dt.timedelta(minutes=4200)
RENEW_WITHIN = dt.timedelta(hours=24)
RETRY_SUBSCRIPTION = dt.timedelta(minutes=1)  # after Graph refused to create or renew one

log = logging.getLogger("panelclerk.mail.graph")


class GraphError(Exception):
    """One line about what Graph refused."""


class GraphClient:
    def __init__(
        self,
        base_url: str,
        token: Callable[[bool], str],
        *,
        timeout: float = 30,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = base_url.rstrip("/")
        self._token = token
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(CONCURRENT)
        self._http = httpx.Client(timeout=timeout, transport=transport)

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sleep = self._sleep
        url = url if url.startswith("http") else f"{self.base}{url}"
        refreshed = False
        for attempt in range(1, MAX_TRIES + 1):
            sent = {"Authorization": f"Bearer {self._token(refreshed)}", **(headers or {})}
            with self._slots:
                try:
                    response = self._http.request(
                        method, url, json=json, content=content, headers=sent
                    )
                except httpx.TransportError as exc:
                    if attempt == MAX_TRIES:
                        raise GraphError(f"{method} {url}: {exc.__class__.__name__}") from None
                    sleep(min(30.0, 2.0**attempt))
                    continue
            if response.status_code == 401 and not refreshed:
                refreshed = True  # the token expired: get a new one, once
                continue
            if response.status_code in (429, 503, 504) and attempt < MAX_TRIES:
                sleep(float(response.headers.get("Retry-After", 2**attempt)))
                continue
            return response
        raise GraphError(f"{method} {url}: still throttled after {MAX_TRIES} tries")

    def close(self) -> None:
        self._http.close()


def msal_token(
    tenant: str,
    client_id: str,
    *,
    secret: str | None = None,
    certificate: dict[str, str] | None = None,
    authority_host: str = "https://login.microsoftonline.com",
    scope: str = "https://graph.microsoft.com/.default",
    http_client: Any = None,
) -> Callable[[bool], str]:
    """A token source for app-only access (client credentials, secret or certificate)."""
    import msal

    credential: Any = certificate or secret
    if not credential:
        raise GraphError("no client secret or certificate for Graph in the environment")
    kwargs: dict[str, Any] = {"http_client": http_client} if http_client is not None else {}
    app = msal.ConfidentialClientApplication(
        client_id, client_credential=credential, authority=f"{authority_host}/{tenant}", **kwargs
    )

    def token(force: bool) -> str:
        if force:  # Graph said the token is no longer good: drop MSAL's cached one
            app.remove_tokens_for_client()
        result = app.acquire_token_for_client(scopes=[scope])
        if "access_token" not in result:
            raise GraphError(
                f"Graph sign-in failed: {result.get('error', 'unknown')}: "
                f"{str(result.get('error_description', ''))[:160]}"
            )
        return str(result["access_token"])

    return token


class GraphTransport:
    def __init__(self, client: GraphClient, user: str) -> None:
        self.client, self.user = client, user

    def send(self, raw: bytes, sender: str, recipients: list[str]) -> None:
        response = self.client.request(
            "POST",
            f"/users/{quote(self.user)}/sendMail",
            content=base64.b64encode(raw),
            headers={"Content-Type": "text/plain"},
        )
        if response.status_code != 202:
            # 400 (invalid recipients, unreadable MIME) and 413 (too large) refuse this
            # message; 401, 403 and 404 are the app's permissions or mailbox, mended in config
            failure = Refused if response.status_code in (400, 413) else OSError
            raise failure(f"sendMail answered {response.status_code}: {response.text[:160]}")


@dataclass
class Subscription:
    id: str
    expires: dt.datetime


def _graph_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _expiry(answer: httpx.Response, asked: dt.datetime) -> dt.datetime:
    """The expiry Graph granted (it may shorten what was asked), else what was asked."""
    with contextlib.suppress(KeyError, TypeError, ValueError):
        return dt.datetime.fromisoformat(answer.json()["expirationDateTime"])
    return asked


class GraphMailbox:
    def __init__(
        self,
        client: GraphClient,
        user: str,
        cursor_store: Callable[[], Session],
        processed: str = "Processed",
        quarantine: str = "Quarantine",
    ) -> None:
        self.client, self.user = client, user
        self.name = f"graph:{user}"
        self._session = cursor_store
        self.processed, self.quarantine = processed, quarantine
        self._folders: dict[str, str] = {}
        self._pending_link: str | None = None
        self._cursor_key = f"graph:{user}:inbox:delta"
        # change notifications: the subscription, its secret (in memory only) and its id
        # (in the store, so that one left by a process that did not stop cleanly is deleted)
        self._subscription: Subscription | None = None
        self._client_state = ""
        self._subscription_key = f"graph:{user}:inbox:subscription"
        self._next_try: dt.datetime | None = None
        self.renew_soon = threading.Event()  # lifecycle: reauthorizationRequired
        self.resubscribe_soon = threading.Event()  # lifecycle: subscriptionRemoved

    # ---- the delta cursor, kept in the store --------------------------------------------

    def _saved_link(self) -> str | None:
        with self._session() as session:
            found = session.get(MailboxState, self._cursor_key)
            return found.value if found else None

    def _save_link(self, link: str) -> None:
        with self._session() as session:
            row = session.get(MailboxState, self._cursor_key) or MailboxState(
                key=self._cursor_key, value=link
            )
            row.value = link
            session.add(row)
            session.commit()

    def _state(self, key: str) -> str | None:
        with self._session() as session:
            found = session.get(MailboxState, key)
            return found.value if found else None

    def _set_state(self, key: str, value: str | None) -> None:
        with self._session() as session:
            row = session.get(MailboxState, key)
            if value is None:
                if row is not None:
                    session.delete(row)
            else:
                row = row or MailboxState(key=key, value=value)
                row.value = value
                session.add(row)
            session.commit()

    def batch_done(self) -> None:
        """Everything listed was recorded: from now on, ask only for what is newer."""
        if self._pending_link:
            self._save_link(self._pending_link)
            self._pending_link = None

    # ---- change notifications: the subscription on the inbox --------------------------

    @property
    def subscription(self) -> Subscription | None:
        return self._subscription

    def client_state_ok(self, value: object) -> bool:
        """Whether a notification carries our subscription's secret (compared in constant
        time); nothing matches before a subscription is made."""
        expected = self._client_state
        if not expected or not isinstance(value, str):
            return False
        return hmac.compare_digest(value.encode(), expected.encode())

    def keep_subscribed(self, notification_url: str, now: dt.datetime) -> bool:
        """Make, renew or remake the subscription as it needs; called by the thread that
        reads the mailbox, before each pass. True when a new subscription was made (mail may
        have come with nobody told: read the mailbox now). Raises GraphError when Graph
        refuses; it is asked again after RETRY_SUBSCRIPTION, and polling goes on meanwhile."""
        if self._next_try is not None and now < self._next_try:
            return False
        self._next_try = None
        try:
            current = self._subscription
            if current is None or self.resubscribe_soon.is_set() or current.expires <= now:
                self._subscribe(notification_url, now)
                return True
            due = self.renew_soon.is_set() or current.expires - now <= RENEW_WITHIN
            if due and not self._renew(current, now):
                self._subscribe(notification_url, now)  # Graph has dropped it: 404
                return True
            return False
        except (GraphError, httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            self._next_try = now + RETRY_SUBSCRIPTION
            if isinstance(exc, GraphError):
                raise
            raise GraphError(f"subscription: {exc.__class__.__name__}") from None

    def _subscribe(self, notification_url: str, now: dt.datetime) -> None:
        self.resubscribe_soon.clear()
        self.renew_soon.clear()
        stale = self._subscription.id if self._subscription else self._state(self._subscription_key)
        if stale:  # ours, from before: gone or expired, or left by a process that died
            try:
                self._delete(stale)
            except (GraphError, httpx.HTTPError) as exc:  # it expires by itself
                log.warning("Graph subscription %s not deleted: %s", stale, exc)
            self._subscription = None
            self._set_state(self._subscription_key, None)
        expires = now + SUBSCRIPTION_LIFETIME
        client_state = secrets.token_urlsafe(32)  # Graph allows 128 characters
        self._client_state = client_state  # before the POST: Graph validates the URL during it
        response = self.client.request(
            "POST",
            "/subscriptions",
            json={
                "changeType": "created",
                "notificationUrl": notification_url,
                "lifecycleNotificationUrl": notification_url,  # may be the same endpoint
                "resource": f"users/{self.user}/mailFolders('inbox')/messages",
                "expirationDateTime": _graph_time(expires),
                "clientState": client_state,
                "latestSupportedTlsVersion": "v1_2",
            },
        )
        if response.status_code != 201:
            self._client_state = ""
            raise GraphError(
                f"creating the inbox subscription answered {response.status_code}: "
                f"{response.text[:160]}"
            )
        made = Subscription(str(response.json()["id"]), _expiry(response, expires))
        self._subscription = made
        self._set_state(self._subscription_key, made.id)
        log.info("Graph subscription %s made, until %s", made.id, _graph_time(made.expires))

    def _renew(self, current: Subscription, now: dt.datetime) -> bool:
        """PATCH a new expiry; False when Graph no longer has the subscription."""
        self.renew_soon.clear()
        expires = now + SUBSCRIPTION_LIFETIME
        response = self.client.request(
            "PATCH",
            f"/subscriptions/{quote(current.id)}",
            json={"expirationDateTime": _graph_time(expires)},
        )
        if response.status_code == 404:
            log.info("Graph subscription %s is gone: making another", current.id)
            return False
        if response.status_code != 200:
            raise GraphError(
                f"renewing the inbox subscription answered {response.status_code}: "
                f"{response.text[:160]}"
            )
        current.expires = _expiry(response, expires)
        log.info("Graph subscription %s renewed until %s", current.id, _graph_time(current.expires))
        return True

    def _delete(self, subscription_id: str) -> None:
        response = self.client.request("DELETE", f"/subscriptions/{quote(subscription_id)}")
        if response.status_code not in (204, 404):  # 404: expired or removed already
            raise GraphError(f"deleting a subscription answered {response.status_code}")

    def unsubscribe(self) -> None:
        """Delete the subscription (on stop): Graph posts nothing more."""
        current, self._subscription = self._subscription, None
        self._client_state = ""
        if current is None:
            return
        try:
            self._delete(current.id)
            self._set_state(self._subscription_key, None)
        except (GraphError, httpx.HTTPError) as exc:  # it expires by itself; deleted next start
            log.warning("Graph subscription %s not deleted: %s", current.id, exc)

    # ---- the mailbox interface ----------------------------------------------------------

    def list_new(self) -> list[MessageRef]:
        start = (
            f"/users/{quote(self.user)}/mailFolders/inbox/messages/delta"
            "?$select=id,receivedDateTime"
        )
        url = self._saved_link() or start
        ids: list[str] = []
        arrived: dict[str, dt.datetime] = {}
        while True:
            response = self.client.request("GET", url)
            if response.status_code == 410 and url != start:
                url, ids = start, []  # the delta link expired: resync everything
                continue
            if response.status_code != 200:
                raise GraphError(
                    f"delta query answered {response.status_code}: {response.text[:160]}"
                )
            page = response.json()
            for item in page.get("value", []):
                if "@removed" in item:
                    continue
                ids.append(item["id"])
                with contextlib.suppress(TypeError, ValueError):
                    arrived[item["id"]] = dt.datetime.fromisoformat(item["receivedDateTime"])
            if "@odata.nextLink" in page:
                url = page["@odata.nextLink"]
                continue
            self._pending_link = page.get("@odata.deltaLink")
            break
        return [MessageRef(f"graph:{i}", i, arrived.get(i)) for i in dict.fromkeys(ids)]

    def fetch(self, ref: MessageRef) -> bytes:
        response = self.client.request(
            "GET", f"/users/{quote(self.user)}/messages/{quote(ref.handle)}/$value"
        )
        if response.status_code != 200:
            raise GraphError(f"message {ref.handle[:12]}… answered {response.status_code}")
        return response.content

    def _folder(self, name: str) -> str:
        if name not in self._folders:
            listed = self.client.request(
                "GET",
                f"/users/{quote(self.user)}/mailFolders?$filter="
                f"displayName eq '{name}'&$select=id,displayName",
            )
            found = [f for f in listed.json().get("value", []) if f.get("displayName") == name]
            if found:
                self._folders[name] = found[0]["id"]
            else:
                made = self.client.request(
                    "POST", f"/users/{quote(self.user)}/mailFolders", json={"displayName": name}
                )
                if made.status_code not in (200, 201):
                    raise GraphError(f"cannot create folder {name!r}: {made.status_code}")
                self._folders[name] = made.json()["id"]
        return self._folders[name]

    def mark_processed(self, ref: MessageRef, quarantined: bool = False) -> None:
        target = self._folder(self.quarantine if quarantined else self.processed)
        response = self.client.request(
            "POST",
            f"/users/{quote(self.user)}/messages/{quote(ref.handle)}/move",
            json={"destinationId": target},
        )
        if response.status_code == 404:
            return  # moved already by an earlier pass that stopped before it was recorded
        if response.status_code not in (200, 201):
            raise GraphError(f"move answered {response.status_code}")

    # ---- filed mail, for the retention rules ------------------------------------------

    def filed(self, folder: str, before: dt.datetime) -> list[MessageRef]:
        return self._older(self._folder(folder), before)

    def sent_copies(self, before: dt.datetime) -> list[MessageRef]:
        # sendMail with MIME always saves a copy in Sent Items (saveToSentItems is JSON only)
        return self._older("sentitems", before)

    def remove_sent(self, refs: list[MessageRef]) -> None:
        self.remove_filed("sentitems", refs)

    def _older(self, folder_id: str, before: dt.datetime) -> list[MessageRef]:
        stamp = before.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        url = (
            f"/users/{quote(self.user)}/mailFolders/{quote(folder_id)}/messages"
            f"?$filter=receivedDateTime lt {stamp}"
            "&$select=id,receivedDateTime,internetMessageId&$top=100"
        )
        found: list[MessageRef] = []
        while url:
            response = self.client.request("GET", url)
            if response.status_code != 200:
                raise GraphError(f"listing a folder answered {response.status_code}")
            page = response.json()
            for item in page.get("value", []):
                arrived = None
                with contextlib.suppress(TypeError, ValueError, KeyError):
                    arrived = dt.datetime.fromisoformat(item["receivedDateTime"])
                if arrived is not None and arrived < before:  # the filter, checked again
                    found.append(
                        MessageRef(
                            f"graph:{item['id']}",
                            item["id"],
                            arrived,
                            item.get("internetMessageId"),
                        )
                    )
            url = page.get("@odata.nextLink", "")
        return found

    def read_filed(self, folder: str, ref: MessageRef) -> bytes:
        return self.fetch(ref)  # an id names one message in the whole mailbox

    def remove_filed(self, folder: str, refs: list[MessageRef]) -> None:
        """Deleted for good (permanentDelete: the Purges folder, out of Outlook's reach),
        not moved to Deleted Items, where a person could still open it."""
        for ref in refs:
            response = self.client.request(
                "POST", f"/users/{quote(self.user)}/messages/{quote(ref.handle)}/permanentDelete"
            )
            if response.status_code not in (200, 204, 404):  # 404: gone already
                raise GraphError(f"permanentDelete answered {response.status_code}")

    def transport(self) -> Transport:
        return GraphTransport(self.client, self.user)

    def folders(self) -> list[str]:
        response = self.client.request(
            "GET", f"/users/{quote(self.user)}/mailFolders?$select=displayName&$top=100"
        )
        if response.status_code != 200:
            raise GraphError(f"listing folders answered {response.status_code}")
        return [f["displayName"] for f in response.json().get("value", [])]

    def close(self) -> None:
        self.unsubscribe()
        self.client.close()
