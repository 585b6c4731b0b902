"""The membership checks of party member lists: each current listing's status (MS/BMS) and reason bits,
the officer NIK list, double memberships and their resolution, the population per kab/kota and the
membership requirement, and ``membership_of`` for other apps (docs/parties.md, "Checks")."""
