"""The store profile forms of the web app: an admin creates a store (on /stores), edits its
profile and removes it (on /stores/{name}).

The pages only read the form and show the answer: ``services/stores`` decides, with the
same rules as ``store add|update|remove`` and ``/api/v1/stores``. A refusal is shown on the
same page, in the page's language, naming the field, with what was typed kept; the codes
(region, plan, marketplace, support plan) are shown with their words from the catalogs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response

from sellerdesk.core.errors import SellerDeskError
from sellerdesk.core.i18n import t
from sellerdesk.core.input_guard import check_length
from sellerdesk.services import stores
from sellerdesk.services.runtime import Runtime
from sellerdesk.services.sign_in import WebSession
from sellerdesk.services.store_views import StoreView, UpdatedStore
from sellerdesk.web.layout import page_lang, problem_text, render

MAX_TEXT = 600  # characters in a text field (the service refuses what it cannot keep)
SUPPORT_PLANS = ("standard", "sas", "account-manager")  # suggested; any text is accepted
DONE = ("added", "saved", "unchanged", "removed")  # the notices a redirect may ask for
KINDS = {"region": "region", "plan": "plan", "marketplaces": "marketplace"}


class FormFields(Protocol):
    """What the pages read from a posted form (Starlette's FormData)."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


def label(kind: str, code: str, lang: str) -> str:
    """The words for a code (``na`` → 北美 / North America), or the code itself."""
    key = f"store_admin.{kind}.{code}"
    text = t(key, lang)
    return code if text == key else text


def market_label(code: str, lang: str) -> str:
    """A marketplace as a person reads it: ``美国 (US)``."""
    text = label("marketplace", code, lang)
    return code if text == code else f"{text} ({code})"


@dataclass(frozen=True)
class StoreForm:
    """What the profile form shows: a store's values, or what was typed."""

    name: str = ""
    region: str = ""
    ticked: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # region → codes
    plan: str = "professional"
    verified: bool = False
    support_plan: str = ""

    @classmethod
    def of(cls, store: StoreView) -> StoreForm:
        return cls(
            name=store.name,
            region=store.region,
            ticked={store.region: store.marketplaces},
            plan=store.plan,
            verified=store.verified,
            support_plan=store.support_plan or "",
        )

    @classmethod
    def posted(cls, form: FormFields) -> StoreForm:
        """The values of a posted form, each text field refused when over-long."""
        texts = {}
        for name in ("name", "region", "plan", "support_plan"):
            value = form.get(name)
            texts[name] = check_length(value if isinstance(value, str) else "", name, MAX_TEXT)
        ticked = {}
        for region in stores.REGIONS:
            codes = [c for c in form.getlist(f"marketplace-{region}") if isinstance(c, str)]
            ticked[region] = tuple(check_length(c, "marketplaces", 20) for c in codes)
        return cls(
            name=texts["name"],
            region=texts["region"],
            ticked=ticked,
            plan=texts["plan"],
            verified=form.get("verified") == "on",
            support_plan=texts["support_plan"],
        )

    @property
    def marketplaces(self) -> list[str]:
        """Every code ticked: the chosen region's first (the service checks they fit)."""
        order = [self.region, *(r for r in self.ticked if r != self.region)]
        return list(dict.fromkeys(c for r in order for c in self.ticked.get(r, ())))

    def is_ticked(self, region: str, code: str) -> bool:
        return code in self.ticked.get(region, ())


@dataclass(frozen=True)
class RegionChoice:
    code: str
    label: str
    marketplaces: tuple[tuple[str, str], ...]  # (code, label)


def form_values(state: Runtime, lang: str, form: StoreForm | None = None) -> dict[str, Any]:
    """What the profile form's template needs besides the values: the choices, in words.

    A code the form holds that its region does not offer (a store made before the rule,
    or desks changed since) is offered too, so that saving does not drop it unseen."""
    held = form.ticked if form is not None else {}
    regions = [
        RegionChoice(
            code=region,
            label=label("region", region, lang),
            marketplaces=tuple(
                (c, market_label(c, lang)) for c in dict.fromkeys((*codes, *held.get(region, ())))
            ),
        )
        for region, codes in stores.region_marketplaces(state.ctx).items()
    ]
    return {
        "form": form or StoreForm(),
        "regions": regions,
        "plan_choices": [(p, label("plan", p, lang)) for p in stores.PLANS],
        "support_plans": [(s, label("support_plan", s, lang)) for s in SUPPORT_PLANS],
        "market_label": lambda code: market_label(code, lang),
    }


def create(state: Runtime, found: WebSession, form: StoreForm) -> StoreView:
    principal = found.principal
    return stores.add(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        name=form.name,
        region=form.region,
        marketplaces=form.marketplaces,
        plan=form.plan or "professional",  # the default of `store add` and the API
        verified=form.verified,
        support_plan=form.support_plan,
        principal=principal,
    )


def save_profile(state: Runtime, found: WebSession, name: str, form: StoreForm) -> UpdatedStore:
    principal = found.principal
    return stores.update(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        name=name,
        region=form.region,
        marketplaces=form.marketplaces,
        plan=form.plan or None,  # left as it is
        verified=form.verified,
        support_plan=form.support_plan,
        principal=principal,
    )


def remove(state: Runtime, found: WebSession, name: str) -> StoreView:
    principal = found.principal
    return stores.remove(
        sessions=state.sessions,
        now=state.clock(),
        ctx=state.context_for(principal),
        name=name,
        principal=principal,
    )


def _listed(text: Any, words: Callable[[str], str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(words(code.strip()) for code in str(text).split(","))


def _relabelled(exc: SellerDeskError, lang: str) -> SellerDeskError:
    """The same error with its codes in words (the catalogs format the parameters)."""
    params = dict(exc.params)
    markets: Callable[[str], str] = lambda code: market_label(code, lang)  # noqa: E731
    if exc.key == "store.outside_region":
        params["region"] = label("region", str(params["region"]), lang)
        params["codes"] = _listed(params["codes"], markets, lang)
        params["allowed"] = _listed(params["allowed"], markets, lang)
    elif exc.key == "case.not_allowed_here" and (kind := KINDS.get(exc.field or "")):
        words = markets if kind == "marketplace" else lambda code: label(kind, code, lang)
        params["allowed"] = _listed(params["allowed"], words, lang)
    else:
        return exc
    return type(exc).of(exc.key, field=exc.field, **params)


def error_text(request: Request, exc: SellerDeskError) -> str:
    """The refusal as one line naming the field, in the page's language."""
    lang = page_lang(request)
    text = problem_text(request, _relabelled(exc, lang))
    name = t(f"store_admin.field.{exc.field}", lang) if exc.field else ""
    if not name or name.startswith("store_admin."):
        return text
    return t("store_admin.field_error", lang, field=name, text=text)


def notice(request: Request) -> str:
    """The line a redirect asked for (``?done=saved``): only the known ones."""
    done = request.query_params.get("done", "")
    return t(f"store_admin.{done}", page_lang(request)) if done in DONE else ""


def store_path(name: str) -> str:
    return "/stores/" + quote(" ".join(name.split()), safe="")


def removal_page(
    request: Request,
    state: Runtime,
    found: WebSession,
    name: str,
    status: int = 200,
    error: str = "",
) -> Response:
    """The confirmation step of a removal: what the store has, and what removal does."""
    shown = stores.removal_of(sessions=state.sessions, name=name, principal=found.principal)
    return render(
        request,
        "store_remove",
        status,
        current=found,
        removal=shown,
        store_path=store_path(shown.store.name),
        error=error,
        **form_values(state, page_lang(request)),
    )
