"""Lines broken as a typesetter would, measured with every character one unit wide
(two for a CJK one, as in a monospaced CJK font)."""

from __future__ import annotations

from sellerdesk.core.text_wrap import is_wide, wrap_paragraph, wrap_text


def width(ch: str) -> float:
    return 2.0 if is_wide(ch) else 1.0


def test_chinese_breaks_between_any_two_characters_filling_each_line() -> None:
    assert wrap_paragraph("我们立即联系了供应商取得发票", 8, width) == [
        "我们立即",
        "联系了供",
        "应商取得",
        "发票",
    ]


def test_no_line_starts_with_closing_punctuation_or_ends_with_opening() -> None:
    # 。 would start the second line: 商 goes with it; （ would end a line: it moves down
    assert wrap_paragraph("联系了供应商。好", 12, width) == ["联系了供应", "商。好"]
    assert wrap_paragraph("请看发（见附件）", 8, width) == ["请看发", "（见附", "件）"]


def test_an_order_number_moves_to_the_next_line_whole() -> None:
    lines = wrap_paragraph("订单113-1234567-1234567被取消", 20, width)
    assert lines == ["订单", "113-1234567-1234567", "被取消"]


def test_latin_text_breaks_at_spaces_and_drops_the_space_at_the_break() -> None:
    assert wrap_paragraph("refund on 2026-11-20 done", 12, width) == [
        "refund on",
        "2026-11-20",
        "done",
    ]


def test_a_word_wider_than_the_line_is_cut_only_as_a_last_resort() -> None:
    assert wrap_paragraph("see 0123456789abcdef ok", 8, width) == [
        "see",
        "01234567",
        "89abcdef",
        "ok",
    ]


def test_newlines_stay_and_no_character_is_added_or_lost() -> None:
    text = "第一行\n订单 113-1234567-1234567 在 2026-11-20 被取消，买家要求退款"
    wrapped = wrap_text(text, 20, width)
    assert wrapped.startswith("第一行\n")
    assert "".join(wrapped.split()) == "".join(text.split())
    assert all(sum(map(width, line)) <= 20 for line in wrapped.split("\n"))


def test_a_figure_and_its_unit_stay_on_one_line() -> None:
    """ "0 min" at the end of a line moves down whole, as a typesetter keeps "0 min" together;
    so do "12 MB" and a Chinese "2 天"; a long word after a figure is no unit and may go."""

    def one(ch: str) -> float:
        return 2.0 if is_wide(ch) else 1.0

    assert wrap_text("waited for 0 min", 12, one).split("\n") == ["waited for", "0 min"]
    assert wrap_text("file of 12 MB", 10, one).split("\n") == ["file of", "12 MB"]
    assert wrap_text("等待了 2 天", 10, one).split("\n") == ["等待了", "2 天"]
    assert wrap_text("at 3 marketplaces", 6, one).split("\n")[0] == "at 3"
