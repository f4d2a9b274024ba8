"""Who may vote, told by the e-mail address, and how an address is kept out of the database.

An e-mail address is never stored. A vote keeps a keyed hash of the
canonical address (for the one-vote rule) and the domain alone (for staff's
view of clusters). The confirmation link carries the address sealed with a
one-time key kept on the vote until the vote is confirmed: the link alone or
the database alone says nothing about the address, and once the key is erased
nothing can.
"""

import hashlib
import hmac
import secrets

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from award.addresses import canonical_address, canonical_domain

# A sealed address is padded to a multiple of this, so a link's length says
# little about the address in it.
SEAL_BLOCK = 32


def address_domain(address):
    return canonical_domain(address)


def voter_key(address):
    """The keyed hash of the canonical address: every spelling of one mailbox gives one key."""
    return hmac.new(
        settings.VOTER_HASH_KEY.encode(), canonical_address(address).encode(), hashlib.sha256
    ).hexdigest()


def is_disposable(domain):
    """True for a throwaway mail domain on the maintained list, or a subdomain of one."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in DISPOSABLE_DOMAINS for i in range(len(parts) - 1))


def validate_voter_address(address):
    if is_disposable(address_domain(address)):
        raise ValidationError(
            _(
                "Vi tar ikke imot stemmer fra adresser til engangsbruk. "
                "Bruk e-postadressen du vanligvis bruker."
            ),
            code="disposable",
        )


def seal_key(address):
    """A new one-time key that can seal `address`."""
    return secrets.token_bytes(len(_padded(address)))


def seal(address, key):
    """The address as a link carries it, unreadable without `key`."""
    return _xor(_padded(address), key)


def unseal(sealed, key):
    """The address `seal` sealed with `key`; None when the key cannot have sealed it."""
    if not key or len(key) != len(sealed):
        return None
    return _xor(sealed, bytes(key)).rstrip(b"\0").decode(errors="replace")


def _xor(data, key):
    return bytes(a ^ b for a, b in zip(data, key, strict=True))


def _padded(address):
    data = address.encode()
    return data.ljust(-(-len(data) // SEAL_BLOCK) * SEAL_BLOCK, b"\0")
