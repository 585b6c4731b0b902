"""Word lists for synthetic voters: name pools (Faker's ``id_ID`` lists plus the common names Faker lacks),
the spellings one name is written in, titles, and the words addresses are built from. Pure: no Django.

Faker's Indonesian addresses are not real places, so addresses are assembled here from street and kampung
words common across Indonesia; the desa codes themselves are real (the Kemendagri table).
"""

from __future__ import annotations

from faker.providers.person.id_ID import Provider as _FakerNames

# Faker's id_ID names are mostly Javanese; the Arabic-derived names that fill real registers (and that
# duplicate detection must cope with: Muhammad, Ahmad, Siti, Nur) are added with a weight of their own.
FAKER_MALE_FIRST = tuple(_FakerNames.first_names_male)
FAKER_FEMALE_FIRST = tuple(_FakerNames.first_names_female)
FAKER_MALE_LAST = tuple(_FakerNames.last_names_male)
FAKER_FEMALE_LAST = tuple(_FakerNames.last_names_female)

COMMON_MALE_FIRST = (
    "Muhammad", "Ahmad", "Abdul", "Agus", "Budi", "Eko", "Joko", "Rudi", "Andi", "Dedi", "Hendra", "Rahmat",
    "Yusuf", "Syaiful", "Slamet", "Sutrisno", "Sugeng", "Wahyu", "Arif", "Rizki", "Fajar", "Bayu", "Dimas",
    "Hadi", "Iwan", "Imam", "Ilham", "Rizal", "Firman", "Hidayat",
)  # fmt: skip
COMMON_FEMALE_FIRST = (
    "Siti", "Nur", "Sri", "Dewi", "Ani", "Rina", "Yuli", "Fitri", "Ratna", "Indah", "Wulan", "Ayu", "Putri",
    "Nurul", "Dian", "Lina", "Rini", "Tri", "Eka", "Desi", "Maya", "Rahmawati", "Suryani", "Sumiati",
)  # fmt: skip
# Words that open a name far more often than any one Faker name does.
LEADING_MALE = ("Muhammad", "Ahmad", "Abdul", "Moh.")
LEADING_FEMALE = ("Siti", "Nur", "Sri")

# One name, several spellings: each group lists the ways the same word is written.
VARIANT_GROUPS = (
    ("Muhammad", "Muhamad", "Mohammad", "Mohamad", "Moh.", "Muh.", "M."),
    ("Ahmad", "Achmad", "Akhmad", "Ahmat"),
    ("Abdul", "Abd.", "Abdoel"),
    ("Siti", "Sitti", "St."),
    ("Nur", "Noer"),
    ("Yusuf", "Yusup", "Jusuf"),
    ("Syaiful", "Saiful", "Syaifful"),
    ("Rahmat", "Rachmat", "Rakhmat"),
    ("Hidayat", "Hidajat"),
    ("Slamet", "Selamet"),
    ("Wahyu", "Wahju"),
    ("Sutrisno", "Soetrisno"),
    ("Suharto", "Soeharto"),
    ("Sugeng", "Soegeng"),
    ("Yuli", "Juli"),
    ("Rizki", "Rizky", "Rizqi"),
)
VARIANTS: dict[str, tuple[str, ...]] = {
    word: tuple(other for other in group if other != word) for group in VARIANT_GROUPS for word in group
}

PREFIX_TITLES_MALE = ("H.", "Drs.", "Ir.", "Dr.")
PREFIX_TITLES_FEMALE = ("Hj.", "Dra.", "Ir.", "Dr.")
DEGREES = ("S.Pd.", "S.E.", "S.H.", "S.Kom.", "S.T.", "S.Sos.", "S.Ag.", "A.Md.", "M.Pd.", "M.M.")

STREET_WORDS = (
    "Merdeka", "Sudirman", "Diponegoro", "Gatot Subroto", "Ahmad Yani", "Pahlawan", "Kartini", "Veteran",
    "Melati", "Mawar", "Kenanga", "Cempaka", "Anggrek", "Flamboyan", "Dahlia", "Kamboja", "Masjid", "Raya",
    "Pemuda", "Siliwangi", "Cendrawasih", "Rajawali", "Merpati", "Nusantara", "Pelita", "Sejahtera",
    "Kelapa Dua", "Manggis", "Rambutan", "Durian", "Nangka", "Jambu", "Sawo", "Mangga", "Pinang", "Bambu",
    "Swadaya", "Gotong Royong", "Kemuning", "Teratai", "Haji Naim", "Mushola", "Pasar", "Stasiun",
)  # fmt: skip
KAMPUNG_WORDS = (
    "Sawah", "Baru", "Rawa", "Bulak", "Tengah", "Kebon", "Pondok", "Cikumpa", "Lio", "Kandang", "Utan",
    "Pulo", "Babakan", "Cilangkap", "Gardu", "Kramat", "Pabuaran", "Pasir", "Sukamaju", "Sukajadi",
)  # fmt: skip
ESTATE_WORDS = ("Griya Asri", "Taman Sari", "Villa Mutiara", "Bumi Indah", "Permata Hijau", "Puri Bestari")

# Where voters were born, beside their own kab/kota.
BIRTH_PLACES = (
    "Jakarta", "Bandung", "Bogor", "Bekasi", "Depok", "Tangerang", "Surabaya", "Semarang", "Yogyakarta",
    "Solo", "Malang", "Cirebon", "Tasikmalaya", "Garut", "Sukabumi", "Kuningan", "Tegal", "Purwokerto",
    "Medan", "Padang", "Palembang", "Lampung", "Makassar", "Manado", "Pontianak", "Banjarmasin", "Ambon",
    "Denpasar", "Mataram", "Kupang", "Pekanbaru", "Jambi", "Serang", "Brebes", "Klaten", "Kebumen",
)  # fmt: skip

# KPU's disability types (Pemilu 2024).
DISABILITIES = ("Fisik", "Intelektual", "Mental", "Sensorik Wicara", "Sensorik Rungu", "Sensorik Netra")
