"""The hours page (this week's desk windows in the user's zone, overlap with team hours) and
the Ask page (the knowledge base's self-service answers)."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sellerdesk.core.hours.ranges import WEEKDAY_KEYS
from sellerdesk.core.i18n import t
from sellerdesk.core.kb import load_knowledge_base
from sellerdesk.core.support_rules import HighPrioritySubmission
from sellerdesk.services import calendar_feeds, desk_hours
from sellerdesk.services.desk_planning import calendar_of_windows, plan_current_week
from sellerdesk.services.sign_in import WebSession
from sellerdesk.web.layout import (
    State,
    csrf_refused,
    label,
    page_lang,
    render,
    signed_in,
    state_of,
    to,
    user_zone,
)
from sellerdesk.web.session import CSRF_FIELD, same

router = APIRouter(include_in_schema=False)
CHANNEL = "case"


CALENDAR_WEEKS = 4
_SEED_CLAIM = re.compile(r"^Seed (S\d+)\b")  # rules.toml's "Seed S8: ..." sources
_DAY = {key[:3]: key for key in WEEKDAY_KEYS}  # "Mon" (as rules.toml writes days) -> "mon"


def _days_words(days: str, lang: str) -> str:
    """``Mon-Fri`` as a person says it (工作日 / weekdays; else each day in the page's words)."""
    spelled = days.strip().lower().replace(" ", "")
    if spelled == "mon-fri":
        return t("words.hours.weekdays", lang)
    if spelled == "mon-sun":
        return t("words.hours.every_day", lang)
    return (
        re.sub(
            r"[a-z]{3}",
            lambda m: (
                t(f"desk_admin.day_short.{_DAY[m.group()]}", lang)
                if m.group() in _DAY
                else m.group()
            ),
            spelled,
        )
        .replace("-", "–")
        .replace(",", "、" if lang == "zh" else ", ")
    )


def rule_words(rule: HighPrioritySubmission, lang: str) -> str:
    """The best-time rule and where it comes from, in the page's language: the claim number
    of the article the product grew from rather than rules.toml's English "Seed S8: ..."."""
    words = t("words.hours.rule", lang, days=_days_words(rule.days, lang), before=rule.before)
    fact = rule.fact
    seed = _SEED_CLAIM.match(fact.source)
    where = {
        "confidence": label("confidence", fact.confidence, lang),
        "as_of": fact.as_of.isoformat(),
    }
    if seed is not None:
        source = t("words.hours.rule_source_seed", lang, claim=seed.group(1), **where)
    else:
        source = t("words.hours.rule_source", lang, source=fact.source, **where)
    return f"{words} {source}"


@router.get("/hours")
def hours_page(request: Request) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    return _hours(request, found)


def _hours(request: Request, found: WebSession, secret_url: str = "") -> Response:
    state, zone, lang = state_of(request), user_zone(request), page_lang(request)
    now = state.clock()
    week = plan_current_week(state.ctx.desks, state.ctx.team, state.ctx.rules, now, zone)
    days = [(week.start + timedelta(days=i)).astimezone(zone).date() for i in range(7)]
    desks: list[dict[str, Any]] = []
    plans = {p.desk: p for p in week.plans}
    for desk in state.ctx.desks.values():
        if CHANNEL not in desk.channels:
            continue
        per_day: dict[Any, list[str]] = defaultdict(list)
        for w in desk_hours.list_windows(desk, CHANNEL, week.start, week.end):
            a, b = max(w.start, week.start).astimezone(zone), min(w.end, week.end).astimezone(zone)
            if b - a >= timedelta(hours=24):
                per_day[a.date()].append(t("words.hours.all_day", lang))
            else:
                per_day[a.date()].append(f"{a:%H:%M}–{b:%H:%M}")
        plan = plans.get(desk.key)
        desks.append(
            {
                "name": desk.name_zh if lang == "zh" else desk.name,
                "key": desk.key,
                "days": [per_day.get(d, []) for d in days],
                "overlap_hours": round(plan.overlap_seconds / 3600, 1) if plan else None,
                "best": plan.best_submit if plan else None,
            }
        )
    team = []
    for d in days:
        begin, end = desk_hours.local_day_range(d, 1, zone)
        spans = state.ctx.team.windows(begin, end)
        team.append([f"{a.astimezone(zone):%H:%M}–{b.astimezone(zone):%H:%M}" for a, b in spans])
    user_id = found.principal.user_id or 0
    feed_since = calendar_feeds.active_since(sessions=state.sessions, user_id=user_id)
    return render(
        request,
        "hours",
        current=found,
        days=days,
        desks=desks,
        team=team,
        week=week,
        rule_words=rule_words(week.rule, lang),
        calendars={"missing_year": None, "estimated": week.estimated},  # guessed years
        feed_since=feed_since,
        secret_url=secret_url,
    )


@router.post("/hours/calendar")
async def calendar_link(request: Request, state: State) -> Response:
    """Make a new secret iCal URL (the old one stops working) or revoke it."""
    found = await run_in_threadpool(signed_in, request)
    if isinstance(found, Response):
        return found
    form = await request.form(max_files=0, max_fields=5)
    if not same(str(form.get(CSRF_FIELD) or ""), found.csrf_token):
        return csrf_refused(request, found)
    user_id = found.principal.user_id or 0
    if form.get("action") == "revoke":
        calendar_feeds.revoke(sessions=state.sessions, now=state.clock(), user_id=user_id)
        return to("/hours")
    secret = calendar_feeds.renew(sessions=state.sessions, now=state.clock(), user_id=user_id)
    url = f"{request.base_url}ical/{secret}.ics"
    return await run_in_threadpool(_hours, request, found, url)


@router.get("/ical/{secret}.ics")
def calendar_feed(request: Request, state: State, secret: str) -> Response:
    """The desks' case windows from this Monday for four weeks, for a calendar app.

    The secret in the URL is the only credential (calendar apps send no cookie); a renewed
    or revoked one answers 404."""
    if calendar_feeds.user_of(sessions=state.sessions, secret=secret[:200]) is None:
        return Response("not found\n", status_code=404, media_type="text/plain")
    zone, now = user_zone(request), state.clock()
    week = plan_current_week(state.ctx.desks, state.ctx.team, state.ctx.rules, now, zone)
    keys = [k for k, d in state.ctx.desks.items() if CHANNEL in d.channels]
    body = calendar_of_windows(
        state.ctx.desks,
        keys,
        [CHANNEL],
        week.start,
        week.start + timedelta(weeks=CALENDAR_WEEKS),
        titles={(k, CHANNEL): f"{state.ctx.desks[k].name}: case desk open" for k in keys},
        calendar_name="Seller Desk: Seller Support hours",
        stamp=now,
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/ask")
def ask_page(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    question = (request.query_params.get("q") or "").strip()[:500]
    answers = []
    if question:
        answers = load_knowledge_base(state.settings.home).search(question, limit=5)
    return render(request, "ask", current=found, question=question, answers=answers)
