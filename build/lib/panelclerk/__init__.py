"""panelclerk: the assistant of a safeguarding board's case-review sub-group."""

__version__ = "0.1.0"
