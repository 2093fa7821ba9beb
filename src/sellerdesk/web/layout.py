"""What every page shares: the signed-in user, the language, the user's zone, rendering.

Times are shown in the signed-in user's own zone (My account), else the team's
(``team.timezone``, the one the CLI shows too: ``services/locale.py``). An admin who signs
in before the first-start setup is done is led to it (``web/setup.py``) from the dashboard.

Jinja2 autoescapes everything (no user text reaches a page unescaped); pages are sent with
a Content-Security-Policy that allows no script and only our own style sheet, and are never
cached. The language is ``?lang=``, else the ``lang`` cookie (set by the switch in the
navigation, and at sign-in from the user's own), else the team's (``lang`` setting), else
the first of zh/en in Accept-Language, else English.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from functools import cache
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from sellerdesk.core.cases.amazon_labels import amazon_label_code
from sellerdesk.core.errors import InvalidInput, SellerDeskError
from sellerdesk.core.hours.ranges import WEEKDAY_KEYS
from sellerdesk.core.i18n import catalog, normalise_lang, t
from sellerdesk.core.input_guard import scrub
from sellerdesk.core.sizes import human_size
from sellerdesk.core.zh_spacing import colon
from sellerdesk.services import locale, sign_in, user_config
from sellerdesk.web.session import session_secret
from sellerdesk.web.state import State as State  # pages import it from here with the rest
from sellerdesk.web.state import state_of as state_of

LANG_COOKIE = "lang"
SETUP_LATER_COOKIE = "setup_later"  # "finish the setup later": until the browser closes
MISSING: Any = object()
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@cache
def templates() -> Environment:
    return Environment(
        loader=PackageLoader("sellerdesk.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _accept_language(header: str) -> str | None:
    ranked = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if (lang := normalise_lang(tag)) is not None:
            ranked.append((-q, i, lang))
    return min(ranked)[2] if ranked else None


def page_lang(request: Request) -> str:
    return locale.language(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        state_of(request).settings.lang,  # the team's language (setup, `config set lang`)
        _accept_language(request.headers.get("accept-language", "")),
    )


def user_zone(request: Request, found: sign_in.WebSession | None = MISSING) -> tzinfo:
    """The zone times are shown in: the signed-in user's own (My account), else the team's.

    Like :func:`current`, a helper that :func:`render`, the error pages and the API's
    "not found" page call with only the request (no route to declare ``state: State``
    on), so it reads the runtime from the request itself."""
    if found is MISSING:
        found = current(request)
    state = state_of(request)
    own = found.principal.time_zone if found is not None else None
    try:
        return state.display_zone(own)
    except InvalidInput:  # a personal zone this release no longer knows: the team's
        return state.display_zone()


def local_path(value: str | None) -> str:
    """A same-site path to go back to (never another site: ``//x`` and ``/\\x`` are refused)."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    return value


def current(request: Request) -> sign_in.WebSession | None:
    secret = session_secret(request)
    if not secret:
        return None
    looked_up: sign_in.WebSession | None
    if (looked_up := getattr(request.state, "web_session", MISSING)) is not MISSING:
        return looked_up  # web/guard.py looked it up for this request already
    state = state_of(request)  # called by helpers with only the request: see user_zone
    return sign_in.session_of(state.sessions, secret, now=state.clock())


def to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


def signed_in(request: Request) -> sign_in.WebSession | Response:
    """The session, or the redirect to sign in (or to the forced password change)."""
    found = current(request)
    if found is None:
        secret = session_secret(request)
        if secret and sign_in.ended_by_disabling(state_of(request).sessions, secret):
            return to("/login?ended=disabled")  # the sign-in page says why
        return to("/login")
    if found.must_change_password:
        return to("/password")
    if request.url.path == "/" and setup_due(request, found):
        return to("/setup")
    return found


def setup_due(request: Request, found: sign_in.WebSession) -> bool:
    """Whether this admin is to be led to the first-start setup now: it is not done, and
    they did not choose "finish later" in this browser session."""
    return (
        found.principal.is_admin
        and SETUP_LATER_COOKIE not in request.cookies
        and user_config.setup_step(state_of(request).settings) is not None
    )


# Where each kind of code has its words: kinds named before the label tables were read in
# the catalogs their pages already used; any other kind in labels.<kind> (labels.toml).
LABEL_TABLES = {
    "status": "app.status",
    "priority": "case_page.priority",
    "region": "store_admin.region",
    "plan": "store_admin.plan",
    "support_plan": "store_admin.support_plan",
    "confidence": "desk_admin.confidence",
    "severity": "case_page.severity",
    "metric": "health.metric",
    "role": "people.role",
}


def label_key(kind: str, code: str) -> str:
    return f"{LABEL_TABLES.get(kind, 'labels.' + kind)}.{code}"


def label(kind: str, code: str | None, lang: str) -> str:
    """A code in words (``label("channel", "phone", "zh")`` -> 电话). A code with no words
    shows as itself: a category or tag a person typed is already their own words."""
    if not code:
        return ""
    key = label_key(kind, code)
    return t(key, lang) if key in catalog(lang) or key in catalog("en") else code


def amazon_label_words(text: str | None, lang: str) -> str:
    """Amazon's status label in the page's language when it is one Amazon uses ("Answered"
    -> 已回复); any other label shows as it was typed."""
    code = amazon_label_code(text)
    return label("amazon_label", code, lang) if code else (text or "")


# mail sources named by how the mail came in, not by a mailbox (services/mail/models.py)
_MAIL_WAYS = {"upload": "case_words.actor_mail_upload", "file": "case_words.actor_mail_file"}


def actor_words(author: str | None, lang: str) -> str:
    """Who did an event, as a person reads it: Seller Desk's own actors are stored as codes
    (``mail:amazon-us`` for a mailbox's mail, ``worker:host-12`` for the worker) and are said
    in words (邮件（amazon-us）); a person's name or a sender's address shows as it is."""
    who = (author or "").strip()
    kind, _, rest = who.partition(":")
    if kind == "mail" and rest:
        way = _MAIL_WAYS.get(rest)
        return t(way, lang) if way else t("case_words.actor_mail", lang, source=rest)
    if kind == "worker" and rest:
        return t("case_words.actor_worker", lang, worker=rest)
    return who


# "Seed S5: ..." / "Seed S12/S17; ...": a claim of the article the product grew from
_SEED_SOURCE = re.compile(r"^Seed (S\d+(?:\s*[/,]\s*S?\d+)*)\s*[:;]?\s*")


def source_words(text: str, lang: str) -> Markup:
    """A fact's source as a person reads it: the data's ``Seed S8: ...`` names the claim of
    the article Seller Desk grew from in the page's language; the rest is the source's own
    English words, quoted as written and marked ``lang="en"``."""
    found = _SEED_SOURCE.match(text or "")
    if found is None:
        return escape(text)
    claim = t("words.source.seed", lang, claim=found.group(1))
    rest = text[found.end() :]
    if not rest:
        return escape(claim)
    gap = "" if claim.endswith("：") else " "  # a full-width colon brings its own space
    return escape(claim) + Markup(gap + '<span lang="en">%s</span>') % rest


def day_label(day: date | datetime, lang: str) -> str:
    """``周一 11-30`` / ``Mon 11-30``: a day of a week table, in the page's language."""
    return f"{t('desk_admin.day_short.' + WEEKDAY_KEYS[day.weekday()], lang)} {day:%m-%d}"


def duration_text(seconds: float, lang: str) -> str:
    """``2 d 3 h`` / ``3 h 20 min`` / ``12 min`` (zh: ``2 天 3 小时``, core/zh_spacing)."""
    minutes = max(0, int(seconds // 60))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return t("app.time.days_hours", lang, d=days, h=hours)
    if hours:
        return t("app.time.hours_minutes", lang, h=hours, m=mins)
    return t("app.time.minutes", lang, m=mins)


def title_key_of(page: str, status: int = 200) -> str:
    """The catalog key of a page's <title> (every page's is in both languages: a test)."""
    if page == "error" and status == 404:  # "Page not found", not "Not possible"
        return "app.error.title_not_found"
    return f"web.{page}.title" if page in ("login", "password") else f"app.{page}.title"


def render(
    request: Request,
    page: str,
    status: int = 200,
    *,
    current: sign_in.WebSession | None = None,
    **values: Any,
) -> HTMLResponse:
    lang = page_lang(request)
    zone = user_zone(request, MISSING if current is None else current)

    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    def when(value: str | datetime | None, fmt: str = "%m-%d %H:%M") -> str:
        if not value:
            return ""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment.astimezone(zone).strftime(fmt)

    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    title_key = title_key_of(page, status)
    html = (
        templates()
        .get_template(f"{page}.html")
        .render(
            lang=lang,
            t=tr,
            title=tr(title_key),
            when=when,
            span=lambda s: duration_text(s, lang),
            size=human_size,  # 25 MiB: every size shown to people (core/sizes.py)
            label=lambda kind, code: label(kind, code, lang),  # codes in words, zh and en
            amazon_label=lambda text: amazon_label_words(text, lang),
            actor=lambda author: actor_words(author, lang),
            day=lambda d: day_label(d, lang),
            source=lambda text: source_words(text, lang),
            colon=colon(lang),  # after a label: "：" in Chinese, ": " in English (core/zh_spacing)
            zone=getattr(zone, "key", str(zone)),
            principal=current.principal if current else None,
            csrf_token=current.csrf_token if current else values.pop("csrf_token", ""),
            back=quote(here, safe="/"),
            path=request.url.path,
            **values,
        )
    )
    # scrub: a lone surrogate stored before the input checks shows as U+FFFD, not a 500
    return HTMLResponse(scrub(html), status_code=status, headers=PAGE_HEADERS)


def error_page(request: Request, found: sign_in.WebSession, status: int, message: str) -> Response:
    return render(request, "error", status, current=found, message=message)


def csrf_refused(request: Request, found: sign_in.WebSession) -> Response:
    return error_page(request, found, 403, t("web.login.csrf", page_lang(request)))


def problem_text(request: Request, exc: SellerDeskError) -> str:
    """A service error as one line in the page's language: what is wrong and how to fix it."""
    lang = page_lang(request)
    message, fix = exc.words(lang, page=True)
    # a fix is worded to follow a colon in the CLI ("… ; fix: remove it"); on a page it is a
    # sentence of its own, so it starts with a capital; Chinese sentences join with no space
    gap = "" if lang == "zh" and message.endswith(("。", "！", "？", "）")) else " "
    return f"{message}{gap}{fix[:1].upper()}{fix[1:]}" if fix else message


def signed_in_admin(request: Request) -> sign_in.WebSession | Response:
    """The signed-in admin; anyone else gets the sign-in page or "not found" (an admin page
    is not even admitted to exist)."""
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    if not found.principal.is_admin:
        return error_page(request, found, 404, t("app.error.not_found", page_lang(request)))
    return found
