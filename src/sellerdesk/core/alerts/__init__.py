"""Alerts out: what a message to a team's chat group or mailbox is, and what sending it gave."""
