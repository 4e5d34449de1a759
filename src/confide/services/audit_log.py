"""The audit log as a whole: sign tree heads, prove inclusion and consistency, verify it all.

These read no peer data: events hold ids, codes and times. Signing uses the keyring's seed.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from datetime import datetime
from typing import Any

from confide.audit import proofs, verify
from confide.audit.heads import SignedTreeHead
from confide.audit.verify import Verified
from confide.crypto.signing import Signer
from confide.errors import InvalidInput, NotFound
from confide.store.audit import check_span_at
from confide.store.uow import UnitOfWork

# Workers are forked where the platform can (they start in milliseconds with every module
# loaded; each opens its own engine, touches nothing of this process's, and ends with
# os._exit), spawned elsewhere.
_START = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def signer_of(uow: UnitOfWork) -> Signer:
    return Signer(uow.keyring.signing_seed())


def head_in(uow: UnitOfWork, now: datetime) -> SignedTreeHead | None:
    """Inside an open unit of work: the head of the whole log, signed now if it grew."""
    uow.audit.lock()
    size = uow.audit.size()
    latest = uow.audit.latest_head()
    if size == 0 or (latest is not None and latest.size == size):
        return latest
    head = SignedTreeHead.sign(signer_of(uow), size, uow.audit.root(size), now)
    uow.audit.add_head(head)
    return head


def sign_tree_head(*, now: datetime, uow: UnitOfWork) -> SignedTreeHead | None:
    """Sign the current tree head (periodically and on demand); None while the log is empty."""
    with uow:
        head = head_in(uow, now)
        uow.commit()
    return head


def prove_inclusion(seq: int, *, now: datetime, uow: UnitOfWork) -> dict[str, Any]:
    """An inclusion proof of event `seq` against a signed head that covers it."""
    with uow:
        event = uow.audit.event(seq)
        if event is None:
            raise NotFound("audit event", seq)
        head = head_in(uow, now)
        if head is None:
            raise NotFound("audit event", seq)
        path = uow.audit.inclusion_path(seq, head.size)
        document = proofs.inclusion_document(seq, event, path, head, signer_of(uow).public_key)
        uow.commit()
    return document


def prove_consistency(first: int, second: int, *, uow: UnitOfWork) -> dict[str, Any]:
    """A consistency proof between two signed heads: tree `first` is a prefix of `second`."""
    if not 0 < first <= second:
        raise InvalidInput("sizes out of order", fields={"first": "range", "second": "range"})
    with uow:
        heads = [uow.audit.head_at(first), uow.audit.head_at(second)]
        if heads[0] is None or heads[1] is None:
            raise NotFound("signed tree head", first if heads[0] is None else second)
        path = uow.audit.consistency_path(first, second) if first < second else []
        key = signer_of(uow).public_key
    return {
        "format": proofs.CONSISTENCY_FORMAT,
        "first": proofs.head_document(heads[0], key),
        "second": proofs.head_document(heads[1], key),
        "path": [p.hex() for p in path],
    }


def verify_audit_log(
    *,
    uow: UnitOfWork,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    block_level: int = verify.BLOCK_LEVEL,
) -> Verified:
    """Recompute chain and tree from the stored bytes and check every signed head.
    Raises LogTampered naming the first bad sequence number.

    With `workers` > 1 and a log of at least two blocks, spans of the log are checked by
    worker processes on connections of their own (they read committed events only) and
    stitched here in order."""
    with uow:
        heads = uow.audit.heads()
        key = signer_of(uow).public_key
        size = uow.audit.size()
        if workers <= 1 or size < 2 << block_level:
            with closing(uow.audit.pages_for_verification()) as pages:  # cursor closed here
                return verify.verify_pages(pages, heads, key, progress=progress)
        url = uow.audit.worker_url()
    verify.check_signatures(heads, key)
    spans = verify.spans_of(size, 4 * workers, block_level)
    sizes = [h.size for h in heads]
    jobs = [(url, a, b, tuple(s for s in sizes if a <= s <= b), block_level) for a, b in spans]
    context = multiprocessing.get_context(_START)
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        checked = pool.map(check_span_at, *zip(*jobs, strict=True))
        return verify.join_spans(checked, heads, key, progress=progress)
    finally:
        pool.shutdown(cancel_futures=True)


def log_size(*, uow: UnitOfWork) -> int:
    with uow:
        return uow.audit.size()
