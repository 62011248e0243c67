"""Counting what a reader asks the database: a connection that records its statements."""
from __future__ import annotations


class CountingConnection:
    """A read connection that records every statement it is asked to run (SQL and parameters)."""

    def __init__(self, con, log: list):
        self._con, self._log = con, log

    def __getattr__(self, name):
        return getattr(self._con, name)

    def execute(self, sql, *args, **kwargs):
        self._log.append((sql, repr(args)))
        return self._con.execute(sql, *args, **kwargs)

    def executemany(self, sql, *args, **kwargs):
        self._log.append((sql, repr(args)))
        return self._con.executemany(sql, *args, **kwargs)

    def sql(self, sql, *args, **kwargs):
        self._log.append((sql, repr(args)))
        return self._con.sql(sql, *args, **kwargs)
