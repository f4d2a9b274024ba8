"""Django's CSRF secrets and masks, drawn from the operating system in one read instead of 32.

Django draws each of a secret's 32 characters, and each of a mask's, with
`secrets.choice`: one read of the operating system's random source a
character, 64 a new visitor of a page with a form (the shared vote link).
`new_csrf_string` reads the same source once and maps its bytes onto the
same alphabet with the same odds: each byte below 248 (4 × 62) stands for
one character, each character for four such bytes, and the bytes from 248
up are dropped. `award.apps` puts it in Django's place.
"""

import os

from django.middleware import csrf

ALPHABET = csrf.CSRF_ALLOWED_CHARS.encode("ascii")
LENGTH = csrf.CSRF_SECRET_LENGTH
# The largest multiple of the alphabet's length a byte can reach: below it, every character is
# equally likely; above it, a byte would favour the first characters, so it is thrown away.
USABLE = 256 - 256 % len(ALPHABET)
CHARACTER_OF_BYTE = bytes(ALPHABET[byte % len(ALPHABET)] for byte in range(USABLE)) + bytes(
    256 - USABLE
)
UNUSABLE = bytes(range(USABLE, 256))
# Enough bytes that one read nearly always gives 32 usable ones (8 of 40 would have to fall above 247).
READ = LENGTH + 8


def new_csrf_string():
    """A random string of CSRF_SECRET_LENGTH characters from Django's CSRF alphabet."""
    drawn = b""
    while len(drawn) < LENGTH:
        drawn += os.urandom(READ).translate(CHARACTER_OF_BYTE, UNUSABLE)
    return drawn[:LENGTH].decode("ascii")


def install():
    """Let Django's CSRF middleware draw its secrets and masks with `new_csrf_string`."""
    csrf._get_new_csrf_string = new_csrf_string
