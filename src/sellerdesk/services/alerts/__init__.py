"""Alerts out: channels, senders, and (alert-outbox) the outbox, triggers and routes (issue 17)."""
