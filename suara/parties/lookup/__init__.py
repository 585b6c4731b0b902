"""The public check "is my NIK listed by a party?": by NIK and name, cek DPT's privacy pattern
(``people.lookup``), its API, page and fast path."""
