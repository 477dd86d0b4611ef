"""`python -m panelclerk.cli`."""

import os

from . import main

os.environ.setdefault("PYTHONUNBUFFERED", "1")
main()
