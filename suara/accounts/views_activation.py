"""/aktivasi/: an officer sets their password with the one-time code from their activation sheet (or from
the officer above them after a reset), then signs in as usual. Separate from the sign-in page: it signs
nobody in, so sign-in keeps every check of its own."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from suara.accounts.activation import activation_rate_check
from suara.accounts.provisioning import account_activate
from suara.core.errors import DomainError, RateLimited


class ActivationForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Nama pengguna"), max_length=150)
    code = forms.CharField(
        label=gettext_lazy("Kode sekali pakai"),
        max_length=40,
        help_text=gettext_lazy("Dari lembar kode aktivasi, mis. ABCDE-FGHJK."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Sandi baru"),
        max_length=128,
        help_text=gettext_lazy("Minimal 10 karakter; jangan hanya angka atau sandi yang umum."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=gettext_lazy("Ulangi sandi baru"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Kedua sandi tidak sama."))
        return data


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def activate(request):
    form = ActivationForm(request.POST or None)
    status, error = 200, ""
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                activation_rate_check(request, data["username"])
                user = account_activate(username=data["username"], code=data["code"], password=data["password"])
            except RateLimited as exc:
                error, status = (
                    _("Terlalu banyak percobaan. Coba lagi dalam %(s)d detik.") % {"s": exc.retry_after},
                    429,
                )
            except DomainError as exc:
                error, status = exc.message, exc.status
            else:
                return render(request, "accounts/activated.html", {"username": user.username})
        else:
            status = 400
    return render(request, "accounts/activate.html", {"form": form, "error": error}, status=status)
