from suara.accounts.demo import DEMO_ACCOUNTS, demo_accounts_ensure
from suara.accounts.models import User
from suara.accounts.roles import Role
from suara.accounts.tokens import token_authenticate
from suara.accounts.two_factor import TWO_FACTOR_ROLES, two_factor_verify


def test_one_demo_account_per_role_that_can_sign_in(geography):
    accounts = demo_accounts_ensure()
    # The quick count's demo makes its enumerators, one per sampled TPS (quickcount/demo.py).
    assert {a.role for a in accounts} == set(Role) - {Role.ENUMERATOR}
    for account in accounts:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password)
        assert list(user.assignments.values_list("role", "scope")) == [(account.role.value, account.scope)]


def test_running_again_gives_new_passwords_and_a_new_key(geography):
    first = {a.username: a for a in demo_accounts_ensure()}
    second = {a.username: a for a in demo_accounts_ensure()}
    assert len(second) == len(DEMO_ACCOUNTS)
    for username, account in second.items():
        assert account.password != first[username].password
        assert User.objects.get(username=username).check_password(account.password)
    integrator = second["integrator_depok"]
    assert token_authenticate(integrator.api_token) is not None
    assert token_authenticate(first["integrator_depok"].api_token) is None  # the old key is revoked


def test_the_two_factor_roles_get_a_key_and_backup_codes_that_work(geography):
    accounts = demo_accounts_ensure()
    for account in accounts:
        assert bool(account.totp_secret) == (account.role in TWO_FACTOR_ROLES)
        assert len(account.backup_codes) == (10 if account.role in TWO_FACTOR_ROLES else 0)
    ppk = next(a for a in accounts if a.role == Role.PPK)
    user = User.objects.get(username=ppk.username)
    assert two_factor_verify(user=user, code=ppk.backup_codes[0]) is not None
    again = {a.username: a for a in demo_accounts_ensure()}[ppk.username]
    assert again.totp_secret != ppk.totp_secret  # new on every run, like the passwords
    assert two_factor_verify(user=user, code=ppk.backup_codes[1]) is None  # the old codes are gone
