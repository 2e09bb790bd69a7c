"""Who may read what, now: the one module every surface asks.

Two forms that must agree (one test matrix checks both):
- `entitlement(request)`: may this request read bodies, and why (or why not),
  for the page to explain itself;
- `entitled_users(...)`: in one set-based query, every person who may read
  under a valid licence today (organisation by organisation or all at once).
"""

from __future__ import annotations

import datetime
import ipaddress
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courrier.accounts.models import User
from courrier.core.generations import current_generation, start_new_generation
from courrier.licensing import app_settings
from courrier.licensing.models import Licence, Membership, MembershipStatus, Organization

REQUEST_ATTRIBUTE = "_courrier_entitlement"
ADDRESS_ATTRIBUTE = "_courrier_organization_at_address"
PUBLIC_COOKIES = frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})
READING_LINK_PARAMETER = "lien"
READING_LINK_SALT = "courrier.licensing.reading-link"
READING_LINK_DAYS = 30
IP_RANGES_GENERATION_KEY = "licensing:ip-ranges:generation"
# How long a process answers « in no range » from memory: a range added or a licence restored
# in another process reaches this one within these seconds. Withdrawals are seen at once.
IP_RANGES_SECONDS = 5
_ip_ranges_memo: list[Any] = []  # [generation, day, monotonic expiry, ranges] for this process

T = TypeVar("T")
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Grounds(models.TextChoices):
    """Why a request may or may not read."""

    STAFF = "staff", _("membre de l'équipe éditoriale")
    LICENCE = "licence", _("licence de l'organisation")
    IP_RANGE = "ip_range", _("accès offert par l'organisation")
    READING_LINK = "reading_link", _("lien de lecture personnel")
    ANONYMOUS = "anonymous", _("visiteur non connecté")
    UNVERIFIED = "unverified", _("adresse courriel non vérifiée")
    PENDING = "pending", _("inscription en attente d'approbation")
    LICENCE_ENDED = "licence_ended", _("licence terminée")
    REMOVED = "removed", _("retiré par son organisation")
    NO_LICENCE = "no_licence", _("aucune licence")


# Grounds that open everything: the whole archive, every edition, every document, full-text search.
# A reading link opens only what its email carried (its scope): it is not among them.
EVERYTHING_GROUNDS = frozenset({Grounds.STAFF, Grounds.LICENCE, Grounds.IP_RANGE})
READING_GROUNDS = frozenset({*EVERYTHING_GROUNDS, Grounds.READING_LINK})


@dataclass(frozen=True)
class Entitlement:
    """The answer for one request: may it read bodies, on what grounds, under which licence."""

    grounds: Grounds
    organization: str = ""
    valid_until: datetime.date | None = None
    ended_on: datetime.date | None = None
    administrator: str = ""
    reader: str = ""
    manages_organization: bool = False  # an active administrator of their organisation
    trial: bool = False  # reading under a free trial only, until `valid_until`
    scope: str = ""  # a reading link's: what it was sent with ("campaign:12")

    @property
    def reads_everything(self) -> bool:
        """Staff, a licence, an IP range: every article, edition, update, decree and document."""
        return self.grounds in EVERYTHING_GROUNDS

    @property
    def may_read_something(self) -> bool:
        """Everything, or what a reading link's email carried (ask `readable` which)."""
        return self.grounds in READING_GROUNDS

    @property
    def trial_days_left(self) -> int | None:
        """Days of a free trial left after today (0: it ends tonight); None outside a trial."""
        if not self.trial or self.valid_until is None:
            return None
        return (self.valid_until - timezone.localdate()).days

    @property
    def searches_full_text(self) -> bool:
        """Whether search may match paywalled text (article bodies, decree texts).

        Only those who read everything: a reading link opens what its email carried, and a search
        over every body would tell its holder which other articles hold a word; it searches, like
        everyone else, what teasers show.
        """
        return self.reads_everything

    def may_read(self, item: Any) -> bool:
        """A reading link opens only what it was sent with; other reading grounds open everything."""
        return bool(self.readable([item]))

    def readable(self, items: Iterable[T]) -> list[T]:
        """Those of `items` this request may read, in their order, decided together: a reading link
        asks each scope once per kind of item, however many items a listing shows."""
        items = list(items)
        if self.grounds == Grounds.READING_LINK:
            return _scope_opens(self.scope, items)
        return items if self.reads_everything else []


ScopeCheck = Callable[[str, Any], bool]
ScopeCheckMany = Callable[[str, list[Any]], Iterable[Any]]
Carriers = Callable[[list[Any]], Iterable[tuple[Any, Any]]]
_reading_scopes: dict[str, list[tuple[type, ScopeCheckMany]]] = {}
_carriers: dict[type, Carriers] = {}


def register_reading_scope(name: str, check: ScopeCheck, *, kind: type) -> None:
    """`check(argument, item)` says whether a link scoped `name:argument` opens `item`, an instance of `kind`.

    Several apps may answer for one scope, each for its own kind (a campaign's link opens the
    articles of its edition, or the decrees of its alert); anything else stays closed, such
    as a decree that has the same id as an article of the edition.
    """

    def one_by_one(argument: str, items: list[Any]) -> list[Any]:
        return [item for item in items if check(argument, item)]

    register_reading_scope_many(name, one_by_one, kind=kind)


def register_reading_scope_many(name: str, check_many: ScopeCheckMany, *, kind: type) -> None:
    """As `register_reading_scope`, for a scope that can decide many items at once:
    `check_many(argument, items)` returns those of `items` (all instances of `kind`) the link opens,
    so that a listing costs the same few queries whatever its length."""
    checks = _reading_scopes.setdefault(name, [])
    checks[:] = [(known, existing) for known, existing in checks if known is not kind]
    checks.append((kind, check_many))


def register_reading_carriers(kind: type, carriers: Carriers) -> None:
    """Items of `kind` travel inside others: `carriers(items)` gives (item, carrier) pairs, and a reading
    link opens an item when it opens one of its carriers (a document with an article that links to it).

    Any scope opens them that way; nothing else opens them to a reading link.
    """
    _carriers[kind] = carriers


def _scope_opens(scope: str, items: list[T]) -> list[T]:
    name, _, argument = scope.partition(":")
    opened: set[int] = set()  # identities: the same id may be an article and a decree
    for kind, check_many in _reading_scopes.get(name, ()):
        of_kind = [item for item in items if isinstance(item, kind)]
        if of_kind:
            opened.update(id(item) for item in check_many(argument, of_kind))
    for kind, carriers in _carriers.items():
        carried = [item for item in items if isinstance(item, kind) and id(item) not in opened]
        if carried:
            pairs = list(carriers(carried))
            open_carriers = {id(carrier) for carrier in _scope_opens(scope, [carrier for _, carrier in pairs])}
            opened.update(id(item) for item, carrier in pairs if id(carrier) in open_carriers)
    return [item for item in items if id(item) in opened]


def entitlement(request: HttpRequest) -> Entitlement:
    """The entitlement of this request, computed once and kept on it."""
    cached = getattr(request, REQUEST_ATTRIBUTE, None)
    if cached is None:
        cached = _decide(request)
        setattr(request, REQUEST_ATTRIBUTE, cached)
    return cached


def sees_only_public_content(request: HttpRequest) -> bool:
    """True when nothing about this request could grant more than teasers.

    Decided before any session is loaded, so that shared copies of public
    pages can be served cheaply: any cookie we do not know (a session, flash
    messages), a reading link, or an address inside a subscriber's IP range
    means the visitor may see more.
    """
    return (
        set(request.COOKIES) <= PUBLIC_COOKIES
        and READING_LINK_PARAMETER not in request.GET
        and _organization_at_client_address(request) is None
    )


def entitled_users(
    *, organization: Organization | None = None, day: datetime.date | None = None, publication_id: int | None = None
) -> QuerySet[User]:
    """Everyone who reads under a licence on `day`: active account, verified address,
    active membership in an organisation holding a licence valid that day (and covering
    the publication, when one is given)."""
    licences = Licence.objects.valid_on(day).filter(organization=OuterRef("organization"))
    if publication_id is not None:
        licences = licences.covering(publication_id)
    memberships = Membership.objects.active().filter(user=OuterRef("pk")).filter(Exists(licences))
    if organization is not None:
        memberships = memberships.filter(organization=organization)
    return User.objects.filter(is_active=True).filter(Exists(memberships), Exists(_verified_address()))


def make_reading_token(user: User, scope: str) -> str:
    """A token for an emailed link that lets `user` read without a password (checked in `_decide`)."""
    return signing.dumps({"u": user.pk, "s": scope}, salt=READING_LINK_SALT, compress=True)


def reading_token_user_id(token: str) -> int | None:
    found = reading_token_payload(token)
    return found[0] if found else None


def reading_token_payload(token: str) -> tuple[int, str] | None:
    """(user id, scope) of a valid, unexpired reading token."""
    try:
        payload = signing.loads(token, salt=READING_LINK_SALT, max_age=datetime.timedelta(days=READING_LINK_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    return payload["u"], str(payload.get("s", ""))


def client_ip(request: HttpRequest) -> IpAddress | None:
    """The visitor's address; `X-Forwarded-For` is believed only when it comes from a trusted proxy."""
    remote = _parse_ip(request.META.get("REMOTE_ADDR", ""))
    proxies = _trusted_proxies()
    if remote is None or not _inside(remote, proxies):
        return remote
    hops = [_parse_ip(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            return remote
        if not _inside(hop, proxies):
            return hop
    return remote


def organization_at_address(address: IpAddress | None) -> tuple[int, str] | None:
    """(id, name) of the organisation with a valid licence whose IP ranges contain `address`.

    Most visitors are in no range, which this process's memory answers without
    a query. For an address inside one, the shared generation is read first: a
    licence suspended or a range removed in any process stops it at once.
    """
    if address is None or _in_ranges(address, _ip_ranges_with_valid_licence(confirmed=False)) is None:
        return None
    return _in_ranges(address, _ip_ranges_with_valid_licence(confirmed=True))


def _organization_at_client_address(request: HttpRequest) -> tuple[int, str] | None:
    """`organization_at_address` for the request's client, asked once per request: for an address
    inside a range it reads the shared cache, and both the page cache and the entitlement ask."""
    if not hasattr(request, ADDRESS_ATTRIBUTE):
        setattr(request, ADDRESS_ATTRIBUTE, organization_at_address(client_ip(request)))
    found: tuple[int, str] | None = getattr(request, ADDRESS_ATTRIBUTE)
    return found


def _in_ranges(address: IpAddress, ranges: list[tuple[IpNetwork, tuple[int, str]]]) -> tuple[int, str] | None:
    for network, organization in ranges:
        if address.version == network.version and address in network:
            return organization
    return None


def forget_ip_ranges() -> None:
    """A licence or an IP range changed: every process reloads the ranges at its next request."""
    _ip_ranges_memo.clear()
    start_new_generation(IP_RANGES_GENERATION_KEY)


def _decide(request: HttpRequest) -> Entitlement:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return Entitlement(Grounds.STAFF)
    if user is not None and user.is_authenticated:
        member = _member_entitlement(user)
        if member.reads_everything:
            return member
    else:
        member = Entitlement(Grounds.ANONYMOUS)
    found = _reading_link_entitlement(request) or _address_entitlement(request)
    if found is None:
        return member
    return replace(found, manages_organization=member.manages_organization)


def _member_entitlement(user: User) -> Entitlement:
    today = timezone.localdate()
    access = Membership.objects.access_of(user.pk, user.email, today)
    if access is None:
        return _removed(user) or Entitlement(Grounds.NO_LICENCE)
    membership, organization = access.membership, access.organization_name
    manages = membership.is_admin
    if not access.verified:
        return Entitlement(Grounds.UNVERIFIED, organization=organization, manages_organization=manages)
    if membership.status == MembershipStatus.PENDING:
        return Entitlement(Grounds.PENDING, organization=organization)
    if access.valid_until is None:
        return replace(_licence_ended(membership, organization), manages_organization=manages)
    if membership.last_seen_on != today:
        Membership.objects.filter(pk=membership.pk).mark_seen(today)
    return Entitlement(
        Grounds.LICENCE,
        organization=organization,
        valid_until=access.valid_until,
        manages_organization=manages,
        trial=access.trial,
    )


def _removed(user: User) -> Entitlement | None:
    """A person their organisation's administrator (or staff) removed: only they can let them back in."""
    removal = Membership.objects.last_removal(user.pk)
    if removal is None:
        return None
    contacts = Membership.objects.administrator_contacts(removal.organization_id)
    return Entitlement(
        Grounds.REMOVED,
        organization=removal.organization.name,
        administrator=", ".join(f"{name} ({address})" if name else address for name, address in contacts),
    )


def _licence_ended(membership: Membership, organization: str) -> Entitlement:
    last = Licence.objects.ended_before().filter(organization=membership.organization_id).order_by("-ends_on").first()
    contacts = Membership.objects.administrator_contacts(membership.organization_id)
    return Entitlement(
        Grounds.LICENCE_ENDED,
        organization=organization,
        ended_on=last.ends_on if last else None,
        administrator=next((name or address for name, address in contacts), ""),
    )


def _reading_link_entitlement(request: HttpRequest) -> Entitlement | None:
    token = request.GET.get(READING_LINK_PARAMETER)
    found = reading_token_payload(token) if token else None
    if found is None:
        return None
    reader = entitled_users().filter(pk=found[0]).first()
    if reader is None:
        return None
    return Entitlement(Grounds.READING_LINK, reader=str(reader), scope=found[1])


def _address_entitlement(request: HttpRequest) -> Entitlement | None:
    found = _organization_at_client_address(request)
    if found is None:
        return None
    return Entitlement(Grounds.IP_RANGE, organization=found[1])


def _verified_address() -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=OuterRef("pk"), email=OuterRef("email"), verified=True)


def _ip_ranges_with_valid_licence(*, confirmed: bool) -> list[tuple[IpNetwork, tuple[int, str]]]:
    """The ranges this process remembers (a few seconds old at most); `confirmed`: as of the last change anywhere."""
    today = timezone.localdate()
    now = time.monotonic()
    memo = _ip_ranges_memo
    recent = bool(memo) and memo[1] == today and memo[2] > now
    if recent and not confirmed:
        return memo[3]
    generation = current_generation(IP_RANGES_GENERATION_KEY)
    if recent and memo[0] == generation:
        return memo[3]
    rows = Organization.objects.with_valid_licence(today).filter(ip_ranges__isnull=False)
    found = rows.values_list("ip_ranges__cidr", "pk", "name")
    ranges = [(ipaddress.ip_network(cidr), (pk, name)) for cidr, pk, name in found]
    _ip_ranges_memo[:] = [generation, today, now + IP_RANGES_SECONDS, ranges]
    return ranges


def _trusted_proxies() -> list[IpNetwork]:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in app_settings.trusted_proxies()]


def _inside(address: IpAddress, networks: list[IpNetwork]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def _parse_ip(value: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None
