"""JSON as text for the bulk and hot writers (COPY rows, a fold's snapshots, a TPS's first snapshot):
compact, UTF-8 as is, through orjson, which encodes and decodes several times faster than the standard
library (measured: a fold of 150 TPS from all over 137 -> 113 ms, most of its JSON being the desa
snapshots' TPS rows). Not for the audit chain, whose canonical form is fixed (``audit.chain``)."""

from __future__ import annotations

import orjson


def dump_json(value: object) -> str:
    """Compact JSON text; dictionary keys that are not strings are written as strings, as the standard
    library does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def load_json(value: object) -> object:
    """The value of JSON text; anything else (a value the driver already decoded) as it is."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value
