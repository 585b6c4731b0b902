"""The hash chain as pure functions: any change, insertion or removal is found, and named."""

from hypothesis import given
from hypothesis import strategies as st

from suara.audit.chain import GENESIS, event_hash, verify_chain


def build(summaries):
    events, prev = [], GENESIS
    for seq, summary in enumerate(summaries, start=1):
        event = {
            "seq": seq,
            "created_at": f"2024-02-14T0{seq % 10}:00:00+00:00",
            "actor": "kpps_001",
            "role": "kpps",
            "action": "results.submit",
            "object_code": "3276011006001",
            "summary": summary,
            "prev_hash": prev,
        }
        event["hash"] = prev = event_hash(event)
        events.append(event)
    return events


summaries = st.lists(st.text(max_size=40), min_size=1, max_size=20)


@given(summaries)
def test_an_untouched_chain_is_intact(texts):
    events = build(texts)
    report = verify_chain(events)
    assert report.intact and report.length == len(texts) and report.head_hash == events[-1]["hash"]


def test_an_empty_chain_is_intact():
    report = verify_chain([])
    assert report.intact and report.length == 0 and report.head_hash == GENESIS


@given(summaries, st.data())
def test_changing_any_field_names_that_event(texts, data):
    events = build(texts)
    index = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from(["created_at", "actor", "role", "action", "object_code", "summary"]))
    events[index][field] = events[index][field] + "x"
    report = verify_chain(events)
    assert not report.intact and report.broken_seq == index + 1 and report.length == index


@given(summaries.filter(lambda t: len(t) >= 2), st.data())
def test_removing_an_event_is_found(texts, data):
    events = build(texts)
    index = data.draw(st.integers(0, len(events) - 2))
    del events[index]
    report = verify_chain(events)
    assert not report.intact and report.broken_seq == index + 1


def test_rehashing_a_changed_event_still_breaks_the_next_link():
    events = build(["a", "b", "c"])
    events[1]["summary"] = "forged"
    events[1]["hash"] = event_hash(events[1])
    report = verify_chain(events)
    assert report.broken_seq == 3 and "link" in report.reason
