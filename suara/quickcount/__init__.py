"""The quick count: a sample of TPS drawn so that anyone can redraw it, and estimates that say how sure
they are. The statistics (``frame``, ``design``, ``draw``, ``estimate``, ``scoreboard``) are pure: no
Django, like VotingWorks Arlo's ``audit_math``; docs/quickcount.md states the methods with their sources.
"""
