"""The support-hours engine: desks, calendars, schedules compiled to UTC windows."""
