"""Loopback stand-ins for the chat vendors and an SMTP server (issue 17): they check what
the senders send as the vendors document it."""
