"""suara reset-two-factor USERNAME: removes an account's authenticator and backup codes (a lost phone);
the next sign-in enrols anew. Audited."""

from django.core.management.base import BaseCommand, CommandError

from suara.accounts.models import User
from suara.accounts.two_factor import two_factor_reset
from suara.audit.actors import SYSTEM
from suara.core.errors import DomainError


class Command(BaseCommand):
    help = "Mengatur ulang verifikasi dua langkah satu akun (ponsel hilang); akun mengaktifkannya lagi saat masuk."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Akun '{username}' tidak ditemukan.")
        try:
            two_factor_reset(user=user, actor=SYSTEM)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Verifikasi dua langkah {user.username} diatur ulang; aktifkan lagi saat masuk berikutnya.")
