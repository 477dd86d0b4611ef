"""SECURITY.md names a test for every threat it claims: each named test must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_test_named_in_security_md_exists():
    text = (ROOT / "SECURITY.md").read_text()
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)`", text)
    assert len(named) >= 30
    missing = []
    for file, name in named:
        source = (ROOT / "tests" / file).read_text()
        # a test function, or a state machine's test case bound to a test's name
        if not re.search(rf"^(def {name}\(|{name} = )", source, re.M):
            missing.append(f"{file}::{name}")
    assert missing == []
