"""A small fake of the Bot Framework's side of Teams on https://127.0.0.1, answering as the
Bot Connector REST API is documented (v3/conversations: create, send, reply, update), with
an AD FS-style token endpoint for the bot's own client-credentials sign-in (MSAL treats an
/adfs authority as one it need not look up with Microsoft), and the signing keys Teams uses
for the JWTs on incoming activities. Calls without a token it issued are refused with 401;
it can answer 429 with Retry-After."""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from . import httpfake

APP_ID = "6f1c2d3e-0000-4000-8000-00000000a990"
APP_SECRET = "test-bot-secret"
TENANT = "1b2c3d4e-0000-4000-8000-0000000000f1"
ISSUER = "https://api.botframework.com"
KID = "test-signing-key"


class FakeConnector:
    def __init__(self, cert: Path, key: Path) -> None:
        self.calls: list[tuple[str, str, dict]] = []
        self.failures: list[tuple[int, int]] = []
        self.tokens: set[str] = set()
        self.token_requests = 0
        self._ids = itertools.count(1)
        self.lock = threading.Lock()
        self.signer = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        fake = self

        class Handler(httpfake.Handler):
            def _answer(self, status: int, body: dict | None = None, headers: dict | None = None):
                self.answer(status, body, headers)

            def do_GET(self):
                fake.handle(self, "GET", b"")

            def do_POST(self):
                fake.handle(self, "POST", self.body())

            def do_PUT(self):
                fake.handle(self, "PUT", self.body())

        self.http = httpfake.Server(Handler, tls=(cert, key))
        self.url = self.http.origin

    def start(self) -> FakeConnector:
        self.http.start()
        return self

    def stop(self) -> None:
        self.http.stop()

    # ---- what tests use ------------------------------------------------------------------

    @property
    def service_url(self) -> str:
        return f"{self.url}/teams/"

    @property
    def authority(self) -> str:
        return f"{self.url}/adfs"

    def fail_next(self, status: int, retry_after: int = 1, count: int = 1) -> None:
        with self.lock:
            self.failures += [(status, retry_after)] * count

    def made(self, method: str, contains: str = "") -> list[dict]:
        with self.lock:
            return [body for m, path, body in self.calls if m == method and contains in path]

    def paths(self) -> list[str]:
        with self.lock:
            return [f"{m} {path}" for m, path, _ in self.calls]

    def sign(
        self,
        activity: dict,
        *,
        audience: str = APP_ID,
        issuer: str = ISSUER,
        service_url: str | None = None,
        expires_in: int = 3600,
    ) -> str:
        """The JWT Teams puts on an incoming activity, signed by this fake's key."""
        now = int(time.time())
        claims = {
            "iss": issuer,
            "aud": audience,
            "serviceurl": service_url or activity.get("serviceUrl") or self.service_url,
            "nbf": now - 10,
            "iat": now - 10,
            "exp": now + expires_in,
        }
        return jwt.encode(claims, self.signer, algorithm="RS256", headers={"kid": KID})

    # ---- the protocol --------------------------------------------------------------------

    def _jwks(self) -> dict:
        numbers = self.signer.public_key().public_numbers()

        def b64(value: int) -> str:
            raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        return {
            "keys": [
                {
                    "kty": "RSA",
                    "use": "sig",
                    "kid": KID,
                    "alg": "RS256",
                    "n": b64(numbers.n),
                    "e": b64(numbers.e),
                    "endorsements": ["msteams"],
                }
            ]
        }

    def handle(self, request, method: str, body: bytes) -> None:
        path = unquote(urlparse(request.path).path)
        if path == "/keys":
            return request._answer(200, self._jwks())
        if path == "/adfs/.well-known/openid-configuration":
            return request._answer(
                200,
                {
                    "issuer": f"{self.url}/adfs",
                    "token_endpoint": f"{self.url}/adfs/oauth2/token/",
                    "authorization_endpoint": f"{self.url}/adfs/oauth2/authorize/",
                },
            )
        if path.rstrip("/") == "/adfs/oauth2/token" and method == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form.get("client_id") != APP_ID or form.get("client_secret") != APP_SECRET:
                return request._answer(401, {"error": "invalid_client"})
            token = f"bot-token-{next(self._ids)}"
            with self.lock:
                self.tokens.add(token)
                self.token_requests += 1
            return request._answer(
                200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
            )
        if not path.startswith("/teams/v3/conversations"):
            return request._answer(404, {"error": {"code": "NotFound"}})
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in self.tokens:
            return request._answer(401, {"error": {"code": "Unauthorized"}})
        with self.lock:
            failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
            status, retry_after = failure
            return request._answer(
                status, {"error": {"code": "Throttled"}}, {"Retry-After": str(retry_after)}
            )
        payload = json.loads(body or b"{}")
        rest = path.removeprefix("/teams/v3/conversations").strip("/")
        with self.lock:
            self.calls.append((method, rest, payload))
        new_id = str(next(self._ids))
        if not rest and method == "POST":  # create a conversation
            if payload.get("isGroup"):
                channel = payload["channelData"]["channel"]["id"]
                return request._answer(
                    201, {"id": f"{channel};messageid={new_id}", "activityId": new_id}
                )
            # Teams keeps one personal chat per user and bot: the same id every time.
            member = payload["members"][0]
            user = member.get("aadObjectId") or member["id"].removeprefix("29:")
            return request._answer(201, {"id": f"a:personal-{user}"})
        if method == "PUT":
            return request._answer(200, {"id": rest.rsplit("/", 1)[-1]})
        return request._answer(200, {"id": new_id})
