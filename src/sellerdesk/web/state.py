"""The app's runtime as pages and routes receive it: typed, through FastAPI's ``Depends``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sellerdesk.services.runtime import Runtime


def state_of(request: Request) -> Runtime:
    """The runtime ``create_app`` built once (``api/state.build_state``), with config.toml
    as it is now (a ``config set`` while the server runs: ``Runtime.follow_config``)."""
    state: Runtime = request.app.state.sellerdesk
    state.follow_config()
    return state


State = Annotated[Runtime, Depends(state_of)]  # a page's or route's app state, typed
