"""The reminder worker: an adapter that runs the reminders service on a timer."""
