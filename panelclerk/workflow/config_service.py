"""How the board's service runs, in the board configuration: the mailbox (its backend, its
sender authentication, its limits), retention, chat and the web console."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .config_base import AadObjectId, Limit, _KeyError, _Strict
from .durations import Duration

_AUTHSERV_ID = re.compile(r'^[^\s()<>@,;:\\"/\[\]?=]+$')


class MailboxSettings(_Strict):
    """Where the secure mailbox is and how we reach it. Secrets are never here: only the
    names of the environment variables that hold them."""

    backend: Literal["maildir", "imap", "graph", "ews"] = "maildir"
    maildir: str = "var/mailbox"
    outbox_dir: str = "var/outbox"  # the Maildir backend "sends" by writing .eml files here
    imap_host: str = "127.0.0.1"
    imap_port: int = Field(default=993, ge=1, le=65535)
    imap_security: Literal["tls", "starttls", "plain"] = "tls"
    imap_user: str = ""
    imap_password_env: str = "PANELCLERK_IMAP_PASSWORD"  # noqa: S105 - a variable's name
    imap_folder: str = "INBOX"
    processed_folder: str = "Processed"
    quarantine_folder: str = "Quarantine"
    idle_seconds: int = Field(default=300, ge=10, le=1740)  # RFC 2177: re-issue before 29 min
    poll_seconds: int = Field(default=60, ge=5)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["tls", "starttls", "plain"] = "starttls"
    smtp_user: str = ""
    smtp_password_env: str = "PANELCLERK_SMTP_PASSWORD"  # noqa: S105 - a variable's name
    # Sender authentication: the authserv-id our receiving mail server writes at the start of
    # its Authentication-Results (RFC 8601), whose topmost instance alone is read; or, for a
    # server that itself refuses unauthenticated mail and stamps nothing, an explicit
    # trust_mta_without_authentication = true (check-config warns about it). One is required.
    authserv_id: str | None = None
    trust_mta_without_authentication: bool = False
    # Exchange Online through Microsoft Graph (app-only; see the README for the app's setup)
    graph_tenant: str = ""
    graph_client_id: str = ""
    graph_user: str = ""  # the board's mailbox (user principal name)
    graph_secret_env: str = "PANELCLERK_GRAPH_CLIENT_SECRET"  # noqa: S105 - a variable's name
    graph_certificate_env: str = "PANELCLERK_GRAPH_CERTIFICATE"  # PEM file; thumbprint beside
    graph_base_url: str = "https://graph.microsoft.com/v1.0"  # national clouds differ
    graph_authority: str = "https://login.microsoftonline.com"
    # Push for Exchange Online: the public https address, behind the board's proxy like the
    # Slack and Teams endpoints, where Graph posts change notifications about the inbox, passed
    # on to `serve --graph-port`; new mail is then read within seconds. Empty: polled only.
    graph_notification_url: str = ""
    # Exchange Server on premises through EWS (see the README): an explicit server URL,
    # autodiscover only when asked for
    ews_url: str = ""  # https://mail.example.gov.uk/EWS/Exchange.asmx
    ews_mailbox: str = ""  # the board mailbox's primary SMTP address
    ews_user: str = ""  # DOMAIN\\user or user@domain, for NTLM or Basic
    ews_auth: Literal["ntlm", "basic", "oauth"] = "ntlm"
    ews_password_env: str = "PANELCLERK_EWS_PASSWORD"  # noqa: S105 - a variable's name
    ews_version: Literal["", "2013", "2016", "2019"] = ""  # "" asks the server
    ews_autodiscover: bool = False
    ews_streaming: bool = False  # streaming notifications wake the monitor; sync stays
    ews_client_id: str = ""  # oauth (hybrid modern auth): the app registration
    ews_tenant: str = ""
    ews_secret_env: str = "PANELCLERK_EWS_CLIENT_SECRET"  # noqa: S105 - a variable's name
    max_message_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_attachment_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # wall-clock budget for reading one message's documents (PDF, Word, Outlook)
    read_seconds: float = Field(default=20.0, gt=0, le=600)
    # Go-live: mail that reached the server before this day (the board's time) is left where
    # it is, never read, answered or moved: a mailbox with years of referrals in its inbox
    # must not have every sender acknowledged again.
    start_from: dt.date | None = None

    @model_validator(mode="after")
    def _safe(self) -> MailboxSettings:
        local = self.imap_host in ("127.0.0.1", "::1", "localhost")
        if self.backend == "imap" and self.imap_security == "plain" and not local:
            raise _KeyError("imap_security", "plain login is allowed only to 127.0.0.1")
        if self.backend == "ews":
            if not self.ews_mailbox:
                raise _KeyError("ews_mailbox", "the EWS backend needs the board mailbox's address")
            if not self.ews_autodiscover and not self.ews_url.startswith(("https://", "http://")):
                raise _KeyError(
                    "ews_url",
                    "the EWS backend needs the server's URL, like "
                    "https://mail.example.gov.uk/EWS/Exchange.asmx (or ews_autodiscover = true)",
                )
            if self.ews_auth == "basic" and not self.ews_url.startswith("https://"):
                raise _KeyError("ews_auth", "Basic authentication is allowed only over https")
        smtp_local = self.smtp_host in ("127.0.0.1", "::1", "localhost")
        if self.backend == "imap" and self.smtp_security == "plain" and not smtp_local:
            raise _KeyError("smtp_security", "plain SMTP is allowed only to 127.0.0.1")
        if self.backend == "graph" and not (
            self.graph_tenant and self.graph_client_id and self.graph_user
        ):
            raise _KeyError(
                "graph_tenant",
                "Graph needs graph_tenant, graph_client_id and graph_user (the board's mailbox)",
            )
        if self.graph_notification_url and self.backend != "graph":
            raise _KeyError(
                "graph_notification_url",
                f"change notifications come from Microsoft Graph; this mailbox's backend is "
                f"{self.backend}",
            )
        if self.graph_notification_url and not self.graph_notification_url.startswith("https://"):
            raise _KeyError(
                "graph_notification_url",
                "Graph posts change notifications only to an https address, like "
                "https://panelclerk.example.gov.uk/graph/notifications",
            )
        if self.authserv_id and not _AUTHSERV_ID.match(self.authserv_id):
            raise _KeyError(
                "authserv_id",
                "expected the receiving server's authserv-id as it appears before the first "
                "';' of its Authentication-Results, like \"mx.example.gov.uk\"; "
                f"got {self.authserv_id!r}",
            )
        if not self.authserv_id and not self.trust_mta_without_authentication:
            raise _KeyError(
                "authserv_id",
                "every mailbox backend needs the authserv-id of the board's receiving mail "
                "server, so that only its Authentication-Results are trusted: set "
                "mailbox.authserv_id = \"mx.example.gov.uk\" (the name before the first ';' "
                "of the Authentication-Results your server adds). Or, only if that server "
                "itself rejects mail failing DMARC and strips Authentication-Results before "
                "delivery, set mailbox.trust_mta_without_authentication = true",
            )
        if self.authserv_id and self.trust_mta_without_authentication:
            raise _KeyError(
                "trust_mta_without_authentication",
                "authserv_id is set, so the server's Authentication-Results are checked; "
                "remove one of the two",
            )
        return self


class Retention(_Strict):
    """How long what the board holds is kept (UK GDPR Article 5(1)(e)). Closed cases are
    anonymised, not deleted: the reference, dates, states and the kind of decision remain for
    the board's statistics; the audit log holds no names and is kept whole so that its chain
    still verifies."""

    closed_referrals: Limit = Duration(84, "months")  # names, forms, précis, documents
    quarantined_messages: Limit = Duration(6, "months")  # never-released mail: raw content
    processed_messages: Limit = Duration(24, "months")  # raw MIME of applied mail


class ChatSettings(_Strict):
    """Which chat platforms the board uses, and where the sub-group's threads live.
    Tokens are never here: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN."""

    platforms: tuple[Literal["console", "slack", "teams"], ...] = ("console",)
    route_to: Literal["dm", "channel"] = "dm"  # where new referrals go to the Chair
    slack_channel: str | None = None  # the private sub-group channel's id
    # Teams: "bot" is two-way (the Agents SDK); "webhook" only posts cards through a Teams
    # Workflows webhook (TEAMS_WEBHOOK_URL) for a board that cannot register a bot.
    teams_mode: Literal["bot", "webhook"] = "bot"
    teams_channel: str | None = None  # the sub-group channel's id, 19:...@thread.tacv2
    teams_tenant: AadObjectId | None = None  # the board's Microsoft Entra tenant id
    # Where proactive messages start before Teams has told us a conversation's own service
    # URL; outbound calls go only to Microsoft's Bot Connector hosts plus these.
    teams_service_url: str = "https://smba.trafficmanager.net/teams/"
    teams_service_hosts: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _channel(self) -> ChatSettings:
        if "slack" in self.platforms and not self.slack_channel:
            raise _KeyError("slack_channel", "Slack needs the private sub-group channel's id")
        if "teams" in self.platforms and self.teams_mode == "bot":
            if not self.teams_channel or not self.teams_channel.startswith("19:"):
                raise _KeyError(
                    "teams_channel",
                    "the Teams bot needs the sub-group channel's id, like "
                    "19:abc...@thread.tacv2 (Get link to channel, then the part after /channel/)",
                )
            if not self.teams_tenant:
                raise _KeyError("teams_tenant", "the Teams bot needs the board's tenant id")
        return self


class ConsoleSettings(_Strict):
    """Where the board's console is and how its people sign in. The secrets (the cookie key,
    the identity provider's client secret) come from the environment, never this file."""

    # the address people and the identity provider use (https behind the board's proxy);
    # every email and chat notice that asks a person to act links to a page under it
    public_url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/[^\s]*)?$")] | None = None
    host: str = "127.0.0.1"  # where it listens; the proxy in front of it serves public_url
    sign_in: Literal["entra", "slack"] = "entra"  # Entra: the tenant is chat.teams_tenant
    client_id: str = ""  # the identity provider's app (client) id
    slack_team: str = ""  # Sign in with Slack: the workspace id every sign-in must carry
