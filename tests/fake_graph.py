"""A small fake of Microsoft's identity platform and Graph mail API on 127.0.0.1, answering
as the documentation describes: OpenID configuration and client-credentials tokens; the
inbox's delta query paged by @odata.nextLink and ended by @odata.deltaLink (410 Gone when a
delta link has expired); $value for MIME; mail folders; move (the new id keeps the
receivedDateTime); a folder's messages filtered by `receivedDateTime lt`, paged by $skip;
permanentDelete; sendMail with base64 MIME, a copy kept in Sent Items.
It can answer 429 with Retry-After and expire every token it issued.

Change notifications as the webhook documentation describes: POST /subscriptions (changeType,
an https notificationUrl and lifecycleNotificationUrl, the resource, an expirationDateTime
within the limit for Outlook messages, a clientState of at most 128 characters) validates
each URL with `POST ?validationToken=...` (200, text/plain, the token, within 10 s) or
answers 400; PATCH renews, DELETE removes, an expired or removed subscription answers 404.
Mail delivered to the inbox is notified to every live subscription's notificationUrl
(changeType, resource, resourceData, clientState, no content); lifecycle notifications and
notifications with any clientState can be posted by the test. The public https URLs reach
the local endpoint through `proxy` (public origin -> local origin), as the board's proxy
would carry them."""

from __future__ import annotations

import base64
import datetime as dt
import email
import itertools
import json
import secrets
import threading
import uuid
from urllib.parse import parse_qs, quote, unquote, urlparse

import httpx

from panelclerk import clock as product_clock

from . import httpfake

TENANT = "fenmarsh-tenant"
USER = "scr.subgroup@fenmarsh-lscb.example"
PAGE = 2
USER_GUID = "7f3c1a52-9d0e-4b7a-8c61-2e5f4d3b1a90"  # the mailbox's object id, in resources
MAX_MINUTES = 4230  # the (older, stricter) limit on a subscription to Outlook messages
RESOURCE = f"users/{USER}/mailFolders('inbox')/messages"


class FakeGraph:
    def __init__(self) -> None:
        self.inbox: dict[str, bytes] = {}
        self.folders: dict[str, dict[str, bytes]] = {"Sent Items": {}}
        self.clock = product_clock.now  # when sendMail's copy is saved
        self.sent: list[bytes] = []
        self.purged: list[str] = []  # ids permanently deleted
        self.received: dict[str, dt.datetime] = {}
        self.select = {"id"}
        self.refuse_send = False  # sendMail answers 400 ErrorInvalidRecipients
        self.calls: list[str] = []
        self.failures: list[tuple[int, int]] = []
        self.tokens: set[str] = set()
        self.expired_links: set[str] = set()
        self.token_requests = 0
        self._ids = itertools.count(1)
        self._states: dict[str, set[str]] = {}  # delta token -> ids already reported
        # change notifications
        self.subscriptions: dict[str, dict] = {}
        self.proxy: dict[str, str] = {}  # public https origin -> the local endpoint's origin
        self.validations: list[tuple[str, int]] = []  # (url, status) for each handshake
        self.notified: list[int] = []  # the endpoint's answer to each notification
        self.lock = threading.Lock()
        fake = self

        class Handler(httpfake.Handler):
            def _answer(self, status, body=None, headers=None, ctype="application/json"):
                self.answer(status, body, headers, ctype)

            def do_GET(self):
                fake.handle(self, "GET", b"")

            def do_POST(self):
                fake.handle(self, "POST", self.body())

            def do_PATCH(self):
                fake.handle(self, "PATCH", self.body())

            def do_DELETE(self):
                fake.handle(self, "DELETE", self.body())

        self.http = httpfake.Server(Handler).start()
        self.url = self.http.origin
        self.base = f"{self.url}/v1.0"

    def stop(self) -> None:
        self.http.stop()

    # ---- test controls ----------------------------------------------------------------

    def deliver(
        self,
        raw: bytes,
        received: dt.datetime | None = None,
        folder: str | None = None,
        notify: bool = True,
    ) -> str:
        with self.lock:
            message_id = f"AAMk{next(self._ids):04d}"
            messages = self.folders.setdefault(folder, {}) if folder else self.inbox
            messages[message_id] = raw
            self.received[message_id] = received or product_clock.now()
        if folder is None and notify:  # a new message in the inbox: every subscription hears
            for subscription_id in self.live_subscriptions():
                self.notify(subscription_id, message_id=message_id)
        return message_id

    def live_subscriptions(self) -> list[str]:
        with self.lock:
            self._expire_subscriptions()
            return list(self.subscriptions)

    def notify(
        self,
        subscription_id: str | None = None,
        *,
        message_id: str = "AAMk9999",
        client_state: str | None = None,
        lifecycle: str | None = None,
    ) -> int:
        """Post what Graph posts to a subscription's endpoint: a change notification about a
        new message, or a lifecycle notification; with its clientState unless told another.
        Returns the endpoint's status."""
        with self.lock:
            if subscription_id is None:
                subscription_id = next(iter(self.subscriptions))
            subscription = dict(self.subscriptions[subscription_id])
        expires = subscription["expirationDateTime"]
        state = subscription["clientState"] if client_state is None else client_state
        if lifecycle is not None:
            item = {
                "lifecycleEvent": lifecycle,
                "subscriptionId": subscription_id,
                "subscriptionExpirationDateTime": expires,
                "clientState": state,
                "tenantId": TENANT,
            }
            url = subscription["lifecycleNotificationUrl"]
        else:
            resource = f"Users/{USER_GUID}/Messages/{message_id}"
            item = {
                "subscriptionId": subscription_id,
                "subscriptionExpirationDateTime": expires,
                "changeType": "created",
                "resource": resource,
                "resourceData": {
                    "@odata.type": "#Microsoft.Graph.Message",
                    "@odata.id": resource,
                    "@odata.etag": 'W/"CQAAABYAAAD"',
                    "id": message_id,
                },
                "clientState": state,
                "tenantId": TENANT,
            }
            url = subscription["notificationUrl"]
        with httpx.Client(timeout=3) as client:  # Graph waits 3 s, then retries
            answer = client.post(self._through_proxy(url), json={"value": [item]})
        self.notified.append(answer.status_code)
        return answer.status_code

    def remove_subscriptions(self) -> None:
        """Graph dropped them (as it may, with or without a subscriptionRemoved first)."""
        with self.lock:
            self.subscriptions.clear()

    def count(self, folder: str) -> int:
        with self.lock:
            return len(self.folders.get(folder, {}))

    def fail_next(self, status: int, retry_after: int = 1, count: int = 1) -> None:
        self.failures += [(status, retry_after)] * count

    def expire_tokens(self) -> None:
        self.tokens.clear()

    def msal_http_client(self) -> MsalRedirect:
        return MsalRedirect(self.url)

    # ---- the protocol -----------------------------------------------------------------

    def handle(self, request, method: str, body: bytes) -> None:
        parsed = urlparse(request.path)
        path, query = unquote(parsed.path), parse_qs(parsed.query)
        with self.lock:
            self.calls.append(f"{method} {path}")
            if path.endswith("/.well-known/openid-configuration"):
                root = "https://login.microsoftonline.com"
                return request._answer(
                    200,
                    {
                        "token_endpoint": f"{root}/{TENANT}/oauth2/v2.0/token",
                        "authorization_endpoint": f"{root}/{TENANT}/oauth2/v2.0/authorize",
                        "issuer": f"{root}/{TENANT}/v2.0",
                    },
                )
            if path.endswith("/discovery/instance"):
                return request._answer(
                    200,
                    {
                        "tenant_discovery_endpoint": "https://login.microsoftonline.com/"
                        f"{TENANT}/v2.0/.well-known/openid-configuration",
                        "metadata": [],
                    },
                )
            if path.endswith("/oauth2/v2.0/token"):
                form = parse_qs(body.decode())
                if form.get("grant_type") != ["client_credentials"] or form.get(
                    "client_secret"
                ) != ["secret"]:
                    return request._answer(
                        401, {"error": "invalid_client", "error_description": "AADSTS7000215"}
                    )
                self.token_requests += 1
                token = f"tok-{self.token_requests}"
                self.tokens.add(token)
                return request._answer(
                    200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token}
                )
            auth = request.headers.get("Authorization", "")
            if auth.removeprefix("Bearer ") not in self.tokens:
                return request._answer(401, {"error": {"code": "InvalidAuthenticationToken"}})
            if self.failures:
                status, retry = self.failures.pop(0)
                return request._answer(
                    status, {"error": {"code": "TooManyRequests"}}, {"Retry-After": str(retry)}
                )
            if path == "/v1.0/subscriptions" or path.startswith("/v1.0/subscriptions/"):
                return self._subscription(request, method, path, body)
            prefix = f"/v1.0/users/{USER}"
            if not path.startswith(prefix):
                return request._answer(404, {"error": {"code": "ResourceNotFound"}})
            rest = path[len(prefix) :]
            if rest == "/mailFolders/inbox/messages/delta":
                return self._delta(request, query)
            if rest.endswith("/$value") and rest.startswith("/messages/"):
                message_id = rest.split("/")[2]
                raw = self._find(message_id)
                if raw is None:
                    return request._answer(404, {"error": {"code": "ErrorItemNotFound"}})
                return request._answer(200, raw, ctype="message/rfc822")
            if rest == "/mailFolders" and method == "GET":
                return request._answer(
                    200,
                    {
                        "value": [
                            {"id": f"folder-{name}", "displayName": name} for name in self.folders
                        ]
                    },
                )
            if rest == "/mailFolders" and method == "POST":
                name = json.loads(body)["displayName"]
                self.folders.setdefault(name, {})
                return request._answer(201, {"id": f"folder-{name}", "displayName": name})
            if rest.endswith("/move") and rest.startswith("/messages/"):
                message_id = rest.split("/")[2]
                target = json.loads(body)["destinationId"].removeprefix("folder-")
                raw = self.inbox.pop(message_id, None)
                if raw is None or target not in self.folders:
                    return request._answer(404, {"error": {"code": "ErrorItemNotFound"}})
                new_id = f"{message_id}-moved"
                self.folders[target][new_id] = raw
                self.received[new_id] = self.received.pop(message_id)
                return request._answer(201, {"id": new_id})
            if rest.startswith("/mailFolders/") and rest.endswith("/messages"):
                folder_id = rest.split("/")[2]
                if folder_id == "sentitems":  # a well-known folder name stands for its id
                    folder_id = "folder-Sent Items"
                return self._folder_messages(request, folder_id, query)
            if rest.endswith("/permanentDelete") and rest.startswith("/messages/"):
                message_id = rest.split("/")[2]
                for messages in (self.inbox, *self.folders.values()):
                    if messages.pop(message_id, None) is not None:
                        self.purged.append(message_id)
                        return request._answer(204)
                return request._answer(404, {"error": {"code": "ErrorItemNotFound"}})
            if rest == "/sendMail" and method == "POST":
                if self.refuse_send:
                    error = {"code": "ErrorInvalidRecipients", "message": "invalid recipients"}
                    return request._answer(400, {"error": error})
                self.sent.append(base64.b64decode(body))
                copy = f"AAMk{next(self._ids):04d}"  # MIME sends always keep one
                self.folders["Sent Items"][copy] = self.sent[-1]
                self.received[copy] = self.clock()
                return request._answer(202)
            return request._answer(400, {"error": {"code": "BadRequest", "message": rest}})

    # ---- change notifications ---------------------------------------------------------

    def _through_proxy(self, url: str) -> str:
        parsed = urlparse(url)
        origin = f"{parsed.scheme}://{parsed.netloc}"
        local = self.proxy.get(origin)
        if local is None:
            raise httpx.ConnectError(f"{origin} cannot be reached")
        return f"{local}{parsed.path}" + (f"?{parsed.query}" if parsed.query else "")

    def _validate(self, url: str) -> bool:
        """The handshake: POST ?validationToken=..., answered 200 text/plain with the token
        (URL-decoded) within 10 seconds."""
        token = f"Validation: Testing client application reachability {secrets.token_hex(8)}"
        try:
            with httpx.Client(timeout=10) as client:
                answer = client.post(
                    self._through_proxy(url),
                    params={"validationToken": token},
                    headers={"Content-Type": "text/plain; charset=utf-8"},
                )
        except httpx.HTTPError:
            self.validations.append((url, 0))
            return False
        self.validations.append((url, answer.status_code))
        return (
            answer.status_code == 200
            and answer.headers.get("Content-Type", "").startswith("text/plain")
            and answer.text == token
        )

    def _expire_subscriptions(self) -> None:
        now = self.clock()
        for key, subscription in list(self.subscriptions.items()):
            if dt.datetime.fromisoformat(subscription["expirationDateTime"]) <= now:
                del self.subscriptions[key]

    def _expiry(self, request, value) -> str | None:
        try:
            asked = dt.datetime.fromisoformat(str(value))
        except ValueError:
            request._answer(400, {"error": {"code": "InvalidRequest", "message": "date"}})
            return None
        now = self.clock()
        if asked.tzinfo is None or not now < asked <= now + dt.timedelta(minutes=MAX_MINUTES):
            request._answer(
                400,
                {
                    "error": {
                        "code": "ExtensionError",
                        "message": "Subscription expiration can only be "
                        f"{MAX_MINUTES} minutes in the future.",
                    }
                },
            )
            return None
        return asked.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")

    def _subscription(self, request, method: str, path: str, body: bytes) -> None:
        self._expire_subscriptions()
        if path == "/v1.0/subscriptions" and method == "POST":
            asked = json.loads(body)
            problems = []
            if asked.get("changeType") not in ("created", "updated", "deleted", "created,updated"):
                problems.append("changeType")
            if asked.get("resource", "").lstrip("/") != RESOURCE:
                problems.append("resource")
            for key in ("notificationUrl", "lifecycleNotificationUrl"):
                if key in asked and not str(asked[key]).startswith("https://"):
                    problems.append(key)
            if "notificationUrl" not in asked:
                problems.append("notificationUrl")
            if len(str(asked.get("clientState", ""))) > 128:
                problems.append("clientState")
            if problems:
                error = {"code": "InvalidRequest", "message": ", ".join(problems)}
                return request._answer(400, {"error": error})
            expires = self._expiry(request, asked.get("expirationDateTime"))
            if expires is None:
                return None
            urls = dict.fromkeys([asked["notificationUrl"], asked.get("lifecycleNotificationUrl")])
            for url in urls:
                if url and not self._validate(url):
                    message = "Subscription validation request failed. Response must exactly "
                    message += "match validationToken query parameter."
                    return request._answer(
                        400, {"error": {"code": "ValidationError", "message": message}}
                    )
            subscription_id = str(uuid.uuid4())
            made = {
                "id": subscription_id,
                "resource": asked["resource"],
                "changeType": asked["changeType"],
                "notificationUrl": asked["notificationUrl"],
                "lifecycleNotificationUrl": asked.get("lifecycleNotificationUrl"),
                "expirationDateTime": expires,
                "clientState": asked.get("clientState"),
                "applicationId": "client-id",
            }
            self.subscriptions[subscription_id] = made
            return request._answer(201, made)
        subscription_id = path.removeprefix("/v1.0/subscriptions/")
        found = self.subscriptions.get(subscription_id)
        if found is None:
            error = {"code": "ResourceNotFound", "message": "The object was not found."}
            return request._answer(404, {"error": error})
        if method == "PATCH":
            expires = self._expiry(request, json.loads(body).get("expirationDateTime"))
            if expires is None:
                return None
            found["expirationDateTime"] = expires
            return request._answer(200, found)
        if method == "DELETE":
            del self.subscriptions[subscription_id]
            return request._answer(204)
        if method == "GET":
            return request._answer(200, found)
        return request._answer(405, {"error": {"code": "MethodNotAllowed"}})

    def _delta(self, request, query) -> None:
        token = (query.get("$deltatoken") or [None])[0]
        skip = int((query.get("$skiptoken") or ["0"])[0])
        if token is not None and token in self.expired_links:
            return request._answer(410, {"error": {"code": "SyncStateNotFound"}})
        seen = set(self._states.get(token, set())) if token else set()
        if skip and "$state" in query:
            seen = set(self._states.get(query["$state"][0], set()))
        new = [i for i in sorted(self.inbox) if i not in seen]
        page = new[skip : skip + PAGE]
        base = f"{self.base}/users/{USER}/mailFolders/inbox/messages/delta"
        state = token or "start"
        if "$select" in query:  # the links Graph returns carry the first query's $select
            self.select = set(query["$select"][0].split(","))
        answer: dict = {"value": [self._item(i, self.select) for i in page]}
        if skip + PAGE < len(new):
            answer["@odata.nextLink"] = f"{base}?$skiptoken={skip + PAGE}&$state={state}"
        else:
            done = f"d{len(self._states) + 1}"
            self._states[done] = seen | set(new)
            self._states.setdefault("start", set())
            answer["@odata.deltaLink"] = f"{base}?$deltatoken={done}"
        return request._answer(200, answer)

    def _find(self, message_id: str) -> bytes | None:
        for messages in (self.inbox, *self.folders.values()):
            if message_id in messages:
                return messages[message_id]
        return None

    def _folder_messages(self, request, folder_id: str, query) -> None:
        messages = self.folders.get(folder_id.removeprefix("folder-"))
        if messages is None:
            return request._answer(404, {"error": {"code": "ErrorItemNotFound"}})
        found = sorted(messages)
        condition = (query.get("$filter") or [""])[0]
        if condition:
            name, op, value = condition.split(" ", 2)
            if (name, op) != ("receivedDateTime", "lt"):
                return request._answer(400, {"error": {"code": "BadRequest"}})
            limit = dt.datetime.fromisoformat(value)
            found = [i for i in found if self.received[i] < limit]
        # server-driven paging: Graph may answer fewer than $top and link to the rest
        top = min(PAGE, int((query.get("$top") or ["10"])[0]))
        skip = int((query.get("$skip") or ["0"])[0])
        fields = set((query.get("$select") or ["id"])[0].split(","))
        answer: dict = {"value": [self._item(i, fields) for i in found[skip : skip + top]]}
        if skip + top < len(found):
            link = request.path.split("?")[0]
            answer["@odata.nextLink"] = (
                f"{self.url}{link}?$filter={quote(condition)}&$select={','.join(sorted(fields))}"
                f"&$top={top}&$skip={skip + top}"
            )
        return request._answer(200, answer)

    def _item(self, message_id: str, fields: set[str]) -> dict:
        item = {"id": message_id}
        if "receivedDateTime" in fields:  # as Graph writes it: UTC, seconds, a Z
            at = self.received.get(message_id, product_clock.now())
            item["receivedDateTime"] = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if "internetMessageId" in fields:
            raw = self._find(message_id) or b""
            header = email.message_from_bytes(raw).get("Message-ID")
            item["internetMessageId"] = str(header).strip() if header else None
        return item


class MsalRedirect:
    """MSAL's http_client: the real MSAL requests, carried to the local fake."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(timeout=10)

    def _to_fake(self, url: str) -> str:
        parsed = urlparse(url)
        return f"{self.url}{parsed.path}" + (f"?{parsed.query}" if parsed.query else "")

    def get(self, url, params=None, headers=None, **kwargs):
        return self.client.get(self._to_fake(url), params=params, headers=headers)

    def post(self, url, params=None, data=None, headers=None, **kwargs):
        return self.client.post(self._to_fake(url), params=params, data=data, headers=headers)

    def close(self):
        self.client.close()
