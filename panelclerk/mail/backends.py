"""The mailbox named in the board config, built when the service starts (never at import)."""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ..deployment import maildir_sends_by_smtp
from ..secrets import credential_path, secret
from ..workflow.config import BoardConfig
from .graph import GraphClient, GraphMailbox, msal_token
from .imap import ImapMailbox
from .mailbox import Mailbox
from .maildir import MaildirMailbox
from .smtp import SmtpTransport


def _secret(name: str) -> str:
    """A secret from the environment, the file NAME_FILE names, or the systemd credential
    NAME (`panelclerk.secrets`); empty when none is given."""
    return secret(name) or ""


def open_mailbox(
    config: BoardConfig, engine: Engine | None = None, msal_http_client: Any = None
) -> Mailbox:
    settings = config.mailbox
    if settings.backend == "graph":
        if engine is None:
            raise ValueError("the Graph backend keeps its delta link in the store")
        certificate = None
        # the certificate's PEM file: named by the variable, or the systemd credential
        pem_path = os.environ.get(settings.graph_certificate_env) or (
            str(credential_path(settings.graph_certificate_env) or "")
        )
        if pem_path:
            with open(pem_path, encoding="utf-8") as handle:
                certificate = {
                    "private_key": handle.read(),
                    "thumbprint": os.environ.get(
                        f"{settings.graph_certificate_env}_THUMBPRINT", ""
                    ),
                }
        token = msal_token(
            settings.graph_tenant,
            settings.graph_client_id,
            secret=_secret(settings.graph_secret_env) or None,
            certificate=certificate,
            authority_host=settings.graph_authority,
            http_client=msal_http_client,
        )
        client = GraphClient(settings.graph_base_url, token)
        return GraphMailbox(
            client,
            settings.graph_user,
            lambda: Session(engine),
            settings.processed_folder,
            settings.quarantine_folder,
        )
    if settings.backend == "ews":
        if engine is None:
            raise ValueError("the EWS backend keeps its sync state in the store")
        from .ews import EwsMailbox, connect

        account = connect(
            settings.ews_url,
            settings.ews_mailbox,
            auth=settings.ews_auth,
            user=settings.ews_user,
            password=_secret(settings.ews_password_env),
            client_id=settings.ews_client_id,
            client_secret=_secret(settings.ews_secret_env),
            tenant_id=settings.ews_tenant,
            version=settings.ews_version,
            autodiscover=settings.ews_autodiscover,
        )
        ews = EwsMailbox(
            account,
            lambda: Session(engine),
            settings.processed_folder,
            settings.quarantine_folder,
        )
        if settings.ews_streaming:
            ews.start_streaming()
        return ews
    if settings.backend == "imap":
        return ImapMailbox(
            settings.imap_host,
            settings.imap_port,
            settings.imap_user,
            _secret(settings.imap_password_env),
            security=settings.imap_security,
            folder=settings.imap_folder,
            processed=settings.processed_folder,
            quarantine=settings.quarantine_folder,
            transport=_smtp(config),
            since=settings.start_from,
        )
    # A Maildir board sends through SMTP when [mailbox] names the server; without it, into
    # outbox_dir (the demo and the tests; refused by `check-config --deployment` and `serve`).
    return MaildirMailbox(
        settings.maildir,
        settings.outbox_dir,
        settings.processed_folder,
        settings.quarantine_folder,
        transport=_smtp(config) if maildir_sends_by_smtp(settings) else None,
    )


def _smtp(config: BoardConfig) -> SmtpTransport:
    settings = config.mailbox
    return SmtpTransport(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_security,
        settings.smtp_user,
        _secret(settings.smtp_password_env),
    )
