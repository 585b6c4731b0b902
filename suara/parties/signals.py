"""What party membership announces to whoever listens (the apps above it, and its own parts).

``member_list_changed``: a party's member list has a new version, committed (sent from
``transaction.on_commit``). Arguments: ``party_id`` and ``version`` (the new version's number). The
membership checks run on it; a receiver that takes long should queue a job rather than work inline.
"""

from django.dispatch import Signal

member_list_changed = Signal()
