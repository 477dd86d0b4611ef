"""The console in a real browser: Debian's Chromium driven by Playwright, against uvicorn
serving the console on 127.0.0.1 and oidc-provider-mock as the identity provider. Nothing
leaves the machine (every other host is blocked in the browser). Each page visited is
checked with axe-core (vendored) for serious or critical WCAG 2.2 AA violations, and for
any Content-Security-Policy violation.

Chromium missing is a failure, not a skip: `make system-deps` installs it (CI does)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from panelclerk.application import context, meetings
from panelclerk.web.app import create_console

from .web_support import (
    JANUARY,
    NOVEMBER,
    USERS,
    Provider,
    Served,
    audit_entries,
    demo_settings,
    entra,
    failures,
    kept_message,
    outbox,
    referral,
)

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the console's browser tests need Debian's Chromium. "
            "Run `make system-deps` (CI does), then run the tests again."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def idp() -> Iterator[Provider]:
    with Provider(USERS) as running:
        yield running


@pytest.fixture
def console(sqlite_app: context.App, idp: Provider) -> Iterator[Served]:
    served = Served(create_console(sqlite_app, demo_settings(demo=False, oidc=entra(idp.url))))
    yield served
    served.stop()


class Tab:
    """One browser context (its own cookies): every page it opens is checked."""

    def __init__(self, chromium: Any, console: Served) -> None:
        self.context = chromium.new_context()
        # axe-core is loaded by the browser's own mechanism, not as a script of the page:
        # the console's CSP forbids inline script, and must stay so under test.
        self.context.add_init_script(path=str(AXE))
        allowed = re.compile(r"^http://127\.0\.0\.1:\d+/")
        self.context.route(
            re.compile(r".*"),
            lambda route: (
                route.continue_() if allowed.match(route.request.url) else route.abort()
            ),  # the provider's pico.css CDN, and anything else outside
        )
        self.page = self.context.new_page()
        self.violations: list[str] = []
        self.page.on(
            "console",
            lambda msg: (
                self.violations.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        self.console = console

    def goto(self, path: str) -> Any:
        return self.page.goto(self.console.url + path)

    def accessible(self) -> None:
        """No serious or critical axe violation (WCAG 2.0-2.2 A and AA) on this page, and
        no script or style the CSP refused."""
        found = self.page.evaluate(
            """async () => {
                await document.fonts.ready;  // measured once laid out: target sizes
                await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
                const result = await axe.run(document, {runOnly: {type: 'tag', values:
                    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
                return result.violations.map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.map(n => n.target.join(' '))}));
            }"""
        )
        bad = [v for v in found if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{self.page.url}: {bad}"
        assert self.violations == [], self.violations

    def sign_in(self, sub: str) -> Any:
        """Through the fake provider's own form, as a person the provider knows by `sub`."""
        self.goto("/sign-in")
        self.accessible()
        self.page.get_by_role("button", name="Sign in with Microsoft").click()
        self.page.wait_for_url(re.compile(r".*/oauth2/authorize.*"))
        with self.page.expect_navigation(url=re.compile(rf"^{re.escape(self.console.url)}/")):
            self.page.locator(f'button[name="sub"][value="{sub}"]').click()
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(chromium: Any, console: Served) -> Iterator[Tab]:
    opened = Tab(chromium, console)
    yield opened
    opened.close()


def test_the_business_manager_signs_in_through_the_provider_and_sees_the_pipeline(
    tab: Tab, sqlite_app: context.App
) -> None:
    reference = referral(sqlite_app)
    incomplete = referral(sqlite_app, **{"child.name": "Child B", "incident.summary": ""})
    page = tab.sign_in("bm")
    assert page.url == tab.console.url + "/pipeline"
    assert page.get_by_role("heading", name="Pipeline").is_visible()
    assert page.get_by_text("Signed in as Sam Patel").is_visible()
    assert page.get_by_text("Fenmarsh Local Safeguarding Children Board").first.is_visible()
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    tab.accessible()
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf".*/referrals/{reference}$"))
    assert page.get_by_role("heading", name=reference).is_visible()
    assert page.get_by_text("Zebedee Quillfeather").is_visible()
    tab.accessible()
    [seen] = audit_entries(sqlite_app, "view_referral")
    assert (seen.actor, seen.reference) == ("bm", reference)
    tab.goto("/pipeline")
    assert page.get_by_role("link", name=incomplete).is_visible()
    page.get_by_label("Show referrals in state").select_option("awaiting_screening")
    page.get_by_role("link", name=incomplete).wait_for(state="detached")  # htmx swapped
    assert page.url == tab.console.url + "/pipeline"  # the rows only, no page load
    assert page.get_by_role("link", name=reference).is_visible()
    tab.accessible()


def test_someone_signed_in_but_not_on_the_board_is_refused(tab: Tab) -> None:
    page = tab.sign_in("stranger")
    assert page.get_by_role("heading", name="You cannot use this console").is_visible()
    assert "Pat Stranger" not in page.content()
    tab.accessible()
    response = tab.goto("/pipeline")
    assert page.url == tab.console.url + "/sign-in" and response.status == 200
    assert tab.goto("/mail").url.endswith("/sign-in")


def test_a_member_cannot_see_held_mail(tab: Tab, sqlite_app: context.App) -> None:
    number = kept_message(sqlite_app)
    page = tab.sign_in("member")
    assert page.get_by_role("heading", name="Nothing here for your role").is_visible()
    assert page.get_by_role("link", name="Held and quarantined mail").count() == 0
    tab.accessible()
    listing = tab.goto("/mail")
    assert listing.status == 403
    assert page.get_by_role("heading", name="You cannot do this").is_visible()
    tab.accessible()
    message = tab.goto(f"/mail/{number}")
    assert message.status == 403 and "Please read" not in page.content()
    assert audit_entries(sqlite_app, "read_kept") == []


def test_the_business_manager_reads_a_held_message_defused_and_releases_it(
    tab: Tab, sqlite_app: context.App
) -> None:
    number = kept_message(sqlite_app)
    page = tab.sign_in("bm")
    page.get_by_role("link", name="Held and quarantined mail").click()
    page.wait_for_url(re.compile(r".*/mail$"))
    tab.accessible()
    page.get_by_role("link", name=f"Read message {number}").click()
    page.wait_for_url(re.compile(rf".*/mail/{number}$"))
    tab.accessible()
    text = page.locator("pre.pc-text").inner_text()
    assert "Please read" in text and "[2J" in text and "\x1b" not in text and "\x9b" not in text
    dom = page.content()
    assert "\x1b" not in dom and "\x9b" not in dom
    assert page.locator("#tracker").count() == 0 and page.locator("img").count() == 0
    assert page.evaluate("typeof window.alert") == "function"  # and nothing replaced it
    subject = page.locator(".govuk-summary-list__row", has_text="Subject").inner_text()
    assert "\x1b" not in subject and "2J" in subject
    page.get_by_role("button", name=f"Release message {number}").click()
    page.wait_for_url(re.compile(r".*/mail\?done=released$"))
    assert page.get_by_text("The message is released and routed again.").is_visible()
    tab.accessible()
    [released] = audit_entries(sqlite_app, "release_inbound")
    assert released.actor == "bm" and released.details["inbound_id"] == number
    assert [e.actor for e in audit_entries(sqlite_app, "read_kept")] == ["bm"]


def test_the_chair_on_the_demo_sign_in_screens_a_referral(
    chromium: Any, sqlite_app: context.App
) -> None:
    """The demo board's sign-in page, and the Chair's screening forms with their error."""
    reference = referral(sqlite_app)
    served = Served(create_console(sqlite_app, demo_settings()))
    tab = Tab(chromium, served)
    try:
        page = tab.page
        tab.goto("/demo-sign-in")
        tab.accessible()
        page.get_by_role("button", name="Sign in").click()  # nobody chosen
        assert page.get_by_role("link", name="Choose the person you want to be").is_visible()
        tab.accessible()
        page.get_by_label("Dr Alex Morgan").check()
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r".*/pipeline$"))
        page.get_by_role("link", name=reference).click()
        page.get_by_role("button", name="Decline the referral").click()
        assert page.get_by_role("link", name="Enter the reason for declining").is_visible()
        tab.accessible()
        page.get_by_label("Reason for declining").fill("The threshold is not met.")
        page.get_by_role("button", name="Decline the referral").click()
        page.wait_for_url(re.compile(r".*\?done=declined$"))
        assert page.get_by_text("The referral is declined").is_visible()
        tab.accessible()
        [declined] = audit_entries(sqlite_app, "decline")
        assert (declined.actor, declined.reference) == ("chair", reference)
    finally:
        tab.close()
        served.stop()


def test_the_chair_puts_a_referral_on_the_agenda_and_records_the_decision(
    tab: Tab, sqlite_app: context.App
) -> None:
    """Screening and the decision in the console, each form checked as it fails and as it
    succeeds; the decision email waits in the outbox."""
    reference = referral(sqlite_app)
    page = tab.sign_in("chair")
    tab.goto(f"/referrals/{reference}")
    tab.accessible()
    page.get_by_label("Meeting").select_option(label="12 January 2027 (after the decision is due)")
    page.get_by_role("button", name="Place on the agenda").click()
    page.wait_for_url(re.compile(r".*\?done=agenda$"))
    assert page.get_by_text("The referral is on the agenda").is_visible()
    assert page.get_by_text("12 January 2027").first.is_visible()
    tab.accessible()
    [placed] = audit_entries(sqlite_app, "place_on_agenda")
    assert (placed.actor, placed.reference) == ("chair", reference)
    meetings.record_discussion(sqlite_app, reference, "bm", ["csc", "police", "health"])
    tab.goto(f"/referrals/{reference}")
    page.get_by_role("button", name="Record the decision").click()
    assert page.get_by_role("link", name="Choose the decision").is_visible()
    assert page.get_by_role("link", name="Enter the rationale").is_visible()
    tab.accessible()  # the error summary and the fields' errors
    page.get_by_role("link", name="Choose the decision").click()
    assert page.evaluate("document.activeElement.id") == "review_type"
    page.get_by_label("Serious Case Review").check()
    page.get_by_label("Rationale").fill("The criteria for a Serious Case Review are met.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(re.compile(r".*\?done=decided$"))
    assert page.get_by_text("The decision is recorded").is_visible()
    assert page.get_by_text("The criteria for a Serious Case Review are met.").is_visible()
    tab.accessible()
    [decided] = audit_entries(sqlite_app, "record_decision")
    assert (decided.actor, decided.reference) == ("chair", reference)
    [email] = outbox(sqlite_app, "decision")
    assert reference in email.subject and email.status == "queued"


def test_the_business_manager_runs_a_meeting_and_retries_failed_mail(
    tab: Tab, sqlite_app: context.App
) -> None:
    reference = referral(sqlite_app)
    failed_id, _ = failures(sqlite_app, reference, error="550 no such user")
    page = tab.sign_in("bm")
    page.get_by_role("link", name="Meetings").click()
    page.wait_for_url(re.compile(r".*/meetings$"))
    tab.accessible()
    page.get_by_role("link", name="10 November 2026").click()
    page.wait_for_url(re.compile(rf".*/meetings/{NOVEMBER}$"))
    tab.accessible()
    page.get_by_role("button", name="Record the meeting as held").click()
    assert page.get_by_role("link", name="Select each agency that attended").is_visible()
    tab.accessible()
    page.get_by_label("Fenmarsh Constabulary").check()
    page.get_by_role("button", name="Record the meeting as held").click()
    page.wait_for_url(re.compile(r".*\?done=held$"))
    tab.accessible()  # now with the minutes' date input
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the minutes as sent").click()
    assert page.get_by_role("link", name=re.compile("Enter a real date")).is_visible()
    tab.accessible()
    [held] = audit_entries(sqlite_app, "record_meeting")
    assert held.actor == "bm" and held.details["attended"] == ["police"]
    tab.goto(f"/meetings/{JANUARY}")
    tab.accessible()
    page.get_by_role("link", name="Failed mail and chat").click()
    page.wait_for_url(re.compile(r".*/failed$"))
    assert page.get_by_text("550 no such user").first.is_visible()
    tab.accessible()
    page.get_by_role("button", name=f"Send message {failed_id} again").click()
    page.wait_for_url(re.compile(r".*\?done=retried$"))
    tab.accessible()
    [retried] = audit_entries(sqlite_app, "retry_outbound")
    assert retried.actor == "bm" and retried.details["outbox_id"] == failed_id


def test_the_business_managers_other_pages_are_accessible_and_a_held_message_is_attached(
    tab: Tab, sqlite_app: context.App
) -> None:
    """The action plans, the annual report, data protection and a held message's page pass
    axe; the Business Manager attaches the message to a referral, giving the reason its
    sender's agency is not on it, and adds an agency with a reason on the referral's page."""
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)
    page = tab.sign_in("bm")
    for name, url in (
        ("Action plans", r".*/actions$"),
        ("Annual report", r".*/report$"),
        ("Data protection", r".*/data-protection$"),
    ):
        page.get_by_role("link", name=name).first.click()
        page.wait_for_url(re.compile(url))
        tab.accessible()
    tab.goto(f"/mail/{number}")
    assert page.get_by_text("The sender is from no agency of the board").is_visible()
    tab.accessible()
    page.get_by_label("Referral").select_option(reference)
    page.get_by_role("button", name=f"Attach message {number}").click()
    assert page.get_by_role("link", name=re.compile("give the reason")).is_visible()
    tab.accessible()  # the error summary and the field's error
    page.get_by_label("Reason for attaching it").fill("The named nurse, writing from home.")
    page.get_by_role("button", name=f"Attach message {number}").click()
    page.wait_for_url(re.compile(rf".*/referrals/{reference}\?done=attached$"))
    assert page.get_by_text("The message is attached to this referral").is_visible()
    assert page.get_by_role("link", name=f"Read message {number}").is_visible()
    tab.accessible()  # with the agencies' forms and the messages attached
    [attached] = audit_entries(sqlite_app, "attach_inbound")
    assert (attached.actor, attached.reference) == ("bm", reference)
    page.get_by_label("Agency to add").select_option(label="Probation Service, Fenmarsh")
    page.get_by_label("Reason for adding it").fill("Probation supervised the father.")
    page.get_by_role("button", name="Add the agency").click()
    page.wait_for_url(re.compile(r".*\?done=agency_added$"))
    tab.accessible()
    [added] = audit_entries(sqlite_app, "add_agency")
    assert added.actor == "bm" and added.details["reason"] == "Probation supervised the father."
