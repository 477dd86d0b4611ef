"""The Teams app package an IT team uploads to the Teams admin centre: manifest.json (the
bot, its personal and team scopes, the commands, and the resource-specific permission to
read the sub-group channel's messages without an @mention) and the two icons Teams
requires, drawn here so that the repository holds no binary files.

When the board's console has a public_url and signs in with Microsoft Entra ID, the package
also carries the console as a personal tab and a channel (configurable) tab, with
`webApplicationInfo` naming the console's app registration (its client id, and the
Application ID URI `api://<console host>/<client id>` the tab's single sign-on token is
asked for) and the console's host in `validDomains`."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from ..workflow.config import BoardConfig

MANIFEST_VERSION = "1.17"
SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/"
    f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
)
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
ACCENT = (31, 78, 121)


class PackageError(ValueError):
    pass


def console_tabs(config: BoardConfig) -> dict[str, Any]:
    """The console's part of the manifest (its tabs, webApplicationInfo and validDomains),
    or nothing when the board has no console signing in with Microsoft Entra ID."""
    table = config.console
    if table.public_url is None or table.sign_in != "entra":
        return {}
    parts = urlsplit(table.public_url)
    if parts.scheme != "https" or not parts.hostname:
        raise PackageError(
            f"console.public_url must be an https:// address for a Teams tab, got "
            f"{table.public_url!r}"
        )
    if not GUID.match(table.client_id or ""):
        raise PackageError(
            "console.client_id must be the console's Microsoft Entra app (client) id (a GUID) "
            f"for the Teams tab's sign-in, got {table.client_id!r}"
        )
    base = table.public_url.rstrip("/")
    host = parts.hostname
    return {
        "staticTabs": [
            {
                "entityId": "panelclerk-console",
                "name": "Case reviews",
                "contentUrl": f"{base}/teams/sign-in",
                "websiteUrl": f"{base}/",
                "scopes": ["personal"],
            }
        ],
        "configurableTabs": [
            {
                "configurationUrl": f"{base}/teams/configure",
                "canUpdateConfiguration": False,
                "scopes": ["team"],
                "context": ["channelTab"],
            }
        ],
        "validDomains": [host],
        "webApplicationInfo": {
            "id": table.client_id,
            "resource": f"api://{host}/{table.client_id}",
        },
    }


def manifest(config: BoardConfig, app_id: str, website: str, version: str) -> dict[str, Any]:
    if not GUID.match(app_id or ""):
        raise PackageError(
            f"TEAMS_APP_ID must be the bot's Microsoft App ID (a GUID), got {app_id!r}"
        )
    if not website.startswith("https://"):
        raise PackageError(f"the board's website must be an https:// address, got {website!r}")
    base = website.rstrip("/")
    board = config.board
    commands = [
        {"title": "status", "description": "The referrals in hand and what is due next"},
        {"title": "decide", "description": "decide SCR-... opens the decision form"},
        {"title": "help", "description": "What I can do for you"},
    ]
    data: dict[str, Any] = {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {
            "name": board.name[:32],
            "websiteUrl": base,
            "privacyUrl": f"{base}/privacy",
            "termsOfUseUrl": f"{base}/terms",
        },
        "name": {"short": "PanelClerk", "full": f"PanelClerk for {board.short_name}"[:100]},
        "description": {
            "short": f"{config.terms.group}: referrals, recommendations and decisions"[:80],
            "full": (
                f"The {board.name}'s assistant for its {config.terms.group}: new referrals "
                f"routed to the {config.terms.decision_maker}, each referral's thread with "
                "the agencies' recommendations, the decision form, and 'should I refer?' "
                "answered in personal chat. Children's and families' names are never shown."
            )[:4000],
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": ["personal"], "commands": commands}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
        "webApplicationInfo": {"id": app_id, "resource": f"api://botid-{app_id}"},
        "authorization": {
            "permissions": {
                "resourceSpecific": [{"name": "ChannelMessage.Read.Group", "type": "Application"}]
            }
        },
    }
    data.update(console_tabs(config))
    return data


def _icon(size: int, outline: bool) -> bytes:
    """Color: 192x192, the accent full-bleed. Outline: 32x32, white on transparent."""
    background = (0, 0, 0, 0) if outline else (*ACCENT, 255)
    image = Image.new("RGBA", (size, size), background)
    draw = ImageDraw.Draw(image)
    white = (255, 255, 255, 255)
    margin, width = size // 5, max(2, size // 16)
    draw.rectangle(
        (margin, margin, size - margin, size - margin), outline=white, width=width
    )  # a folder of papers, drawn as two lines on a page
    for row in (0.42, 0.6):
        y = int(size * row)
        draw.line((margin * 1.6, y, size - margin * 1.6, y), fill=white, width=width)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def build(config: BoardConfig, app_id: str, website: str, out: Path, version: str) -> Path:
    data = manifest(config, app_id, website, version)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(data, indent=2, ensure_ascii=False))
        package.writestr("color.png", _icon(192, outline=False))
        package.writestr("outline.png", _icon(32, outline=True))
    return out
