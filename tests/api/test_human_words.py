"""Human words (issue 15, point 7): every code that can reach a page has its words in zh and
en, and the main pages in Chinese show no raw code, no command line and no source id."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.core.access import ROLES
from sellerdesk.core.cases.amazon_labels import AMAZON_LABELS
from sellerdesk.core.cases.body import IDENTIFIER_FIELDS
from sellerdesk.core.cases.reminders import KINDS as REMINDER_KINDS
from sellerdesk.core.cases.status import STATUSES
from sellerdesk.core.cases.views import PRIORITIES
from sellerdesk.core.coach.classify import ROUTES
from sellerdesk.core.coach.data import load_coach_data
from sellerdesk.core.coach.lint import SEVERITIES
from sellerdesk.core.health.evaluate import HEADLINE, OTHER_RATES
from sellerdesk.core.health.rules import builtin_health_path, load_health_rules
from sellerdesk.core.hours.desk_form import COMMON_CALENDARS
from sellerdesk.core.hours.model import CHANNELS, CONFIDENCES
from sellerdesk.core.i18n import LANGS, catalog
from sellerdesk.core.support_rules import SELLING_PLANS
from sellerdesk.services import cases, stores
from sellerdesk.services.cases.events import DIRECTIONS
from sellerdesk.web.layout import SETUP_LATER_COOKIE, label, label_key, source_words
from sellerdesk.web.store_forms import SUPPORT_PLANS
from tests.api.conftest import Api
from tests.api.web_support import browser, token_of


def _codes(api: Api) -> dict[str, set[str]]:
    """Every code of each kind a page can show, read from where the code is defined."""
    coach = load_coach_data(None)
    health = load_health_rules([builtin_health_path()])
    markets = {m for d in api.state.ctx.desks.values() for m in d.marketplaces}
    markets |= {m for ms in stores.region_marketplaces(api.state.ctx).values() for m in ms}
    return {
        "status": set(STATUSES),
        "priority": set(PRIORITIES),
        "channel": {*CHANNELS, "call-back"},
        "direction": {*DIRECTIONS, "status"},
        "region": set(stores.REGIONS),
        "plan": set(SELLING_PLANS),
        "support_plan": set(SUPPORT_PLANS),
        "marketplace": markets | set(coach.marketplaces) | set(health.marketplace_ids),
        "category": set(coach.categories),
        "route": set(ROUTES),
        "identifier": {kind for _, kind in IDENTIFIER_FIELDS.values()} | {"fnsku", "case-id"},
        "reminder": set(REMINDER_KINDS),
        "confidence": set(CONFIDENCES),
        "severity": set(SEVERITIES),
        "metric": {*HEADLINE, *OTHER_RATES, *health.targets},
        "role": set(ROLES),
        "calendar": set(COMMON_CALENDARS),
        "amazon_label": set(AMAZON_LABELS),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_a_page_can_show_has_words_in_both_languages(api: Api, lang: str):
    missing = [
        f"{kind}:{code}"
        for kind, codes in _codes(api).items()
        for code in sorted(codes)
        if label_key(kind, code) not in catalog(lang)
    ]
    assert not missing, f"{lang} catalogs lack words for {missing}"
    findings = load_coach_data(None).findings
    for code in findings:  # the coach's findings: a sentence and its fix
        assert f"coach.finding.{code}.message" in catalog(lang), code
        assert f"coach.finding.{code}.fix" in catalog(lang), code


def test_a_label_falls_back_to_the_code_and_a_seed_source_is_named_in_words():
    assert label("channel", "phone", "zh") == "电话"
    assert label("priority", "urgent", "zh") == "紧急"
    assert label("category", "brand-ip", "zh") == "品牌与知识产权"
    assert label("category", "our own words", "zh") == "our own words"  # typed by a person
    assert label("category", None, "zh") == ""
    said = source_words("Seed S8: submit <early>", "zh")
    assert said.startswith("Seller Desk 所依据的原始文章，说法 S8：") and "Seed" not in said
    assert said.endswith('<span lang="en">submit &lt;early&gt;</span>')  # quoted, escaped
    assert source_words("Seller Central help page", "zh") == "Seller Central help page"


# codes and command-line fragments that must not be read on a Chinese page
RAW = re.compile(
    r"sellerdesk |--[a-z]|`|Seed S\d|\\d\{|\b(?:asin|order|sku|shipment|fnsku):\s|"
    r"\b(?:needs-action|waiting-amazon|"
    r"team-reply-due|amazon-reply-overdue|auto-close-soon|seller-support|self-service|"
    r"third-party|public-source|seed-claim|brand-ip|fba-reimbursement|account-health|"
    r"missing-[a-z-]+|invalid-[a-z-]+|wrong-category|language-mismatch|vague-description)\b"
)
# a text node that is nothing but one of these is a code shown as it is
BARE = {
    "phone", "chat", "case", "emergency", "normal", "high", "urgent", "draft", "submitted",
    "resolved", "closed", "na", "eu", "cn", "professional", "individual", "admin", "agent",
    "viewer", "in", "out", "note", "error", "warning", "info", "CN",
}  # fmt: skip


def visible_text(page: str) -> list[str]:
    """The text a person reads: no tags, attributes (form values, URLs), scripts, styles,
    typed form text or the English text to paste into Seller Central."""
    for hidden in ("script", "style", "textarea", r'pre class="copy[^"]*"', 'span lang="en"'):
        tag = hidden.split()[0]
        page = re.sub(rf"<{hidden}[^>]*>.*?</{tag}>", " ", page, flags=re.S)
    nodes = (html.unescape(n).strip() for n in re.split(r"<[^>]*>", page))
    return [n for n in nodes if n]


def _seed(api: Api) -> int:
    """A case with a coach category, priority, identifiers, a reply on a channel and a due
    reminder; returns its id."""
    state, start = api.state, datetime.now(UTC) - timedelta(days=3)
    common = {"sessions": state.sessions, "ctx": state.ctx}
    case_id = int(
        cases.create(
            **common,
            now=start,
            store="north",
            marketplace="US",
            subject="Listing removed after a complaint",
            body={
                "description": "Removed without notice.",
                "timeline": [{"at": "2026-03-05", "what": "removed"}],
            },
            asins=["B08N5WRWNW"],
            category="brand-ip",
            priority="high",
        )
    )
    mark = {**common, "case_id": case_id}
    cases.assign(**mark, now=start, user="agent_n")
    cases.move(**mark, now=start, status="submitted", amazon_case_id="17000000001")
    cases.log_event(**mark, now=start + timedelta(hours=2), direction="in", body="Thanks.")
    return case_id


def test_the_main_pages_in_chinese_show_words_not_codes(api: Api):
    case_id = _seed(api)
    client = browser(api, "root", **{"Accept-Language": "zh-CN"})
    client.cookies.set(SETUP_LATER_COOKIE, "1")
    new_case = {
        "csrf_token": token_of(client),
        "store": "north",
        "marketplace": "US",
        "subject": "FBA fee question",
        "description": "商品被下架了，请尽快处理",
        "category": "listing",
        "action": "check",
        "priority": "normal",
    }
    pages = {
        path: client.get(path)
        for path in (
            "/",
            "/cases",
            f"/cases/{case_id}",
            f"/cases/{case_id}/draft",
            "/cases/new",
            "/hours",
            "/stores",
            "/stores/north",
            "/admin",
            "/admin/users",
            "/admin/users/agent_n",
            "/admin/desks",
            "/admin/desks/na",
            "/admin/calendars",
            "/account",
            "/setup/zone",
        )
    }
    pages["new case, checked"] = client.post("/cases/new", data=new_case)
    for name, page in pages.items():
        assert page.status_code == 200, (name, page.text[:300])
        for node in visible_text(page.text):
            found = RAW.search(node)
            assert found is None, f"{name}: {found.group()!r} in {node!r}"
            assert node not in BARE, f"{name}: the code {node!r} is shown as it is"
    assert pages["/"].url.path == "/" and pages["/setup/zone"].url.path == "/setup/zone"
    hours = visible_text(pages["/hours"].text)
    assert "周一" in " ".join(hours) and not any(re.match(r"(Mon|Tue) \d", n) for n in hours)
    assert re.search(r'<span class="nowrap">\d\d:\d\d–\d\d:\d\d</span>', pages["/hours"].text)
