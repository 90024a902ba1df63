"""Certificate codes: 128 random bits, written for humans in Crockford base32.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed
from paper is hard to get wrong; lookup forgives case, spaces and dashes, and
reads O as 0 and I/L as 1.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 26  # ceil(128 / 5)
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_WELL_FORMED = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """26 characters carrying 128 bits from the operating system's CSPRNG."""
    number = int.from_bytes(secrets.token_bytes(16), "big")
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def normalise(text: str) -> str:
    """The stored form of a code someone typed: no separators, upper case."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return cleaned.translate(_CONFUSABLE)


def is_well_formed(code: str) -> bool:
    return _WELL_FORMED.fullmatch(code) is not None


def display(code: str) -> str:
    """Groups of four for people: 7K3F-9QXA-…"""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
