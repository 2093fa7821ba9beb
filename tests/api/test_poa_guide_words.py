"""The POA guide names where each rule and kind comes from in the reader's language
(third new-user trial of issue 16): 卖家平台帮助 / 我们的假设 in Chinese, the English page
title quoted; Seller Central help / Our assumption in English."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.web_support import browser


@pytest.mark.parametrize(
    ("lang", "said", "unsaid"),
    [
        (
            "zh",
            ("卖家平台帮助：'Reinstate your selling privileges'", "我们的假设："),
            "Seller Central help",
        ),
        (
            "en",
            ("Seller Central help: 'Reinstate your selling privileges'", "Our assumption:"),
            "卖家平台帮助",
        ),
    ],
)
def test_the_guide_names_each_source_in_the_readers_language(
    api: Api, lang: str, said: tuple[str, ...], unsaid: str
) -> None:
    page = browser(api, "agent_n", **{"Accept-Language": lang}).get("/poa")
    assert page.status_code == 200
    text = page.text.replace("&#39;", "'")
    assert all(words in text for words in said) and unsaid not in text
