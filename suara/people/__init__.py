"""The people kernel: what every register of people shares (voters, party members, officers).

Pure rules without Django: the NIK (``nik``), names, their keys and masks (``names``), age and the right to
vote (``eligibility``). ``lookup`` is the privacy pattern of a public "am I listed?" check by NIK and name
(cek DPT's), which counts its requests in the shared rate table. Not a Django app: it has no tables.
"""
