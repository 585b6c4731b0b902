"""Model fields Suara adds to Django's."""

from __future__ import annotations

import json
from functools import partial

from django.db import models
from psycopg.types.json import Json

from suara.core.jsontext import dump_json


class DocumentField(models.JSONField):
    """A JSON document written once and read whole, never queried inside (a published snapshot's body).

    PostgreSQL keeps it as ``json``, its checked text, not ``jsonb``: ``jsonb`` takes a document apart into
    its binary form on every write and puts the text together again on every read, which for a fold's few
    hundred snapshots of several kilobytes was most of the database's work (measured: the COPY of a
    fold's snapshots 54 ms as jsonb, 19 ms as json). Other databases store JSONField as they do."""

    def db_type(self, connection):
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        if not prepared:
            value = self.get_prep_value(value)
        return Json(value, dumps=dump_json if self.encoder is None else partial(json.dumps, cls=self.encoder))

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str | bytes):
            return value  # psycopg decodes ``json`` itself (Django has it leave only ``jsonb`` as text)
        return super().from_db_value(value, expression, connection)
