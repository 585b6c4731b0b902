"""Synthetic listings, accounts and files for the lookup's and the complaints' tests (made-up people only;
NIKs from nik_make)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from PIL import Image

from suara.accounts.models import RoleAssignment, User
from suara.accounts.roles import SCOPE_KIND, Role
from suara.parties.models import Member, Party
from suara.people.names import name_key
from suara.people.nik import nik_make

NAME = "Budi Santoso"
BORN = date(1985, 3, 9)
NIK = nik_make("327601", BORN, "L", 1)
OTHER_NIK = nik_make("327601", BORN, "L", 2)  # listed by nobody
ADDED = datetime(2022, 8, 1, 20, 30, tzinfo=UTC)  # 2 August 2022 in WIB

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n101\n%%EOF\n"
)


def jpeg_bytes(width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (30, 30, 200)).save(out, "PNG")
    return out.getvalue()


def listing(
    number: int, *, nik: str = NIK, name: str = NAME, kabkota: str = "3276", status: str = "MS", **extra
) -> Member:
    party = Party.objects.get(election__slug="pemilu-2024", number=number)
    return Member.objects.create(
        party=party,
        nik=nik,
        name=name,
        name_key=name_key(name),
        sex="L",
        birth_date=BORN,
        desa_code=f"{kabkota}011006",
        kabkota_code=kabkota,
        added_version=1,
        added_at=extra.pop("added_at", ADDED),
        status=status,
        **extra,
    )


def account(username: str, role: Role, scope: str) -> User:
    user = User.objects.create_user(username=username, password="sandi-uji-coba-1234")
    RoleAssignment.objects.create(user=user, role=role.value, scope=scope, scope_kind=SCOPE_KIND[role].value)
    return user


class BrokenEmail:
    """An email backend whose server is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
