"""Reading a board's config file: the only I/O around the pure config in workflow/.

A board file may start with `preset = "NAME"`: the preset's tables come first and the file's
own tables are merged over them. With no file, the fictional demo board is used.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .workflow.config import BoardConfig, merge, parse_config
from .workflow.errors import ConfigError

PRESETS = ("cambridgeshire-2016", "north-west-2014", "working-together-2023")
DEMO = "demo"


def _preset_text(name: str) -> str:
    return resources.files("panelclerk.presets").joinpath(f"{name}.toml").read_text("utf-8")


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"not valid TOML: {exc}") from None


def preset_data(name: str, source: str = "the board file") -> dict[str, Any]:
    """A preset's tables; an unknown name is reported against the file (`source`) naming it."""
    if name not in PRESETS:
        raise ConfigError(source, "preset", f"expected one of {', '.join(PRESETS)}, got {name!r}")
    return _parse_toml(_preset_text(name), f"preset {name}")


def resolve(data: dict[str, Any], source: str, framework: str | None = None) -> dict[str, Any]:
    """Apply the file's preset (or `framework`, which replaces it) under the file's tables."""
    data = dict(data)
    preset = framework or data.pop("preset", None)
    data.pop("preset", None)
    if preset is None:
        return data
    if not isinstance(preset, str):
        raise ConfigError(source, "preset", f"expected a preset name, got {preset!r}")
    base = preset_data(preset, source)
    if framework:  # the framework's own tables come from the new preset; the board keeps
        # its people, agencies, distribution, calendar, mailbox and chat
        owned = ("framework", "terms", "time_limits", "form", "review_types")
        data = {k: v for k, v in data.items() if k not in owned}
    return merge(base, data)


def load_board(path: str | Path | None = None, framework: str | None = None) -> BoardConfig:
    """The board config from `path`, or the embedded demo board; raises ConfigError."""
    if path is None:
        source, text = "embedded demo board", _preset_text(DEMO)
    else:
        source = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ConfigError(source, "", f"cannot read the file: {exc.strerror}") from None
    data = resolve(_parse_toml(text, source), source, framework)
    config = parse_config(data, source)
    folder = config.board.templates_dir
    if folder and path is not None:
        resolved = (Path(path).parent / folder).resolve()
        if not resolved.is_dir():
            raise ConfigError(
                source,
                "board.templates_dir",
                f"expected a folder of templates, {resolved} is not one",
            )
        board = config.board.model_copy(update={"templates_dir": str(resolved)})
        config = config.model_copy(update={"board": board})
    return config
