"""One message being routed: what every step of the chain is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...mail.parse import InboundEmail
from ...store.uow import UnitOfWork
from ...workflow.config import BoardConfig
from .. import context as context_stage
from .answers import Answers


@dataclass
class Incoming:
    """A parsed message inside its transaction. `trusted`: the Business Manager released it,
    so the rules about its sender are behind it. `at`: when it counts as received."""

    app: context_stage.App
    uow: UnitOfWork
    email: InboundEmail
    at: dt.datetime
    trusted: bool = False
    answers: Answers = field(init=False)

    def __post_init__(self) -> None:
        self.answers = Answers(self.app, self.uow, self.email, self.at)

    @property
    def config(self) -> BoardConfig:
        return self.app.config
