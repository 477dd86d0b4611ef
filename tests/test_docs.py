"""docs/board-file.md is the board file reference rendered from the config model: it must be
exactly what scripts/board_reference.py renders now, so that it cannot drift from the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "board_reference", ROOT / "scripts" / "board_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_board_file_reference_is_what_the_config_model_renders_now():
    generator = _generator()
    written = (ROOT / "docs" / "board-file.md").read_text(encoding="utf-8")
    assert written == generator.render(), f"docs/board-file.md is stale: run {generator.COMMAND}"


def test_the_reference_names_every_table_and_key_of_the_model():
    from panelclerk.workflow.config import BoardConfig

    rendered = _generator().render()
    for table, field in BoardConfig.model_fields.items():
        assert f"## `[{table}]`" in rendered or f"## `[[{table}]]`" in rendered
        inner = field.annotation
        args = getattr(inner, "__args__", ())
        model = args[0] if args else inner
        for key in getattr(model, "model_fields", {}):
            assert f"| `{key}` |" in rendered, f"{table}.{key} is not in the reference"
