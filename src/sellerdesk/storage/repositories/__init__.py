"""Queries and writes per table. Each function takes a Session and never commits:
the service that calls it owns the transaction."""
