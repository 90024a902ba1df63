"""Status list entries: every certificate gets a (list, index) no other one has.

A Bitstring Status List holds 131,072 bits; each certificate owns one bit in one
list. Indexes must not collide (a collision would revoke two certificates at
once) and must not be guessable (a verifier that sees index 7 should learn
nothing about who holds index 8; the specification's "herd privacy").

Each list hands out its indexes in the order of a secret pseudo-random
permutation of ``0 … size-1``: a small Feistel network keyed with the list's
``permutation_key`` (HMAC-SHA256 rounds, cycle-walking onto the list's size).
The list row counts the positions used, under a row lock, so allocation is a
counter (no retries, no collisions, constant time however full the list is)
and the indexes look random. A full list is followed by list ``number + 1``.
Decision 0020 explains the choice.
"""

import hashlib
import hmac

from django.db import IntegrityError, transaction

from certificates.models import STATUS_LIST_SIZE, Certificate, StatusList

ROUNDS = 6


def _split_bits(size: int) -> int:
    """Half the width of the smallest even-width power of two covering ``size``."""
    bits = max(2, (size - 1).bit_length())
    return (bits + 1) // 2


def _feistel(value: int, key: bytes, half: int) -> int:
    mask = (1 << half) - 1
    left, right = value >> half, value & mask
    for round_number in range(ROUNDS):
        digest = hmac.new(
            key, bytes([round_number]) + right.to_bytes(8, "big"), hashlib.sha256
        ).digest()
        left, right = right, left ^ (int.from_bytes(digest[:8], "big") & mask)
    return (left << half) | right


def permuted_index(position: int, *, key: str, size: int) -> int:
    """The index at ``position`` of the keyed permutation of ``range(size)``.

    A bijection: distinct positions below ``size`` give distinct indexes below
    ``size`` (cycle-walking keeps the Feistel permutation inside the range).
    """
    if not 0 <= position < size:
        raise ValueError(f"position {position} outside 0..{size - 1}")
    secret, half = bytes.fromhex(key), _split_bits(size)
    value = _feistel(position, secret, half)
    while value >= size:
        value = _feistel(value, secret, half)
    return value


def _open_list() -> StatusList:
    """The highest-numbered list, locked until the transaction ends."""
    while True:
        current = StatusList.objects.select_for_update().order_by("-number").first()
        number = 0 if current is None else current.number + 1
        if current is not None and not current.full:
            return current
        try:
            with transaction.atomic():
                StatusList.objects.create(number=number, size=STATUS_LIST_SIZE)
        except IntegrityError:
            continue  # another transaction opened it first; lock that one


@transaction.atomic
def status_entry_allocate() -> tuple[int, int]:
    """The next free ``(list number, index)`` for a new certificate.

    The open list's row stays locked until the caller's transaction ends, so
    concurrent issuers take positions one after the other; rolling back the
    caller's transaction gives the position back. Indexes already taken by
    certificates issued before this allocator (random indexes in list 0) are
    skipped.
    """
    while True:
        status_list = _open_list()
        position = status_list.allocated
        status_list.allocated = position + 1
        status_list.save(update_fields=["allocated"])
        index = permuted_index(
            position, key=status_list.permutation_key, size=status_list.size
        )
        taken = Certificate.objects.filter(
            status_list=status_list.number, status_index=index
        ).exists()
        if not taken:
            return status_list.number, index
