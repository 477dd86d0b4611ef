"""The console as a Microsoft Teams tab: the app package's tabs and webApplicationInfo, and
the tab's single sign-on. Tokens are signed here with a local RSA key, and the tenant's
signing keys (its JWKS) are served from 127.0.0.1 behind an OpenID metadata document, as
Microsoft Entra serves them; the console fetches them as it would from Entra."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from panelclerk.bot.teams_package import PackageError, manifest
from panelclerk.web.app import create_console
from panelclerk.web.security import CSP, FRAME_ANCESTORS
from panelclerk.web.settings import ConsoleSettings, OidcSettings

from .conftest import PINNED
from .httpfake import Handler, Server
from .web_support import (
    BM_OID,
    CHAIR_OID,
    OTHER_TENANT,
    SECRET,
    STRANGER_OID,
    TENANT,
    audit_entries,
    client,
    csrf_of,
    kept_message,
    referral,
)

CONSOLE = "https://console.fenmarsh.example"
CLIENT_ID = "0a1b2c3d-0000-4000-8000-00000000c0de"
RESOURCE = f"api://console.fenmarsh.example/{CLIENT_ID}"
BOT_ID = "12345678-1234-4234-8234-123456789abc"
V1_ISSUER = f"https://sts.windows.net/{TENANT}/"
V2_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"

TEAMS_DESKTOP = "1fec8e78-bce4-4aaf-ab1b-5451cc387264"
TEAMS_WEB = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346"
KEY = RSAKey.generate_key(2048, parameters={"kid": "tenant-key-1", "use": "sig"})
ROGUE = RSAKey.generate_key(2048, parameters={"kid": "tenant-key-1", "use": "sig"})
ROLLED = RSAKey.generate_key(2048, parameters={"kid": "tenant-key-2", "use": "sig"})


class KeysHandler(Handler):
    """Entra's metadata document and its key set, for the one key the tests sign with."""

    fetched: ClassVar[list[str]] = []
    keys: ClassVar[list[RSAKey]] = [KEY]
    failing: ClassVar[bool] = False  # Entra in an outage

    def do_GET(self) -> None:
        KeysHandler.fetched.append(self.path)
        if KeysHandler.failing:
            self.answer(503)
            return
        origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/.well-known/openid-configuration":
            self.answer(
                200,
                {
                    "issuer": V2_ISSUER,
                    "authorization_endpoint": f"{origin}/authorize",
                    "jwks_uri": f"{origin}/keys",
                },
            )
        elif self.path == "/keys":
            self.answer(200, {"keys": [k.as_dict(private=False) for k in KeysHandler.keys]})
        else:
            self.answer(404)


@pytest.fixture
def entra_keys() -> Iterator[Server]:
    KeysHandler.fetched = []
    KeysHandler.keys = [KEY]
    KeysHandler.failing = False
    server = Server(KeysHandler).start()
    yield server
    server.stop()


def teams_settings(issuer: str) -> ConsoleSettings:
    oidc = OidcSettings("entra", issuer, CLIENT_ID, "client-secret-not-secret", tenant=TENANT)
    return ConsoleSettings(secret=SECRET, host="0.0.0.0", public_url=CONSOLE, oidc=oidc)


# What a browser says of the console's own requests (a link followed, a form posted); a
# Teams session is used only by those (security.framed_may_use).
OWN = {"sec-fetch-site": "same-origin"}


def tab(app: Any, keys: Server) -> Any:
    from starlette.testclient import TestClient

    web = create_console(app, teams_settings(keys.origin))
    return TestClient(web, base_url=CONSOLE, headers=OWN)


def again(browser: Any) -> Any:
    """Another browser on the same console."""
    from starlette.testclient import TestClient

    return TestClient(browser.app, base_url=CONSOLE, headers=OWN)


def token(
    oid: str = BM_OID,
    *,
    tid: str = TENANT,
    iss: str = V1_ISSUER,
    aud: str = RESOURCE,
    expires: dt.timedelta = dt.timedelta(hours=1),
    key: RSAKey = KEY,
    **more: Any,
) -> str:
    """An access token as Entra issues it to Teams for the tab (its claims and header):
    asked for by the Teams desktop client, with the tab's SSO scope."""
    now = int(PINNED.timestamp())
    v1 = iss == V1_ISSUER
    claims = {
        "aud": aud,
        "iss": iss,
        "iat": now - 300,
        "nbf": now - 300,
        "exp": int((PINNED + expires).timestamp()),
        "tid": tid,
        "oid": oid,
        "scp": "access_as_user",
        "name": "Sam Patel",
        "ver": "1.0" if v1 else "2.0",
        "appid" if v1 else "azp": TEAMS_DESKTOP,
        **more,
    }
    header = {"alg": "RS256", "typ": "JWT", "kid": key.kid}
    return jwt.encode(header, claims, key)


def post_token(browser: Any, value: str, origin: str = CONSOLE) -> Any:
    return browser.post(
        "/teams/session",
        data={"token": value},
        headers={"origin": origin, "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )


# ---- the app package -------------------------------------------------------------------


def test_the_app_package_carries_the_console_as_personal_and_channel_tabs(config):
    table = config.console.model_copy(update={"public_url": CONSOLE, "client_id": CLIENT_ID})
    board = config.model_copy(update={"console": table})
    data = manifest(board, BOT_ID, "https://fenmarsh-lscb.example", "1.0.0")
    [personal] = data["staticTabs"]
    assert personal["scopes"] == ["personal"]
    assert personal["contentUrl"] == f"{CONSOLE}/teams/sign-in"
    assert personal["websiteUrl"] == f"{CONSOLE}/"
    [channel] = data["configurableTabs"]
    assert channel["configurationUrl"] == f"{CONSOLE}/teams/configure"
    assert channel["scopes"] == ["team"] and channel["context"] == ["channelTab"]
    assert data["webApplicationInfo"] == {"id": CLIENT_ID, "resource": RESOURCE}
    assert data["validDomains"] == ["console.fenmarsh.example"]
    assert data["bots"][0]["botId"] == BOT_ID  # the bot is still there
    # the resource the package names is the audience the console accepts
    assert teams_settings("https://login.example").teams_resource == RESOURCE

    without = manifest(config, BOT_ID, "https://fenmarsh-lscb.example", "1.0.0")
    assert "staticTabs" not in without and "configurableTabs" not in without
    wrong = config.model_copy(
        update={"console": table.model_copy(update={"client_id": "console-app"})}
    )
    with pytest.raises(PackageError, match=r"console\.client_id"):
        manifest(wrong, BOT_ID, "https://fenmarsh-lscb.example", "1.0.0")
    plain = config.model_copy(
        update={"console": table.model_copy(update={"public_url": "http://127.0.0.1:8080"})}
    )
    with pytest.raises(PackageError, match="https"):
        manifest(plain, BOT_ID, "https://fenmarsh-lscb.example", "1.0.0")


# ---- framing ---------------------------------------------------------------------------


def test_only_teams_and_microsoft_365_may_frame_the_console(sqlite_app, entra_keys):
    browser = tab(sqlite_app, entra_keys)
    for path in ("/sign-in", "/teams/sign-in", "/teams/configure", "/nowhere"):
        header = browser.get(path).headers["content-security-policy"]
        directives = dict(d.split(" ", 1) for d in header.split("; "))
        assert directives["frame-ancestors"] == (
            "teams.microsoft.com *.teams.microsoft.com *.office.com *.cloud.microsoft"
        ), path
        assert directives["script-src"] == "'self'"
    assert header == CSP and "'self'" not in FRAME_ANCESTORS


def test_the_sign_in_page_loads_teamsjs_from_the_console_with_no_inline_script(
    sqlite_app, entra_keys
):
    browser = tab(sqlite_app, entra_keys)
    page = browser.get("/teams/sign-in")
    assert page.status_code == 200
    scripts = [s.split(">", 1)[0] for s in page.text.split("<script")[1:]]
    assert scripts == [
        ' defer src="/static/teams-js/MicrosoftTeams.min.js"',
        ' defer src="/static/teams.js"',
    ]
    assert 'action="/teams/session"' in page.text and 'name="token"' in page.text
    library = browser.get("/static/teams-js/MicrosoftTeams.min.js")
    assert library.status_code == 200 and "getAuthToken" in library.text
    assert "sourceMappingURL" not in library.text
    script = browser.get("/static/teams.js").text
    assert "authentication.getAuthToken()" in script and "app.initialize()" in script
    configure = browser.get("/teams/configure")
    assert f'data-content-url="{CONSOLE}/teams/sign-in"' in configure.text
    # a session that ran out inside the tab: the provider's page cannot be framed
    framed = browser.get("/sign-in", headers={"sec-fetch-dest": "iframe"}, follow_redirects=False)
    assert framed.status_code == 303 and framed.headers["location"] == "/teams/sign-in"


# ---- signing in ------------------------------------------------------------------------


def test_a_board_persons_teams_token_signs_them_in_with_a_framed_cookie(sqlite_app, entra_keys):
    browser = tab(sqlite_app, entra_keys)
    done = post_token(browser, token(BM_OID))
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = done.headers["set-cookie"]
    assert cookie.startswith("__Host-panelclerk=")
    attributes = {a.strip() for a in cookie.split(";")[1:]}
    assert {"Path=/", "HttpOnly", "Secure", "SameSite=None", "Partitioned"} <= attributes
    assert "SameSite=Lax" not in cookie
    page = browser.get("/mail")
    assert page.status_code == 200 and "Sam Patel" in page.text
    [entry] = audit_entries(sqlite_app, "console_sign_in")
    assert entry.actor == "bm" and "teams" in str(entry.details)
    # a v2 token (the client id as audience, the v2 issuer) is as good
    chair = again(browser)
    v2 = token(CHAIR_OID, iss=V2_ISSUER, aud=CLIENT_ID)
    assert post_token(chair, v2).headers["location"] == "/"
    assert [e.actor for e in audit_entries(sqlite_app, "console_sign_in")] == ["bm", "chair"]
    # the keys were fetched once, through the metadata document, and kept
    assert KeysHandler.fetched == ["/.well-known/openid-configuration", "/keys"]
    # signing out inside the tab clears the partitioned cookie
    token_field = csrf_of(page.text)
    out = browser.post("/sign-out", data={"csrf_token": token_field}, follow_redirects=False)
    assert "Max-Age=0" in out.headers["set-cookie"] and "Partitioned" in out.headers["set-cookie"]


def test_another_sites_request_riding_the_teams_session_is_signed_out(sqlite_app, entra_keys):
    """Another app's tab in the same Teams window loads console pages (`<img src=...>`): the
    partitioned cookie goes with them, but the session is not used for them, nothing is
    shown or audited, and the person's session goes on in the tab."""
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)
    browser = tab(sqlite_app, entra_keys)
    assert post_token(browser, token(BM_OID)).status_code == 303
    probe = {"sec-fetch-site": "cross-site", "sec-fetch-dest": "image", "sec-fetch-mode": "no-cors"}
    for path in (f"/referrals/{reference}", f"/mail/{number}", "/pipeline"):
        for headers in (probe, {"sec-fetch-site": "same-site"}):
            seen = browser.get(path, headers=headers, follow_redirects=False)
            assert seen.status_code == 303, (path, headers)
            assert seen.headers["location"] == "/teams/sign-in"
            assert "set-cookie" not in seen.headers  # not another site's to clear
            assert reference not in seen.text and "Sam Patel" not in seen.text
    # a client that does not say where a request comes from does not use a Teams session
    bare = browser.get(f"/referrals/{reference}", headers={"sec-fetch-site": ""})
    assert "Sam Patel" not in bare.text
    assert audit_entries(sqlite_app, "view_referral") == []
    assert audit_entries(sqlite_app, "read_kept") == []
    # another site's post is refused (its form token is not the session's either)
    posted = browser.post("/sign-out", data={"csrf_token": "x"}, headers=probe)
    assert posted.status_code == 403
    assert audit_entries(sqlite_app, "console_sign_out") == []
    # Teams loading the tab again (cross-site): the page goes on by a navigation of its own
    opened = browser.get("/teams/sign-in", headers=probe | {"sec-fetch-dest": "iframe"})
    assert opened.status_code == 200 and 'id="teams-go-on" href="/"' in opened.text
    assert 'name="token"' not in opened.text
    # the tab's own requests still use the session
    page = browser.get(f"/referrals/{reference}")
    assert page.status_code == 200 and "Sam Patel" in page.text
    assert [e.actor for e in audit_entries(sqlite_app, "view_referral")] == ["bm"]
    assert browser.get("/teams/sign-in", follow_redirects=False).headers["location"] == "/"


def test_a_browser_sign_in_keeps_its_lax_cookie(sqlite_app, entra_keys):
    browser = tab(sqlite_app, entra_keys)
    started = browser.get("/sign-in/start", follow_redirects=False)
    cookie = started.headers["set-cookie"]
    assert "SameSite=Lax" in cookie and "Secure" in cookie and "Partitioned" not in cookie


@pytest.mark.parametrize(
    ("case", "value", "words"),
    [
        ("expired", lambda: token(expires=-dt.timedelta(minutes=10)), "had expired"),
        ("not yet valid", lambda: token(nbf=int(PINNED.timestamp()) + 3600), "had expired"),
        ("wrong audience", lambda: token(aud="api://elsewhere.example/other"), "another app"),
        ("bad signature", lambda: token(key=ROGUE), "could not verify"),
        ("not a token", lambda: "not.a.token", "could not verify"),
        ("empty", lambda: "", "could not verify"),
    ],
)
def test_a_token_that_does_not_prove_who_signs_in_is_refused_in_words(
    sqlite_app, entra_keys, case, value, words
):
    browser = tab(sqlite_app, entra_keys)
    refused = post_token(browser, value())
    assert refused.status_code in (400, 403), case
    assert "Teams could not sign you in to the console" in refused.text
    assert words in refused.text, case
    assert "set-cookie" not in refused.headers or "Max-Age=0" in refused.headers["set-cookie"]
    assert browser.get("/pipeline", follow_redirects=False).status_code == 303
    assert audit_entries(sqlite_app, "console_sign_in") == []


@pytest.mark.parametrize(
    ("case", "value"),
    [
        ("no scope", lambda: token(scp=None)),
        ("another scope", lambda: token(scp="User.Read Mail.Read")),
        ("a scope merely containing it", lambda: token(scp="not_access_as_user")),
        ("another client (v1)", lambda: token(appid="04b07795-8ddb-461a-bbee-02f9e1bf7b46")),
        ("no client (v1)", lambda: token(appid=None)),
        ("the v2 client in a v1 token", lambda: token(appid=None, azp=TEAMS_DESKTOP)),
        (
            "another client (v2)",
            lambda: token(iss=V2_ISSUER, aud=CLIENT_ID, azp="04b07795-8ddb-461a-bbee-02f9e1bf7b46"),
        ),
        ("an application's token", lambda: token(idtyp="app")),
    ],
)
def test_a_token_teams_did_not_ask_for_the_person_is_refused(sqlite_app, entra_keys, case, value):
    browser = tab(sqlite_app, entra_keys)
    refused = post_token(browser, value())
    assert refused.status_code == 403, case
    assert "asked for on your behalf" in refused.text, case
    assert browser.get("/pipeline", follow_redirects=False).status_code == 303
    assert audit_entries(sqlite_app, "console_sign_in") == []


def test_tokens_from_teams_desktop_mobile_and_web_are_accepted(sqlite_app, entra_keys):
    browser = tab(sqlite_app, entra_keys)
    assert post_token(browser, token(appid=TEAMS_WEB)).status_code == 303
    web_v2 = token(CHAIR_OID, iss=V2_ISSUER, aud=CLIENT_ID, azp=TEAMS_WEB)
    assert post_token(again(browser), web_v2).status_code == 303
    scopes = token(scp="User.Read access_as_user")
    assert post_token(again(browser), scopes).status_code == 303
    assert len(audit_entries(sqlite_app, "console_sign_in")) == 3


def test_a_token_expires_in_real_time_under_a_fixed_moment(sqlite_app, entra_keys, monkeypatch):
    """A trial fixes the product's moment (PANELCLERK_NOW); a token's hour still runs out:
    its expiry is checked against the running clock (the moment plus the time since)."""
    from panelclerk import clock as product_clock

    browser = tab(sqlite_app, entra_keys)
    issued = token(BM_OID)  # in date for an hour from the fixed moment
    assert post_token(browser, issued).status_code == 303
    two_hours_on = product_clock._since - 2 * 3600  # as if fixed two hours ago
    monkeypatch.setattr(product_clock, "_since", two_hours_on)
    assert product_clock.now() == PINNED  # the fixed moment has not moved
    refused = post_token(again(browser), issued)
    assert refused.status_code == 403 and "had expired" in refused.text
    assert len(audit_entries(sqlite_app, "console_sign_in")) == 1


def test_an_outage_at_microsoft_is_asked_about_once_a_minute(sqlite_app, entra_keys, clock):
    """Every post during an outage does not start requests to Microsoft: one attempt a
    minute, whether it worked or not."""
    KeysHandler.failing = True
    browser = tab(sqlite_app, entra_keys)
    for _ in range(5):
        refused = post_token(again(browser), token(BM_OID))
        assert refused.status_code == 503 and "could not reach Microsoft" in refused.text
    assert KeysHandler.fetched == ["/.well-known/openid-configuration"]
    KeysHandler.failing = False
    assert post_token(browser, token(BM_OID)).status_code == 503  # not a minute yet
    clock.now += dt.timedelta(minutes=1)
    assert post_token(browser, token(BM_OID)).status_code == 303
    assert KeysHandler.fetched.count("/keys") == 1
    # the keys fetched, then another outage: a token naming an unknown key asks again at
    # most once a minute, and the keys already held go on serving
    KeysHandler.failing = True
    clock.now += dt.timedelta(minutes=5)
    for _ in range(5):
        post_token(again(browser), token(CHAIR_OID, key=ROLLED))
    assert post_token(again(browser), token(CHAIR_OID)).status_code == 303
    assert KeysHandler.fetched.count("/.well-known/openid-configuration") == 3


def test_concurrent_fetches_of_the_keys_are_one_attempt():
    import asyncio

    from panelclerk.web.signin import TeamsKeys, TeamsRefusal

    attempts: list[str] = []

    async def failing(url: str) -> Any:
        attempts.append(url)
        await asyncio.sleep(0.01)
        raise OSError("Microsoft is down")

    keys = TeamsKeys("https://login.example/.well-known/openid-configuration", failing)

    async def five() -> list[Any]:
        return await asyncio.gather(*(keys.key_set() for _ in range(5)), return_exceptions=True)

    results = asyncio.run(five())
    assert all(isinstance(r, TeamsRefusal) and r.status_code == 503 for r in results)
    assert len(attempts) == 1


@pytest.mark.parametrize(
    ("case", "value"),
    [
        ("not on the board", lambda: token(STRANGER_OID)),
        (
            "another tenant",
            lambda: token(tid=OTHER_TENANT, iss=f"https://sts.windows.net/{OTHER_TENANT}/"),
        ),
        ("another tenant's issuer", lambda: token(iss=f"https://sts.windows.net/{OTHER_TENANT}/")),
        ("another tenant's tid", lambda: token(tid=OTHER_TENANT)),
    ],
)
def test_someone_not_on_the_board_sees_the_refusal(sqlite_app, entra_keys, case, value):
    browser = tab(sqlite_app, entra_keys)
    refused = post_token(browser, value())
    assert refused.status_code == 403, case
    assert "You cannot use this console" in refused.text
    assert "Sam Patel" not in refused.text
    assert browser.get("/pipeline", follow_redirects=False).status_code == 303
    assert audit_entries(sqlite_app, "console_sign_in") == []


def test_a_token_posted_from_another_site_is_refused(sqlite_app, entra_keys):
    browser = tab(sqlite_app, entra_keys)
    for origin in ("https://attacker.example", ""):
        refused = post_token(browser, token(BM_OID), origin=origin)
        assert refused.status_code == 403 and "nothing was done" in refused.text
    cross = browser.post(
        "/teams/session",
        data={"token": token(BM_OID)},
        headers={"origin": CONSOLE, "sec-fetch-site": "cross-site"},
    )
    assert cross.status_code == 403
    assert audit_entries(sqlite_app, "console_sign_in") == []


def test_a_rolled_signing_key_is_fetched_once_it_is_used(sqlite_app, entra_keys, clock):
    """Microsoft rolls its keys: a token naming a key the console has not seen makes it
    fetch the keys again, but not more than once a minute (a flood of made-up key ids
    does not become a flood of requests to Microsoft)."""
    browser = tab(sqlite_app, entra_keys)
    assert post_token(browser, token(BM_OID)).status_code == 303
    KeysHandler.keys = [KEY, ROLLED]
    early = post_token(again(browser), token(CHAIR_OID, key=ROLLED))
    assert early.status_code == 403 and "could not verify" in early.text
    assert KeysHandler.fetched.count("/keys") == 1
    clock.now += dt.timedelta(minutes=2)
    later = post_token(again(browser), token(CHAIR_OID, key=ROLLED))
    assert later.status_code == 303 and KeysHandler.fetched.count("/keys") == 2


def test_unreachable_signing_keys_are_said_so(sqlite_app, entra_keys):
    browser = tab(sqlite_app, entra_keys)
    entra_keys.stop()
    refused = post_token(browser, token(BM_OID))
    assert refused.status_code == 503 and "could not reach Microsoft" in refused.text


def test_the_teams_pages_are_not_there_without_microsoft_entra(sqlite_app):
    from .web_support import demo_client

    browser = demo_client(sqlite_app)
    assert browser.get("/teams/sign-in").status_code == 404
    assert client(browser.app).get("/teams/configure").status_code == 404
