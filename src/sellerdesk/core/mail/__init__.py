"""Mail read in (issue 17), the pure part: parse a message, decode its headers and text,
tell an auto-reply, find Amazon Case IDs, classify the sender by the rules in
``data/mail_senders.toml``. No database, no files but the shipped rule file."""
