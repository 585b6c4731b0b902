"""suara issue-token USERNAME --name NAME [--rate N]: issues an API token and prints it, once."""

from django.core.management.base import BaseCommand, CommandError

from suara.accounts.models import User
from suara.accounts.tokens import token_issue
from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError


class Command(BaseCommand):
    help = "Menerbitkan token API untuk satu akun dan mencetaknya sekali (hanya SHA-256-nya yang disimpan)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="untuk apa token ini, mis. 'Aplikasi Kota Depok'")
        parser.add_argument(
            "--rate", type=int, default=None, help="permintaan per menit (bawaan: batas integrator atau 6000)"
        )

    def handle(self, *args, username, name, rate, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Akun '{username}' tidak ditemukan.")
        try:
            token, plaintext = token_issue(user=user, name=name, rate_per_minute=rate, actor=SYSTEM)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token #{token.pk} '{token.name}' untuk {user.username}, batas {token.rate_per_minute}/menit. "
            "Simpan sekarang: token ini tidak akan ditampilkan lagi."
        )
        self.stdout.write(plaintext)
