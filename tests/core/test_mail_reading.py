"""The pure part of mail read in: charsets, Case IDs in the issue's order, auto-replies,
sender rules (and a team's override), quoted history, HTML made safe."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from sellerdesk.core.errors import InvalidInput
from sellerdesk.core.mail.case_ids import find_case_ids
from sellerdesk.core.mail.charsets import decode_bytes, decode_header_value
from sellerdesk.core.mail.parse import MalformedMail, parse_mail
from sellerdesk.core.mail.senders import is_auto_reply, load_mail_rules
from sellerdesk.core.mail.text import html_to_text, sanitise_html, trim_quoted


def _b(text: str, charset: str, codec: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(codec)).decode()}?="


@pytest.mark.parametrize(
    ("charset", "codec", "text"),
    [
        ("GB2312", "gbk", "关于您的案例"),  # labelled GB2312, sent as GBK
        ("GBK", "gbk", "亚马逊卖家支持"),
        ("GB18030", "gb18030", "案例已更新"),
        ("Big5", "big5", "案例回覆"),
        ("ISO-2022-JP", "iso2022_jp", "ケースについて"),
        ("Shift_JIS", "cp932", "出品サポート①"),
    ],
)
def test_an_encoded_header_in_an_east_asian_charset_reads_as_text(charset, codec, text):  # type: ignore[no-untyped-def]
    assert decode_header_value(_b(text, charset, codec)) == text


def test_a_folded_header_of_adjacent_encoded_words_reads_as_one_line():
    raw = "=?utf-8?Q?Your_case?=\r\n =?utf-8?Q?_17764065161?=\r\n attention"
    assert decode_header_value(raw) == "Your case 17764065161 attention"


def test_broken_bytes_and_unknown_charsets_survive_with_replacement_characters():
    assert decode_header_value("=?x-unknown?B?SGVsbG8=?=") == "Hello"
    assert decode_bytes("案例".encode("gbk") + b"\xff", "gb2312").startswith("案例")
    assert decode_bytes(b"\xff\xfe abc", None).endswith("abc")


def test_a_case_link_comes_before_a_case_id_in_the_subject_and_then_the_body():
    found = find_case_ids(
        "Re: Case ID 12345678901",
        "see Fall 17764065161",
        ["https://sellercentral.amazon.de/cu/case-dashboard/view-case?caseID=19999999999"],
    )
    assert [how for how, _ in found.in_order()] == ["case-link", "case-id-subject", "case-id-body"]
    assert found.from_links == ("19999999999",)


@pytest.mark.parametrize(
    "text",
    [
        "案例 ID：15432109876",
        "ケースID: 15432109876",
        "Ihr Fall 15432109876",
        "Su caso 15432109876",
        "Votre cas 15432109876",
        "Cases 15432109876 and",
    ],
)
def test_a_case_id_is_read_next_to_its_word_in_each_language(text):  # type: ignore[no-untyped-def]
    assert find_case_ids(text, "").from_subject == ("15432109876",)


def test_a_number_far_from_the_word_case_or_too_short_is_not_a_case_id():
    assert (
        find_case_ids(
            "Order 111-2223334-5556667", "Case closed. " + "x" * 60 + " 12345678901"
        ).in_order()
        == []
    )
    assert find_case_ids("Case 12345", "").in_order() == []


def test_auto_replies_are_told_by_their_headers_and_subjects():
    assert is_auto_reply({"auto-submitted": "auto-replied"}, "x", from_amazon=True)
    assert is_auto_reply({"x-autoreply": "yes"}, "x", from_amazon=False)
    assert is_auto_reply({"x-autorespond": "1"}, "x", from_amazon=False)
    assert is_auto_reply({}, "自动回复：我不在", from_amazon=False)
    assert is_auto_reply({"precedence": "bulk"}, "news", from_amazon=False)
    assert not is_auto_reply({"precedence": "bulk"}, "Your case", from_amazon=True)
    assert not is_auto_reply({"auto-submitted": "no"}, "Re: case", from_amazon=False)


def test_sender_rules_tell_case_replies_notices_and_other_amazon_mail():
    rules = load_mail_rules()
    assert rules.sender_kind("seller-support@sellercentral.amazon.co.jp") == "case-reply"
    assert rules.sender_kind("seller-performance@amazon.co.uk") == "notice"
    assert rules.sender_kind("seller-notification@amazon.com") == "amazon"
    assert rules.sender_kind("seller-support@amazon.com.evil.example") is None
    assert rules.notice_for("Your listing has been removed").name == "listing-removal"


def test_a_teams_rule_file_overrides_the_shipped_rules(tmp_path: Path):
    (tmp_path / "mail_senders.toml").write_text(
        '[team]\naddresses = ["ops@example.cn"]\n\n'
        '[[sender]]\nmatch = "cases@amazon-support.example"\n'
        'kind = "case-reply"\n',
        encoding="utf-8",
    )
    rules = load_mail_rules(tmp_path)
    assert rules.is_team("OPS@example.cn")
    assert rules.sender_kind("cases@amazon-support.example") == "case-reply"
    assert rules.sender_kind("seller-performance@amazon.com") == "notice"  # shipped still there


def test_a_broken_rule_file_is_refused_naming_it(tmp_path: Path):
    (tmp_path / "mail_senders.toml").write_text(
        '[[sender]]\nmatch = "x@y"\nkind = "boss"\n', encoding="utf-8"
    )
    with pytest.raises(InvalidInput) as err:
        load_mail_rules(tmp_path)
    assert err.value.field == "mail_senders.toml"


def test_quoted_history_is_trimmed_from_a_reply_but_a_forward_keeps_what_it_forwards():
    reply = "Thanks.\n\nOn Mon, 1 Dec 2026, Amazon <a@b.c> wrote:\n> old\n> older"
    assert trim_quoted(reply, subject="Re: x") == "Thanks."
    foxmail = "好的\n------------------ 原始邮件 ------------------\n发件人: x"
    assert trim_quoted(foxmail, subject="回复：x") == "好的"
    forward = "FYI\n-----Original Message-----\nFrom: Amazon\nCase 1"
    assert "Case 1" in trim_quoted(forward, subject="FW: x")


def test_html_is_read_as_text_and_shown_without_script_style_handlers_or_pixels():
    html = (
        '<style>p{}</style><script>alert(1)</script><p onclick="x()">Hi <b>there</b></p>'
        '<img src="https://t.example/p.gif"><a href="https://sellercentral.amazon.com/x?caseID=1&amp;a=2">go</a>'
    )
    text, links = html_to_text(html)
    assert text.startswith("Hi there") and "alert" not in text
    assert links == ["https://sellercentral.amazon.com/x?caseID=1&a=2"]
    safe = sanitise_html(html)
    assert "<script" not in safe and "onclick" not in safe and "<img" not in safe
    assert "<style" not in safe and 'rel="noopener noreferrer nofollow"' in safe


def test_bytes_without_mail_headers_are_malformed():
    with pytest.raises(MalformedMail):
        parse_mail(b"\x00\x01 not a mail")
    with pytest.raises(MalformedMail):
        parse_mail(b"   ")
