"""One set of checks for single-line fields and one way to show sizes (issue 13 follow-ups,
items 4 and 6), pure: no database."""

from __future__ import annotations

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.input_guard import check_length, check_line
from sellerdesk.core.sizes import human_size
from sellerdesk.web.uploads import too_large


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_a_bidirectional_control_in_a_single_line_field_is_refused_naming_it(control):
    with pytest.raises(InvalidInput) as err:
        check_line(f"refund {control}live", "--subject")
    assert err.value.key == "input.bidi_control" and err.value.field == "--subject"
    assert f"U+{ord(control):04X}" in err.value.message
    assert f"U+{ord(control):04X}" in err.value.words("zh")[0]


@pytest.mark.parametrize("blank", ["", "   ", "\u200b", "\ufeff", "\u200b \u200c\u2060\t"])
def test_a_required_value_with_nothing_visible_is_refused(blank):
    with pytest.raises(InvalidInput) as err:
        check_line(blank, "NAME")
    assert err.value.key == "input.blank" and err.value.field == "NAME"


def test_ordinary_text_in_any_script_passes_the_single_line_check():
    for text in ("Listing B08N5WRWNW removed", "退款未到账", "مرحبا", "a\u200bb"):
        assert check_line(text, "--subject") == text


def test_an_overlong_value_is_refused_never_cut():
    assert check_length("x" * 200, "name", 200) == "x" * 200
    with pytest.raises(InvalidInput) as err:
        check_length("x" * 201, "name", 200)
    assert err.value.key == "input.too_long" and err.value.params["size"] == 201


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (900, "900 B"),
        (1024, "1 KiB"),
        (1536, "1.5 KiB"),
        (25 * 1024**2, "25 MiB"),
        (27262976, "26 MiB"),
        (3 * 1024**3, "3 GiB"),
    ],
)
def test_sizes_are_shown_in_binary_units_people_read(size, shown):
    assert human_size(size) == shown


def test_the_upload_refusal_shows_human_sizes_and_page_words_a_person_can_follow():
    error = too_large(26 * 1024**2 + 65536, 25 * 1024**2, {})
    api_message, api_fix = error.words("en")
    assert "26.1 MiB" in api_message and "25 MiB" in (api_fix or "")
    for lang in ("zh", "en"):
        message, fix = error.words(lang, page=True)
        text = f"{message} {fix}"
        assert "25 MiB" in text and "字节" not in text and "bytes" not in text
        assert "此接口" not in text and "提高上限" not in text and "endpoint" not in text
        assert "raise the limit" not in text
