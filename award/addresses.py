"""One mailbox, one key: the canonical form of an e-mail address, and the field every form uses.

The syntax and the domain's IDNA form (UTS #46) come from email-validator;
the few rules of our own are the ones a mailbox provider documents.
"""

import re

import idna
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from email_validator import EmailNotValidError, validate_email

# RFC 5321's limit on a forward path: a longer address cannot receive mail.
MAX_LENGTH = 254
TOO_LONG = _("E-postadressen kan ha høyst %(limit_value)d tegn.")

# Google documents that dots in a Gmail address are ignored and that
# googlemail.com is the same mailbox as gmail.com.
GMAIL = "gmail.com"
GMAIL_ALIASES = {"gmail.com", "googlemail.com"}


def canonical_address(address):
    """The one form of an address that every spelling of the same mailbox shares.

    White space goes, quotes go (email-validator drops those not needed;
    the key compares what is inside the others), the domain takes its IDNA form in lower case whatever
    was typed (Unicode or punycode, full-width letters, a trailing dot), the
    local part is lower case without its sub-address (from the first "+"),
    and Gmail's dots and its googlemail.com alias are dropped. Something
    that does not parse as an address is only stripped and lower-cased, so
    that the function never fails.
    """
    text = "".join(address.split()).rstrip(".")
    try:
        parsed = validate_email(
            text,
            check_deliverability=False,
            allow_quoted_local=True,
            allow_smtputf8=True,
            allow_domain_literal=True,
        )
    except EmailNotValidError:
        local, at, domain = text.rpartition("@")
        if not at:
            local, domain = text, ""
        # A local part email-validator refuses ("kari+.") still shares its
        # mailbox's domain: in the same IDNA form as a valid address's.
        try:
            domain = idna.encode(domain, uts46=True).decode()
        except idna.IDNAError:
            pass
    else:
        local, domain = parsed.local_part, parsed.ascii_domain or parsed.domain
    if len(local) > 1 and local[0] == local[-1] == '"':
        # Quotes the address still needs ("kari+."): the key compares what is inside them.
        local = re.sub(r"\\(.)", r"\1", local[1:-1])
    local = local.lower().split("+", 1)[0]
    domain = domain.lower()
    if domain in GMAIL_ALIASES:
        local, domain = local.replace(".", ""), GMAIL
    return f"{local}@{domain}" if domain else local


def canonical_domain(address):
    """The canonical address's domain as people read it: "bærum.no", not "xn--brum-voa.no"."""
    domain = canonical_address(address).rpartition("@")[2]
    try:
        return idna.decode(domain)
    except idna.IDNAError:
        return domain


class EmailAddressField(forms.EmailField):
    """An e-mail field with the same length limit and message on every form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs["error_messages"] = {"max_length": TOO_LONG, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def run_validators(self, value):
        # An over-long address would also fail Django's syntax check; the one
        # message it needs is that it is too long.
        if value and len(value) > self.max_length:
            raise ValidationError(
                self.error_messages["max_length"],
                code="max_length",
                params={"limit_value": self.max_length, "show_value": len(value)},
            )
        super().run_validators(value)
