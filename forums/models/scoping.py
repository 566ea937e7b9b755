"""Who may see and change what: a user's scope, applied by every staff queryset.

This is the one place where region scopes become database filters. Every
programme model names the lookups from itself to its province and regency
(``scope_paths``); ``Model.objects.in_scope(user)`` then keeps only the rows
inside the user's regions. Staff views, pickers, exports and the API all start
from it, so a new view cannot forget the scope.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    """The regions a user works in, and their role there."""

    role: str = ""
    everything: bool = False
    province_codes: frozenset = field(default_factory=frozenset)
    regency_codes: frozenset = field(default_factory=frozenset)

    @property
    def is_staff(self):
        return bool(self.role)

    @property
    def can_enter(self):
        """Operators and administrators create and edit programme data."""
        return self.role in {"operator", "administrator"}

    @property
    def can_verify(self):
        """Verifiers and administrators verify, return and publish."""
        return self.role in {"verifier", "administrator"}

    def condition(self, province_path, regency_path):
        """A Q object selecting rows inside this scope, or None when the scope is empty."""
        if self.everything:
            return Q()
        conditions = []
        if self.province_codes:
            conditions.append(Q(**{f"{province_path}__in": self.province_codes}))
        if self.regency_codes:
            if regency_path:
                conditions.append(Q(**{f"{regency_path}__in": self.regency_codes}))
            else:  # a province is in an operator's scope when one of its regencies is
                provinces = {code.split(".")[0] for code in self.regency_codes}
                conditions.append(Q(**{f"{province_path}__in": provinces}))
        if not conditions:
            return None
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        return combined


NO_SCOPE = Scope()


def scope_of(user):
    """The scope of ``user``, read once per user object (two queries at most)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(role="administrator", everything=True)
    else:
        try:
            profile = user.staff_profile
        except ObjectDoesNotExist:
            profile = None
        if profile is None:
            scope = NO_SCOPE
        elif profile.role == "administrator":
            scope = Scope(role=profile.role, everything=True)
        elif profile.role == "verifier":
            provinces = frozenset([profile.province_id]) if profile.province_id else frozenset()
            scope = Scope(role=profile.role, province_codes=provinces)
        else:
            regencies = frozenset(profile.regencies.values_list("code", flat=True))
            scope = Scope(role=profile.role, regency_codes=regencies)
    user._portal_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """``in_scope(user)`` for any model that declares ``scope_paths``:
    a pair of lookups from the model to its province and to its regency."""

    def in_scope(self, user):
        province_path, regency_path = self.model.scope_paths
        condition = scope_of(user).condition(province_path, regency_path)
        return self.none() if condition is None else self.filter(condition)
