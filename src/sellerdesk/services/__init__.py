"""Use cases. Each takes what it needs (desks, a clock's ``now``, later a session) as arguments."""
