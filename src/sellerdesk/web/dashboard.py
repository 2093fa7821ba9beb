"""The dashboard: desks open now (with countdowns computed here, no script), the cases that
breach next, reminders due, and three charts of the team's own data."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sellerdesk.core.i18n import t
from sellerdesk.core.zones import zone_named
from sellerdesk.services import cases, desk_hours, holiday_years, team_stats
from sellerdesk.services.cases import followups as reminders
from sellerdesk.services.runtime import Runtime
from sellerdesk.web import charts
from sellerdesk.web.layout import State, label, page_lang, render, signed_in

router = APIRouter(include_in_schema=False)
# the channels where a person answers; self-service pages and emergency forms never close
HUMAN_CHANNELS = ("case", "chat", "phone")


def _desks(state: Runtime, lang: str) -> list[dict[str, Any]]:
    now = state.clock()
    rows = []
    for s in desk_hours.status_board(state.ctx.desks, now, channels=HUMAN_CHANNELS):
        change = s.next_change
        rows.append(
            {
                "desk": s.desk.name_zh if lang == "zh" else s.desk.name,
                "channel": s.channel,
                "open": s.open_now,
                "change": change,
                "in_seconds": None if change is None else (change - now).total_seconds(),
                "plan": s.requires_plan,
            }
        )
    rows.sort(key=lambda r: (not r["open"], r["in_seconds"] or 0))
    return rows


def _calendar_notes(state: Runtime, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """December's banner (next year's arrangement for China is missing, on the team's
    clock) and the estimated years the desk board and the team's hours rest on now."""
    now = state.clock()
    horizon = max((r["change"] for r in rows if r["change"] is not None), default=now)
    schedules = [state.ctx.team] + [
        d.schedule(c) for d in state.ctx.desks.values() for c in d.channels if c in HUMAN_CHANNELS
    ]
    team_zone = zone_named(state.ctx.team_zone, field="team.timezone")
    return {
        "missing_year": holiday_years.missing_next_year(now, team_zone),
        "estimated": desk_hours.estimated_years(schedules, now, horizon),
    }


def _charts(stats: team_stats.TeamStats, lang: str) -> dict[str, Any]:
    enough = team_stats.MIN_CASES
    edges = team_stats.REPLY_BINS_HOURS

    # hours, as the chart's title says (a unit under each bar would not fit a phone)
    labels = [f"<{edges[0]}"] + [f"{a}–{b}" for a, b in pairwise(edges)] + [f">{edges[-1]}"]
    out: dict[str, Any] = {"min": enough}
    if len(stats.first_reply_hours) >= enough:
        out["reply"] = charts.histogram(
            labels, stats.reply_histogram(), title=t("app.dashboard.chart_reply", lang)
        )
    rows = [
        (label("category", name, lang), rate.share, f"{rate.resolved}/{rate.total}")
        for name, rate in list(stats.by_category.items())[:8]
        if rate.total
    ]
    markets = [
        (label("marketplace", name, lang), rate.share, f"{rate.resolved}/{rate.total}")
        for name, rate in stats.by_marketplace.items()
    ]
    if sum(r.total for r in stats.by_category.values()) >= enough:
        out["category"] = charts.share_bars(rows, title=t("app.dashboard.chart_category", lang))
        out["marketplace"] = charts.share_bars(
            markets, title=t("app.dashboard.chart_marketplace", lang)
        )
    if stats.structured.total >= enough and stats.unstructured.total >= enough:
        out["structured"] = charts.share_bars(
            [
                (
                    t("app.dashboard.structured", lang),
                    stats.structured.share,
                    f"{stats.structured.resolved}/{stats.structured.total}",
                ),
                (
                    t("app.dashboard.unstructured", lang),
                    stats.unstructured.share,
                    f"{stats.unstructured.resolved}/{stats.unstructured.total}",
                ),
            ],
            title=t("app.dashboard.chart_structured", lang),
        )
    return out


@router.get("/")
def dashboard(request: Request, state: State) -> Response:
    found = signed_in(request)
    if isinstance(found, Response):
        return found
    lang, principal = page_lang(request), found.principal
    now = state.clock()
    upcoming = [
        c
        for c in cases.list_cases(
            sessions=state.sessions,
            now=now,
            limit=10,
            principal=principal,
            cache=state.list_cache,
        )
        if c["next_breach_at"]
    ]
    for case in upcoming:
        due = case["next_breach_at"]
        case["left_seconds"] = None if case["breached"] else (_parse(due) - now).total_seconds()
    due = reminders.reminders_due(state.sessions, now=now, ctx=state.ctx, principal=principal)
    mine = [d for d in due if d.case_assignee in (None, principal.name)]  # mine or nobody's
    stats = team_stats.measure(sessions=state.sessions, principal=principal)
    desks = _desks(state, lang)
    return render(
        request,
        "dashboard",
        current=found,
        desks=desks,
        calendars=_calendar_notes(state, desks),
        upcoming=upcoming,
        reminders=mine[:20],
        charts=_charts(stats, lang),
        measured=len(stats.first_reply_hours),
        submitted=sum(r.total for r in stats.by_category.values()),
        latest_cap=team_stats.LATEST_CASES,
    )


def _parse(iso: str) -> datetime:
    return datetime.fromisoformat(iso)
