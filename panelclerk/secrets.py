"""Where a secret comes from: the environment variable NAME, else the file NAME_FILE names (a
mounted Docker or Kubernetes secret), else the systemd credential NAME (`LoadCredential=NAME:
/path` in the unit: the file $CREDENTIALS_DIRECTORY/NAME, readable by the service alone and
never in its environment, where `systemctl show` and /proc/PID/environ would show it).

Nothing here logs or returns a secret's value in an error: errors name the setting and the
file only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

CREDENTIALS_DIRECTORY = "CREDENTIALS_DIRECTORY"  # set by systemd when the unit loads any
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


class SecretError(ValueError):
    """A secret's file that is named but cannot be read, said with the setting that names it."""


def credential_path(name: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """The systemd credential NAME's file, when the service was given one by that name."""
    env = os.environ if environ is None else environ
    folder = env.get(CREDENTIALS_DIRECTORY, "").strip()
    if not folder or not _NAME.match(name):
        return None
    path = Path(folder) / name
    if not path.is_absolute() or not path.is_file():
        return None
    return path


def secret_path(name: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """The file holding NAME's secret: NAME_FILE's, else the systemd credential NAME's. For
    a secret that is a file by nature (a certificate's PEM) or one whose file's mode is
    checked (the audit key)."""
    env = os.environ if environ is None else environ
    named = env.get(f"{name}_FILE", "").strip()
    if named:
        return Path(named)
    return credential_path(name, env)


def secret(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """NAME's secret, surrounding white space removed (`echo key > file` adds a newline):
    the variable NAME, else the file NAME_FILE names, else the systemd credential NAME.
    None when none of them is set (or all are empty)."""
    env = os.environ if environ is None else environ
    value = env.get(name, "").strip()
    if value:
        return value
    path = secret_path(name, env)
    if path is None:
        return None
    try:
        text = path.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        where = f"{name}_FILE" if env.get(f"{name}_FILE", "").strip() else "the credential"
        raise SecretError(f"{name}: {where} names {path}, which cannot be read: {reason}") from None
    return text or None
