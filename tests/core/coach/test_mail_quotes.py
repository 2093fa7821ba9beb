"""E-mail pasted into a draft keeps who said it and when (issue 16): a quoted or forwarded mail
is one description line "Sender (YYYY-MM-DD): text", dated mail is an event of its day, and
render -> parse -> render stays stable with quotes in the draft."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sellerdesk.core.coach.draft import Draft
from sellerdesk.core.coach.mail_quotes import iso_date
from sellerdesk.core.coach.reading import parse_draft
from sellerdesk.core.coach.render import render_case

GMAIL = """Subject: Appeal for deactivated account

We received this:

On Tue, Nov 24, 2026 at 10:02 AM Amazon Seller Performance <seller-performance@amazon.com> wrote:
> Hello,
>
> We have deactivated your selling account.
> Your funds will be held.
>
> Sincerely,
> Seller Performance Team

The invoices are genuine.
"""


def _read(text: str) -> Draft:
    return parse_draft(text, ".txt")


def test_a_gmail_quote_is_one_line_attributed_to_its_sender_and_date():
    draft = _read(GMAIL)
    assert draft.description.splitlines() == [
        "We received this:",
        "Amazon Seller Performance (2026-11-24): We have deactivated your selling account."
        " Your funds will be held.",
        "The invoices are genuine.",
    ]
    assert [(e.at, e.what) for e in draft.timeline] == [
        ("2026-11-24", "Amazon Seller Performance: We have deactivated your selling account.")
    ]


def test_a_chinese_gmail_quote_joins_its_lines_without_spaces():
    text = "亚马逊回复：\n\n在 2026年11月26日 10:02，Amazon 写道：\n"
    text += "> 您好，\n> 发票不符合要求。\n> 请重新提交。\n"
    draft = _read(text)
    assert draft.description.splitlines()[-1] == "Amazon (2026-11-26): 发票不符合要求。请重新提交。"
    assert draft.timeline[0].what == "Amazon: 发票不符合要求。"


def test_an_outlook_forward_header_is_not_read_as_the_drafts_subject():
    text = (
        "Subject: Listing removed\n\nPlease help.\n\n-----Original Message-----\n"
        "From: Amazon Notifications <notice@amazon.com>\n"
        "Sent: Wednesday, November 25, 2026 3:41 PM\nTo: ops@example.com\n"
        "Subject: Notice: Policy Warning\n\nHello,\n\nWe removed your listing B0D4KQ7W2N.\n\n"
        "Thank you,\nAmazon Seller Performance Team\n"
    )
    draft = _read(text)
    assert draft.subject == "Listing removed"
    assert draft.description.splitlines() == [
        "Please help.",
        "Amazon Notifications (2026-11-25): We removed your listing B0D4KQ7W2N.",
    ]
    assert draft.asins == ["B0D4KQ7W2N"]


def test_a_foxmail_forward_takes_its_sender_and_date_from_the_chinese_header():
    text = (
        "资金被冻结。\n\n------------------ 原始邮件 ------------------\n"
        '发件人: "Amazon.de" <seller-notification@amazon.de>;\n'
        "发送时间: 2026年11月18日(星期三) 上午8:30\n收件人: finance@example.com\n"
        "主题: Ihre Auszahlung\n\nGuten Tag,\n\nwir haben Ihre Auszahlung zurückgestellt.\n\n"
        "Mit freundlichen Grüßen\nAmazon Services Europe\n"
    )
    draft = _read(text)
    assert draft.description.splitlines()[-1] == (
        "Amazon.de (2026-11-18): wir haben Ihre Auszahlung zurückgestellt."
    )


def test_a_nested_quote_is_a_line_of_its_own_and_events_stay_in_date_order():
    text = (
        "2026-11-30：再次申诉\n\n"
        "Amazon <a@amazon.com> 于2026年11月29日周日 下午3:15写道：\n> 无法恢复该商品。\n>\n"
        "> 2026年11月27日 09:40，卓越数码 写道：\n> > 我们的设计早于该专利。\n"
    )
    draft = _read(text)
    assert draft.description.splitlines() == [
        "Amazon (2026-11-29): 无法恢复该商品。",
        "卓越数码 (2026-11-27): 我们的设计早于该专利。",
    ]
    assert [e.at for e in draft.timeline] == ["2026-11-27", "2026-11-29", "2026-11-30"]


def test_no_event_is_added_on_a_day_the_sellers_timeline_already_has():
    draft = _read(GMAIL + "\nTimeline:\n- 2026-11-24: account deactivated\n")
    assert [(e.at, e.what) for e in draft.timeline] == [("2026-11-24", "account deactivated")]


def test_a_quote_without_attribution_keeps_its_lines_as_prose():
    draft = _read("Subject: x\n\nThe message says:\n\n> Line one.\n> Line two.\n")
    assert draft.description.splitlines() == ["The message says:", "Line one.", "Line two."]
    assert draft.timeline == []


def test_attribution_dates_are_read_in_the_mail_clients_languages():
    assert iso_date("On Tue, Nov 24, 2026 at 10:02 AM") == "2026-11-24"
    assert iso_date("Am 26.11.2026 um 10:02 schrieb") == "2026-11-26"
    assert iso_date("El mar, 26 nov 2026 a las 10:02") == "2026-11-26"
    assert iso_date("2026年11月26日(星期三) 上午8:30") == "2026-11-26"
    assert iso_date("Wednesday, November 25, 2026 3:41 PM") == "2026-11-25"
    assert iso_date("no date here") == ""


# -- property: a draft with a quote renders, reads back and renders the same ----------------

WORDS = ("we", "removed", "listing", "your", "account", "invoice", "review", "商品", "发票", "审核")
BODY_LINE = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(" ".join).map(lambda s: s + "."),
    st.sampled_from(["- see the policy page", "1. open Inventory", "Error 5665: approval needed"]),
    st.sampled_from(["Subject: RE: your case", "ASIN: B0D4KQ7W2N", "Case ID 12987654321"]),
)
SENDER = st.sampled_from(["Amazon Seller Support", "Amazon", "亚马逊卖家支持", "Amazon.de"])
DAY = st.integers(1, 28)


def _attributed(sender: str, day: int, style: int, body: list[str]) -> str:
    if style == 0:
        head = f"On Tue, Nov {day}, 2026 at 10:02 AM {sender} <support@amazon.com> wrote:"
        return "\n".join([head, "> Hello,", *(f"> {line}" for line in body), "> Thanks,"])
    if style == 1:
        head = f"在 2026年11月{day}日 10:02，{sender} 写道："
        return "\n".join([head, *(f"> {line}" for line in body)])
    header = [
        "-----Original Message-----",
        f"From: {sender} <support@amazon.com>",
        f"Sent: Tuesday, November {day}, 2026 10:02 AM",
        "Subject: RE: case",
        "",
    ]
    return "\n".join([*header, *body, "", "Regards,", sender])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SENDER, DAY, st.integers(0, 2), st.lists(BODY_LINE, min_size=1, max_size=5), st.booleans())
def test_quotes_read_as_one_block_and_render_parse_render_is_stable(
    sender: str, day: int, style: int, body: list[str], dated_event: bool
):
    event = f"\nTimeline:\n- 2026-11-{day:02d}: we got the mail\n" if dated_event else ""
    text = f"Subject: Appeal\n\nAmazon wrote to us.\n\n{_attributed(sender, day, style, body)}\n"
    if style < 2:  # a forward runs to the end of the draft; a reply quote ends with its '>'
        text += event
    draft = _read(text)
    blocks = [x for x in draft.description.splitlines() if x.startswith(f"{sender} (")]
    assert blocks == [blocks[0]] and blocks[0].startswith(f"{sender} (2026-11-{day:02d}): ")
    for line in body:  # each quoted line once, inside the block, never a list item
        assert draft.description.count(line) == blocks[0].count(line) >= 1
        assert line not in draft.steps and line not in draft.error_codes
    assert draft.subject == "Appeal"
    assert [e.at for e in draft.timeline].count(f"2026-11-{day:02d}") == 1
    for lang in ("en", "zh"):
        first = render_case(draft, lang=lang, category="account-health").text
        assert not any(x.lstrip().startswith(">") for x in first.splitlines())
        again = render_case(_read(first), lang=lang, category="account-health").text
        assert again == first


def test_a_from_and_date_in_a_shipment_draft_are_not_read_as_a_mail_header():
    draft = _read("Subject: lost\n\nFrom: Ningbo port\nDate: 2026-11-02\n\nShipment lost.\n")
    assert draft.description.splitlines() == [
        "From: Ningbo port",
        "Date: 2026-11-02",
        "Shipment lost.",
    ]
