"""The search engine behind `api.search`: SQLite FTS5 or PostgreSQL, by the database in use."""

from __future__ import annotations

from django.db import connections

from gongkai.search.backends.base import Backend, Plan


def get_backend(using: str = "default") -> Backend:
    """The backend for the database `using` (connection.vendor): 'sqlite' or 'postgresql'."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        from gongkai.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from gongkai.search.backends.sqlite import SqliteBackend

        return SqliteBackend(connection)
    raise NotImplementedError(f"full-text search does not support {connection.vendor}")


__all__ = ["Backend", "Plan", "get_backend"]
