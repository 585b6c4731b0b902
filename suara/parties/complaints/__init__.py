""" "Saya bukan anggota": a citizen's complaint that a party listed their NIK without consent, handled by the
KPU kab/kota of their domicile, answered by the party, followed by a case code."""
