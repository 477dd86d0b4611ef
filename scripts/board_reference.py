"""The board file reference (docs/board-file.md), rendered from the config model itself.

Every table and key comes from the pydantic models of `panelclerk/workflow/config.py`: its
type and default from the model, its description from the field's `description`, else the
comment on the field's line or the comment block just above it, and each table's text from
its class docstring. `tests/test_docs.py` fails when the file differs from what this renders,
so the reference cannot drift from the code.

    .venv/bin/python scripts/board_reference.py           # print it
    .venv/bin/python scripts/board_reference.py --write   # write docs/board-file.md
    .venv/bin/python scripts/board_reference.py --check   # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import inspect
import re
import sys
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from panelclerk import boardfile  # noqa: E402
from panelclerk.workflow import config as model  # noqa: E402
from panelclerk.workflow.durations import Duration  # noqa: E402

OUTPUT = ROOT / "docs" / "board-file.md"
COMMAND = ".venv/bin/python scripts/board_reference.py --write"

# What a BeforeValidator of the model accepts, said for a reader of the file.
VALIDATED = {
    "_email": "email address",
    "_duration": "time limit",
    "_ident": "id (lower-case letters, digits, `_`)",
    "_month_day": 'day of the year, "MM-DD"',
}
GUID = "Microsoft Entra object id (a GUID)"
SCALARS = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date (2026-12-01)",
    dt.time: "time (09:30)",
    Duration: "time limit",
}


# ---- descriptions: field descriptions, else the source's comments ------------------------


def _comments(cls: type[BaseModel]) -> dict[str, str]:
    """Each field's comment: the one on its line, else the block just above it."""
    source = textwrap.dedent(inspect.getsource(cls))
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(source).body[0].body:  # type: ignore[attr-defined]
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            continue
        line = lines[node.end_lineno - 1] if node.end_lineno else ""
        trailing = _comment_of(line)
        above: list[str] = []
        index = node.lineno - 2
        while index >= 0 and lines[index].strip().startswith("#"):
            above.insert(0, _comment_of(lines[index]))
            index -= 1
        text = "; ".join(part for part in (" ".join(above), trailing) if part)
        if text:
            found[node.target.id] = text
    return found


def _comment_of(line: str) -> str:
    """The comment of one source line, without linters' pragmas."""
    if "#" not in line:
        return ""
    text = line.split("#", 1)[1] if not line.strip().startswith("#") else line.strip()[1:]
    if not line.strip().startswith("#"):
        # a trailing comment: the part after the code's '#', ignoring '#' inside strings
        try:
            tokens = list(_tokens(line))
        except SyntaxError:
            tokens = []
        text = next((t[1:] for t in tokens if t.startswith("#")), "")
    text = re.sub(r"#?\s*(noqa|nosec)\b[^#]*", "", text)
    return text.strip()


def _tokens(line: str) -> typing.Iterator[str]:
    import io
    import tokenize

    for token in tokenize.generate_tokens(io.StringIO(line + "\n").readline):
        if token.type == tokenize.COMMENT:
            yield token.string


def _doc(cls: type) -> str:
    """The class's own docstring (not one inherited from pydantic's BaseModel)."""
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    return " ".join(doc.split())


def _sentence(text: str) -> str:
    text = _readme(text.strip())
    return text[:1].upper() + text[1:] if text else text


def _readme(text: str) -> str:
    """The model's comments send readers to the README for setup, which now lives in
    deployment.md."""
    return text.replace("see the README", "see [deployment.md](deployment.md)")


# ---- types, defaults, constraints --------------------------------------------------------


def _metadata(annotation: Any, metadata: typing.Sequence[Any] = ()) -> list[Any]:
    """Every constraint on a type, through Annotated, Field(...) and `X | None`."""
    found: list[Any] = []
    for item in metadata:
        found += _metadata(Any, item.metadata) if isinstance(item, FieldInfo) else [item]
    if typing.get_origin(annotation) is typing.Annotated:
        found += _metadata(typing.get_args(annotation)[0], annotation.__metadata__)
    elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found += _metadata(arg)
    return found


def _type(annotation: Any, metadata: typing.Sequence[Any] = ()) -> str:
    for item in _metadata(Any, metadata):
        func = getattr(getattr(item, "func", None), "__name__", "")
        if func in VALIDATED:
            return VALIDATED[func]
        pattern = getattr(item, "pattern", None)
        if pattern and "0-9a-fA-F]{8}" in pattern:
            return GUID
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0], annotation.__metadata__)
    if origin is typing.Literal and len(args) == 1:
        return f"`{_toml(args[0])}`"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{_toml(a)}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        shown = " or ".join(_type(a) for a in kept)
        return f"{shown} (optional)" if len(kept) < len(args) else shown
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            inner = args[0]
            if typing.get_origin(inner) is tuple:  # a bare MonthDay is already unwrapped
                return "list of days of the year"
            return f"list of {_type(inner)}"
        return "list"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "table"
    return SCALARS.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _constraints(field: FieldInfo) -> str:
    parts = []
    for item in _metadata(field.annotation, field.metadata):
        if isinstance(item, Ge):
            parts.append(f"at least {item.ge}")
        elif isinstance(item, Gt):
            parts.append(f"more than {item.gt}")
        elif isinstance(item, Le):
            parts.append(f"at most {item.le}")
        elif isinstance(item, Lt):
            parts.append(f"less than {item.lt}")
        elif getattr(item, "pattern", None) and "0-9a-fA-F]{8}" not in item.pattern:
            parts.append(f"matching `{item.pattern}`")
    return ", ".join(parts)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | Duration):
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "its table's defaults"
    if field.default is PydanticUndefined:
        return "**required**"
    if field.default is None:
        return "unset"
    if isinstance(field.default, BaseModel):
        return "its table's defaults"
    return f"`{_toml(field.default)}`"


# ---- the document ------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The table's model, and whether it is an array of tables."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    args = typing.get_args(annotation)
    if (
        typing.get_origin(annotation) is tuple
        and args
        and isinstance(args[0], type)
        and issubclass(args[0], BaseModel)
    ):
        return args[0], True
    return None, False


def _table(name: str, cls: type[BaseModel], array: bool, field: FieldInfo) -> list[str]:
    title = f"[[{name}]]" if array else f"[{name}]"
    out = [f"## `{title}`", ""]
    comments = _comments(model.BoardConfig)
    said = " ".join(_sentence(p) for p in (_doc(cls), comments.get(name, "")) if p)
    if said:
        out += [_cell(said), ""]
    if field.default is PydanticUndefined and field.default_factory is None:
        out += ["The table is required." if not array else "At least one entry is required.", ""]
    out += ["| key | type | default | description |", "|---|---|---|---|"]
    notes = _comments(cls)
    for key, sub in cls.model_fields.items():
        description = _readme(sub.description or notes.get(key, ""))
        if not description and key.endswith("_env"):
            description = (
                "the name of the environment variable holding the secret (or `NAME_FILE` "
                "naming a file holding it); the secret itself never goes in the file"
            )
        limits = _constraints(sub)
        if limits:
            description = f"{description} ({limits})" if description else limits
        row = (f"`{key}`", _type(sub.annotation, sub.metadata), _default(sub), description)
        out.append("| " + " | ".join(_cell(part) for part in row) + " |")
    return [*out, ""]


def _presets() -> list[str]:
    out = ["| preset | tables it sets |", "|---|---|"]
    for name in boardfile.PRESETS:
        data = boardfile.preset_data(name)
        shown = ", ".join(
            f"`[[{key}]]`" if isinstance(value, list) else f"`[{key}]`"
            for key, value in data.items()
            if isinstance(value, dict | list)
        )
        out.append(f"| `{name}` | {shown} |")
    return out


def render() -> str:
    """docs/board-file.md as the model says it should be now."""
    lines = [
        "# The board file",
        "",
        "<!-- Generated from panelclerk/workflow/config.py by scripts/board_reference.py:",
        f"     do not edit by hand; run `{COMMAND}`. -->",
        "",
        "A board is one TOML file, named by `--config` or `PANELCLERK_CONFIG`; without one,",
        "panelclerk runs the fictional demo board (`panelclerk/presets/demo.toml`, a complete",
        "board to copy). `panelclerk check-config FILE` validates it: a mistake is one line",
        "naming the file, the key and what was expected. A key the model does not know is",
        "refused, so a typo is never silently ignored.",
        "",
        'The file may start with `preset = "NAME"`: the preset\'s tables come first and the',
        "file's own tables are merged over them (a table merges key by key; a list, such as",
        "`[[review_types]]`, replaces the preset's whole). The presets:",
        "",
        *_presets(),
        "",
        "A preset supplies the framework's rules; the board's own file adds `[board]`,",
        "`[[agencies]]`, `[[people]]`, `[distribution]`, `[mailbox]` and, to use chat or the",
        "console, `[chat]` and `[console]`. Secrets never go in the file: it names the",
        "environment variables that hold them (see [deployment.md](deployment.md)).",
        "",
        'Types: a *time limit* is written with its unit (`"10 working days"`, `"14 days"`,',
        '`"1 week"`, `"3 months"`); a calendar-day limit that ends on a non-working day',
        "falls due the working day before. Dates are TOML dates (`2026-12-01`), times TOML",
        "times (`09:30`). *unset* means the key is absent; *its table's defaults* means every",
        "key of that table takes its own default.",
        "",
    ]
    for name, field in model.BoardConfig.model_fields.items():
        cls, array = _model_of(field.annotation)
        if cls is not None:
            lines += _table(name, cls, array, field)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help=f"write {OUTPUT.relative_to(ROOT)}")
    group.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(text, encoding="utf-8")
    elif args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run {COMMAND}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
