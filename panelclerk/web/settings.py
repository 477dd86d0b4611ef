"""How the console is served: where it listens, how people sign in, how long a session lasts.

Secrets never go in the board file: the cookie key comes from PANELCLERK_CONSOLE_SECRET and
the identity provider's client secret from PANELCLERK_OIDC_CLIENT_SECRET (or either's
`_FILE`), as every other secret of the product does.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from ..secrets import secret

# the names of environment variables, not secrets
SECRET_ENV = "PANELCLERK_CONSOLE_SECRET"  # noqa: S105  # nosec B105
CLIENT_SECRET_ENV = "PANELCLERK_OIDC_CLIENT_SECRET"  # noqa: S105  # nosec B105
SLACK_ISSUER = "https://slack.com"


class ConsoleSettingError(ValueError):
    """A console setting that cannot be used, said with what to do instead."""


def secret_from_env(name: str) -> str | None:
    """NAME's value, the file NAME_FILE names (a mounted secret), or the systemd credential
    NAME (`panelclerk.secrets`)."""
    return secret(name)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class OidcSettings:
    """The board's identity provider: Microsoft Entra ID (the board's tenant only) or Sign
    in with Slack (the board's workspace only)."""

    kind: Literal["entra", "slack"]
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    tenant: str | None = None  # Entra: the `tid` every sign-in must carry
    slack_team: str | None = None  # Slack: the workspace id every sign-in must carry

    def __post_init__(self) -> None:
        if self.kind == "slack" and not self.slack_team:
            raise ConsoleSettingError(
                "console sign-in with Slack needs the board's workspace id "
                "(console.slack_team): only the board's own workspace may sign in"
            )
        if self.kind == "entra" and not self.tenant:
            raise ConsoleSettingError(
                "console sign-in with Microsoft Entra ID needs the board's tenant id "
                "(chat.teams_tenant): only the board's own tenant may sign in"
            )
        if not self.client_id or not self.client_secret:
            raise ConsoleSettingError(
                f"console sign-in needs the app's client id and {CLIENT_SECRET_ENV}"
            )

    @classmethod
    def entra(cls, tenant: str, client_id: str, client_secret: str) -> OidcSettings:
        issuer = f"https://login.microsoftonline.com/{tenant}/v2.0"
        return cls("entra", issuer, client_id, client_secret, tenant=tenant)

    @classmethod
    def slack(cls, team: str, client_id: str, client_secret: str) -> OidcSettings:
        return cls("slack", SLACK_ISSUER, client_id, client_secret, slack_team=team)

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def title(self) -> str:
        return "Microsoft" if self.kind == "entra" else "Slack"


@dataclass(frozen=True)
class ConsoleSettings:
    secret: bytes = field(repr=False)  # signs the session cookie (it holds only an id)
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str | None = None  # https://console.board.example: the sign-in return
    demo: bool = False  # the demo sign-in page: the embedded demo board on loopback only
    oidc: OidcSettings | None = None
    idle_timeout: dt.timedelta = dt.timedelta(minutes=30)
    lifetime: dt.timedelta = dt.timedelta(hours=12)
    max_sessions: int = 5000

    def __post_init__(self) -> None:
        if len(self.secret) < 32:
            raise ConsoleSettingError(
                f"the console's cookie key ({SECRET_ENV}) must be at least 32 bytes"
            )
        if self.public_url is None and not self.loopback:
            raise ConsoleSettingError(
                f"a console listening on {self.host} is reached from other machines: give its "
                "public_url (https://...), the address people and the identity provider use"
            )
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("https", "http") or not parts.hostname:
                raise ConsoleSettingError(
                    f"console public_url must be https://host, got {self.public_url!r}"
                )
            if parts.scheme == "http" and not is_loopback(parts.hostname):
                raise ConsoleSettingError(
                    "console public_url must be https unless it is on this machine (loopback)"
                )

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def secure_cookie(self) -> bool:
        """Secure unless the console is on loopback over plain http (the demo)."""
        if self.public_url is not None:
            return urlsplit(self.public_url).scheme == "https"
        return not self.loopback

    @property
    def origin(self) -> str | None:
        """The console's public origin (scheme://host[:port]), which a Teams tab's sign-in
        must come from; None on a loopback console without a public_url."""
        if self.public_url is None:
            return None
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    @property
    def teams_resource(self) -> str | None:
        """The console's Application ID URI, `api://<host>/<client id>`: the resource a Teams
        tab asks Microsoft Entra for (the app package's webApplicationInfo names the same)."""
        if self.public_url is None or self.oidc is None or self.oidc.kind != "entra":
            return None
        return f"api://{urlsplit(self.public_url).hostname}/{self.oidc.client_id}"

    @property
    def allowed_hosts(self) -> list[str]:
        """Host headers answered: a page reached under another name (DNS rebinding onto a
        loopback console) is refused."""
        hosts = {self.host}
        if self.loopback:
            hosts |= {"127.0.0.1", "localhost", "[::1]"}
        if self.public_url is not None:
            hosts.add(urlsplit(self.public_url).hostname or self.host)
        return sorted(hosts)


def from_board(config: Any, port: int) -> ConsoleSettings:
    """The console's settings from the board file's [console] table and the environment's
    secrets, for `panelclerk serve --console-port`."""
    table = config.console
    secret = secret_from_env(SECRET_ENV)
    if not secret:
        raise ConsoleSettingError(
            f"the console needs a cookie key of at least 32 bytes in {SECRET_ENV} (or a file "
            f"named by {SECRET_ENV}_FILE): make one with `openssl rand -hex 32`"
        )
    client_secret = secret_from_env(CLIENT_SECRET_ENV) or ""
    if table.sign_in == "entra":
        oidc = OidcSettings.entra(config.chat.teams_tenant or "", table.client_id, client_secret)
    else:
        oidc = OidcSettings.slack(table.slack_team, table.client_id, client_secret)
    return ConsoleSettings(
        secret=secret.encode(), host=table.host, port=port, public_url=table.public_url, oidc=oidc
    )
