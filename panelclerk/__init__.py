"""panelclerk: the assistant of a safeguarding board's case-review sub-group."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read when asked: the package metadata (pyproject.toml's one version)
    costs every command tens of milliseconds to import, and only `--version` and the
    upgrade checks want it."""
    if name != "__version__":
        raise AttributeError(f"module 'panelclerk' has no attribute {name!r}")
    from importlib import metadata

    try:
        return metadata.version("panelclerk")
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree never installed
        return "0+unknown"
