"""What elections asks of the apps built on it, without importing them: results answers whether a contest
is counted and republishes a contest's snapshots when its candidates change (``results/receivers.py``).
An app never reaches up into the apps above it."""

from django.dispatch import Signal

# Sent with ``contest``; a receiver returns True when the contest has anything counted (a result, a pending
# recap change, a number published by another source).
contest_counted = Signal()

# Sent with ``contest`` inside the transaction that changed its candidates; a receiver returns how many
# published snapshots it wrote again.
candidates_changed = Signal()
