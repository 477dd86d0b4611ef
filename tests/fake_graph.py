"""A small fake of Microsoft's identity platform and Graph mail API on 127.0.0.1, answering
as the documentation describes: OpenID configuration and client-credentials tokens; the
inbox's delta query paged by @odata.nextLink and ended by @odata.deltaLink (410 Gone when a
delta link has expired); $value for MIME; mail folders; move (the new id keeps the
receivedDateTime); a folder's messages filtered by `receivedDateTime lt`, paged by $skip;
permanentDelete; sendMail with base64 MIME, a copy kept in Sent Items.
It can answer 429 with Retry-After and expire every token it issued."""

from __future__ import annotations

import base64
import datetime as dt
import email
import itertools
import json
import threading
from urllib.parse import parse_qs, quote, unquote, urlparse

import httpx

from panelclerk import clock as product_clock

from . import httpfake

TENANT = "fenmarsh-tenant"
USER = "scr.subgroup@fenmarsh-lscb.example"
PAGE = 2


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
        self.lock = threading.Lock()
        fake = self

        class Handler(httpfake.Handler):
            def _answer(self, status, body=None, headers=None, ctype="application/json"):
                self.answer(status, body, headers, ctype)

            def do_GET(self):
                fake.handle(self, "GET", b"")

            def do_POST(self):
                fake.handle(self, "POST", self.body())

        self.http = httpfake.Server(Handler).start()
        self.url = self.http.origin
        self.base = f"{self.url}/v1.0"

    def stop(self) -> None:
        self.http.stop()

    # ---- test controls ----------------------------------------------------------------

    def deliver(
        self, raw: bytes, received: dt.datetime | None = None, folder: str | None = None
    ) -> str:
        with self.lock:
            message_id = f"AAMk{next(self._ids):04d}"
            messages = self.folders.setdefault(folder, {}) if folder else self.inbox
            messages[message_id] = raw
            self.received[message_id] = received or product_clock.now()
            return message_id

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
