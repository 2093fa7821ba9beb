"""The "already read" key of a mail: its Message-ID as RFC 5322 compares it (brackets and
blanks dropped, the domain's case folded, the left part as sent), else its bytes' sha256."""

from __future__ import annotations

from sellerdesk.core.mail.identity import normalised_message_id, read_key

SHA = "AB" * 32


def test_brackets_blanks_and_the_domains_case_do_not_make_another_mail():
    same = {
        read_key(m, SHA) for m in ("<Re.1@Amazon.COM>", " Re.1@amazon.com", "<Re.1@amazon.com> ")
    }
    assert same == {"id:Re.1@amazon.com"}


def test_the_left_part_is_compared_as_sent():
    assert read_key("<re.1@amazon.com>", SHA) != read_key("<Re.1@amazon.com>", SHA)


def test_a_mail_without_message_id_is_known_by_its_bytes():
    assert read_key(None, SHA) == "sha256:" + "ab" * 32
    assert read_key("  <>  ", SHA) == read_key(None, SHA)
    assert normalised_message_id("") is None


def test_an_id_without_a_domain_is_kept_as_sent():
    assert read_key("<local-only>", SHA) == "id:local-only"
