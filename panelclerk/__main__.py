"""`python -m panelclerk`: the command line, as `panelclerk`."""

import os

from .cli import main

os.environ.setdefault("PYTHONUNBUFFERED", "1")
main()
