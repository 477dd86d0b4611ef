"""Who receives the decision (Cambridgeshire 4.6) and which statutory bodies are told (5.2, 8.1).

Resolved from the board config and the meeting's attendance, never typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .config import BoardConfig


@dataclass(frozen=True)
class Recipient:
    email: str
    why: str
    # a body written to by name: "To the Department for Education," but "To Ofsted,"
    article: bool = True

    @property
    def greeting(self) -> str:
        return f"To the {self.why}," if self.article else f"To {self.why},"


def _dedupe(recipients: Iterable[Recipient]) -> tuple[Recipient, ...]:
    seen: dict[str, Recipient] = {}
    for r in recipients:
        seen.setdefault(r.email.lower(), r)
    return tuple(seen.values())


def agency_contacts(config: BoardConfig, agency_id: str) -> list[str]:
    """Who speaks for an agency: its members and deputies, else its safeguarding partner's
    lead, else anyone of it in the config (an invited agency's representative, 6.2)."""
    people = [p for p in config.people if p.agency == agency_id]
    for roles in ({"member", "deputy"}, {"partner"}):
        found = [p.email for p in people if roles & set(p.roles)]
        if found:
            return found
    return [p.email for p in people]


def decision_recipients(
    config: BoardConfig,
    attended_agencies: Iterable[str],
    referring_agency: str | None,
    referrer_email: str | None = None,
) -> tuple[Recipient, ...]:
    """Every agency that attended the meeting, the referring agency's board member, the DCS and
    the local authority's Chief Executive (4.6). Where the safeguarding partners decide
    (Working Together 2023), the referrer and each partner's agency are told too."""
    out: list[Recipient] = []
    if config.framework.decision_makers == "partners":
        if referrer_email:
            out.append(Recipient(referrer_email, "the referrer"))
        for partner in config.people_with_role("partner"):
            agency = config.agency(partner.agency) if partner.agency else None
            if agency is None:
                out.append(Recipient(partner.email, f"{config.terms.decision_maker}"))
                continue
            for email in [*agency_contacts(config, agency.id), partner.email]:
                out.append(Recipient(email, f"safeguarding partner: {agency.name}"))
    for agency_id in attended_agencies:
        agency = config.agency(agency_id)
        if agency is None:
            continue
        for email in agency_contacts(config, agency_id):
            out.append(Recipient(email, f"attended for {agency.name}"))
    if referring_agency:
        agency = config.agency(referring_agency)
        if agency is not None and agency.board_member_email:
            out.append(
                Recipient(
                    agency.board_member_email,
                    f"{config.terms.board} board member for {agency.name}",
                )
            )
    dist = config.distribution
    out.append(Recipient(dist.director_childrens_services, "Director of Children's Services"))
    out.append(Recipient(dist.la_chief_executive, "Chief Executive of the local authority"))
    return _dedupe(out)


def decision_gaps(
    config: BoardConfig, attended_agencies: Iterable[str], referring_agency: str | None
) -> tuple[str, ...]:
    """Who 4.6 says must have the decision but the config gives no address for: each is said
    so that a person sends it by hand, rather than being left out in silence."""
    gaps: list[str] = []
    for agency_id in attended_agencies:
        agency = config.agency(agency_id)
        if agency is not None and not agency_contacts(config, agency_id):
            gaps.append(f"{agency.name}, which attended (no person of it in the board file)")
    if referring_agency:
        agency = config.agency(referring_agency)
        if agency is not None and not agency.board_member_email:
            gaps.append(
                f"the {config.terms.board} board member for {agency.name}, the referring agency "
                "(no board_member_email)"
            )
    return tuple(gaps)


def statutory_recipients(config: BoardConfig, review_type: str) -> tuple[Recipient, ...]:
    """The bodies told of this decision: the DfE always; Ofsted and the Panel for an SCR."""
    chosen = config.review_type(review_type)
    bodies = chosen.notify if chosen else ("dfe",)
    dist = config.distribution
    names = {
        "dfe": (dist.dfe, "Department for Education"),
        "national_panel": (dist.national_panel, config.terms.national_panel),
        "ofsted": (dist.ofsted, "Ofsted"),
    }
    return _dedupe(Recipient(*names[body], article=body != "ofsted") for body in bodies)


def panel_report_filename(config: BoardConfig, reference: str) -> str | None:
    """The report the National Panel is sent with its notice, where the framework has one
    (Working Together 2023: the rapid review report): how the notice carrying it is known."""
    if config.framework.clock != "incident":
        return None
    return f"{reference} {config.terms.review_process} report.docx"
