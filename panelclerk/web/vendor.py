"""Vendoring the console's browser assets from npm tarballs (`npm pack NAME@VERSION`).

    python -m panelclerk.web.vendor govuk-frontend-6.3.0.tgz htmx.org-2.0.11.tgz \
        microsoft-teams-js-2.58.0.tgz

(`npm pack @microsoft/teams-js@2.58.0` names its tarball `microsoft-teams-js-2.58.0.tgz`.)

Only the compiled files the console serves are kept, with their licences. GOV.UK Frontend's
stylesheet is changed in two ways, so that it carries nothing of GOV.UK's identity: its
`@font-face` rules for GDS Transport (a font for GOV.UK alone) are removed, and every font
stack naming it becomes `var(--panelclerk-font)`, which `console.css` sets to the system's
own fonts. The crown and crest images are not copied and no page uses the classes that
draw them. TeamsJS (the Microsoft Teams JavaScript client library, MIT) is kept as its
UMD build, which the Teams tab's sign-in page loads before `teams.js`. Nothing is fetched
from a CDN at run time.
"""

from __future__ import annotations

import re
import sys
import tarfile
from pathlib import Path

STATIC = Path(__file__).parent / "static"

GOVUK_MIT = """The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
"""

_FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_SOURCE_MAP_LINE = re.compile(r"^//# sourceMappingURL=\S*$", re.MULTILINE)


def unbranded_css(css: str) -> str:
    """GOV.UK Frontend's compiled stylesheet without GDS Transport."""
    css = _FONT_FACE.sub("", css)
    css = css.replace("GDS Transport,arial,sans-serif", "var(--panelclerk-font)")
    css = _SOURCE_MAP.sub("", css)
    if "GDS Transport" in css:
        raise ValueError("GDS Transport is still named in the stylesheet")
    return css


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    handle = tar.extractfile(f"package/{name}")
    if handle is None:
        raise ValueError(f"{name} is not a file in the tarball")
    return handle.read()


def vendor(tarball: Path) -> list[Path]:
    written: list[Path] = []

    def write(relative: str, data: bytes | str) -> None:
        path = STATIC / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, "utf-8")
        else:
            path.write_bytes(data)
        written.append(path)

    with tarfile.open(tarball, "r:gz") as tar:  # members are read by name, never extracted
        if tarball.name.startswith("govuk-frontend-"):
            css = _member(tar, "dist/govuk/govuk-frontend.min.css").decode("utf-8")
            write("govuk/govuk-frontend.min.css", unbranded_css(css))
            js = _member(tar, "dist/govuk/govuk-frontend.min.js").decode("utf-8")
            write(
                "govuk/govuk-frontend.min.js",
                _SOURCE_MAP.sub("", js).replace(
                    "//# sourceMappingURL=govuk-frontend.min.js.map", ""
                ),
            )
            write("govuk/LICENSE.txt", GOVUK_MIT)
        elif tarball.name.startswith("htmx.org-"):
            js = _member(tar, "dist/htmx.min.js").decode("utf-8")
            write("htmx/htmx.min.js", js)
            write("htmx/LICENSE.txt", _member(tar, "LICENSE"))
        elif tarball.name.startswith("microsoft-teams-js-"):
            js = _member(tar, "dist/umd/MicrosoftTeams.min.js").decode("utf-8")
            js = _SOURCE_MAP_LINE.sub("", js)
            write("teams-js/MicrosoftTeams.min.js", js)
            write("teams-js/LICENSE.txt", _member(tar, "LICENSE"))
        else:
            raise ValueError(
                f"{tarball.name}: expected govuk-frontend, htmx.org or microsoft-teams-js"
            )
    return written


def main(argv: list[str]) -> int:
    for name in argv:
        for path in vendor(Path(name)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
