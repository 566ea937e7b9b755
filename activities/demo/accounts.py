"""Demo staff accounts: one per role, with the scope records the workspace reads."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from forums.models import StaffProfile

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    office: str
    regencies: tuple = ()
    province: str | None = None
    superuser: bool = False

    @property
    def description(self):
        role = {
            StaffProfile.Role.ADMINISTRATOR: "administrator, juga back-office /admin/",
            StaffProfile.Role.OPERATOR: "operator",
            StaffProfile.Role.VERIFIER: "verifikator",
        }[self.role]
        return f"{role} — {self.office}"


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin",
        "Admin",
        "Web",
        StaffProfile.Role.ADMINISTRATOR,
        "Kementerian Sosial RI",
        superuser=True,
    ),
    DemoAccount(
        "operator.solok",
        "Rina",
        "Oktaviani",
        StaffProfile.Role.OPERATOR,
        "Dinas Sosial Kota Solok",
        regencies=("13.72",),
    ),
    DemoAccount(
        "operator.baubau",
        "Wa Ode",
        "Sartina",
        StaffProfile.Role.OPERATOR,
        "Dinas Sosial Kota Baubau",
        regencies=("74.72",),
    ),
    DemoAccount(
        "verifikator.sumbar",
        "Hendra",
        "Saputra",
        StaffProfile.Role.VERIFIER,
        "Dinas Sosial Provinsi Sumatera Barat",
        province="13",
    ),
]


def ensure_accounts():
    """Create the demo accounts that are missing; return users by username.

    The password is set only when an account is created, so a password someone
    changed on their copy of the demo survives a rerun.
    """
    User = get_user_model()
    users = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                first_name=account.first_name,
                last_name=account.last_name,
                email=f"{account.username}@example.org",
                is_staff=account.superuser,
                is_superuser=account.superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        profile, created = StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "role": account.role,
                "province_id": account.province,
                "office": account.office,
            },
        )
        if created and account.regencies:
            profile.regencies.add(*account.regencies)
        users[account.username] = user
    return users
