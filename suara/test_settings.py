"""Settings for the test suite: the production settings with SUARA_TESTING on (a throwaway secret key,
the test client's host allowed, static files found without collectstatic)."""

import os

os.environ["SUARA_TESTING"] = "1"

from suara.settings import *  # noqa: E402, F403

# Static files are found through the finders in tests; the folder only has to exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Argon2 still (tests check the hash's kind), with the cheapest parameters: hashing is most of the
# set-up time of tests that create officers.
PASSWORD_HASHERS = ["suara.core.testing.FastArgon2PasswordHasher"]

# The process-local caches are on, as in production, and emptied before each test (core.caches, the root
# conftest.py). One exception: a public snapshot is served for up to half a second before its pointer is
# asked again, which a reader in production does not notice, but a test reads right after its own fold.
# Entries are still kept and reused (while the pointer has not moved), bounded and evicted; the test of
# the recheck sets it.
SUARA_RECAP_RECHECK_SECONDS = 0.0
# Likewise the comparison's counts, which its tests read again right after publishing; the test of the
# cache sets it.
SUARA_COMPARISON_CACHE_SECONDS = 0.0
