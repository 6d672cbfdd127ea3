"""What the browser tests share: axe-core audits, signing in, reading the emails the site sent."""

import re
import time
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect

# WCAG 2.1 levels A and AA, the level the site commits to (RGAA 4).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def describe_violations(label: str, url: str, violations: list[dict]) -> str:
    lines = [f"{label} ({url}): {len(violations)} WCAG 2.1 A/AA violation(s)"]
    for violation in violations:
        lines.append(f"  - {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"      at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"        {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


@dataclass
class AxeAudit:
    """Audits several pages within one test and reports every violation at the end, page by page."""

    reports: list[str] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)

    def check(self, page: Page, label: str) -> None:
        self.audited.append(label)
        violations = axe_violations(page)
        if violations:
            self.reports.append(describe_violations(label, page.url, violations))

    def assert_clean(self) -> None:
        assert not self.reports, "\n\n".join(self.reports)


def assert_accessible(page: Page, label: str) -> None:
    audit = AxeAudit()
    audit.check(page, label)
    audit.assert_clean()


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the login form, as a person would; ends on /espace/."""
    page.goto("/comptes/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(r"/espace/$"))


def sent_emails(to: str, timeout: float = 5.0) -> list:
    """Emails delivered to `to` (outbox row → Celery task in eager mode → locmem backend, after commit)."""
    deadline = time.monotonic() + timeout
    while True:
        messages = [message for message in mail.outbox if to in message.to]
        if messages or time.monotonic() > deadline:
            return messages
        time.sleep(0.05)


def link_in_email(message, path: str) -> str:
    """The first absolute link of the email's text part whose path starts with `path`."""
    match = re.search(rf"https?://[^\s/]+{re.escape(path)}[^\s]*", message.body)
    assert match, f"No link to {path} in the email:\n{message.body}"
    return match.group(0)


def described_by_text(page: Page, locator) -> str:
    """The text of the elements a field's aria-describedby points at (help text and errors)."""
    ids = (locator.get_attribute("aria-describedby") or "").split()
    return " ".join(page.locator(f"[id='{element_id}']").inner_text() for element_id in ids)


def scroll_width(page: Page) -> int:
    """The width of the page's content: more than the viewport means scrolling sideways."""
    return page.evaluate("document.documentElement.scrollWidth")
