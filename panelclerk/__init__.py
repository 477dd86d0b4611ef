"""panelclerk: the assistant of a safeguarding board's case-review sub-group."""

from importlib import metadata

try:  # one source for the version: pyproject.toml, through the installed package's metadata
    __version__ = metadata.version("panelclerk")
except metadata.PackageNotFoundError:  # pragma: no cover - a source tree never installed
    __version__ = "0+unknown"
