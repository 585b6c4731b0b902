"""JSON text for the bulk and hot writers: whatever it writes reads back as the same value, through it and
through the standard library, and keys that are not strings are written as strings, as the standard
library writes them."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from suara.core.jsontext import dump_json, load_json

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@given(json_values)
def test_what_is_written_reads_back_as_the_same_value_here_and_in_the_standard_library(value):
    text = dump_json(value)
    assert isinstance(text, str)
    assert load_json(text) == value
    assert json.loads(text) == value


def test_the_text_is_compact_and_keeps_letters_as_they_are():
    assert dump_json({"name": "KEPULAUAN SERIBU UTARA", "ŋ": [1, 2.5, None]}) == (
        '{"name":"KEPULAUAN SERIBU UTARA","ŋ":[1,2.5,null]}'
    )


def test_keys_that_are_not_strings_are_written_as_strings():
    assert dump_json({1: "a", 2: {3: True}}) == json.dumps({1: "a", 2: {3: True}}, separators=(",", ":"))


def test_a_value_the_driver_already_decoded_is_left_as_it_is():
    decoded = {"votes.1": 3}
    assert load_json(decoded) is decoded
    assert load_json(b'{"a":1}') == {"a": 1}
