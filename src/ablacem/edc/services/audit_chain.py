"""Appending audit records to the tamper-evident chain, in the transaction that writes them.

Receivers (connected by :meth:`ablacem.edc.apps.EdcConfig.ready`) append a link for every
django-simple-history row (``post_create_historical_record``) and every new record of a model
with ``audit_chained = True`` (``post_save``); bulk inserts chain their rows in one call
(:func:`audit_chain_append`, or :func:`audit_chain_append_many` for an import). Writers are
serialised while they append: on PostgreSQL by a transaction-level advisory lock (held to the
commit, so two transactions never take the same ``seq``); SQLite's write transactions already
run one at a time.

Why by hand: no maintained Django package keeps a hash chain over django-simple-history's
tables (django-auditlog and django-simple-history store changes, not a chain).
"""

from __future__ import annotations

from django.db import connections, router, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from ..chain_hash import GENESIS_HASH, link_hash
from ..models.audit_chain import AuditChainLink
from ..selectors.audit_chain import chained_models, record_content_hashes
from ._bulk_insert import insert_rows

#: Key of PostgreSQL's advisory lock that serialises appends ("ablacem chain" in ASCII, truncated).
CHAIN_LOCK_KEY = 0x61626C6368616E


def _lock_chain(using: str) -> None:
    if connections[using].vendor == "postgresql":
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _new_links(model, pks: list, using: str) -> list[dict]:
    """The fields of one new link per record (after the current head), the chain locked."""
    source = model._meta.db_table
    _lock_chain(using)
    contents = record_content_hashes(model, pks)
    last = AuditChainLink.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = last or (0, GENESIS_HASH)
    links = []
    for pk in pks:
        seq += 1
        digest = contents[str(pk)]
        this = link_hash(seq=seq, source=source, source_pk=str(pk), content_hash=digest, prev_hash=prev_hash)
        links.append(
            {
                "seq": seq,
                "source": source,
                "source_pk": str(pk),
                "content_hash": digest,
                "prev_hash": prev_hash,
                "hash": this,
            }
        )
        prev_hash = this
    return links


def audit_chain_append(*, model, pks) -> list[AuditChainLink]:
    """Append one link per record of ``model`` (keys ``pks``, in that order) after the current head.

    Runs in the caller's transaction (or its own), so the links commit or roll back with the
    records. The records are read back from the database, so the content hashed is the content
    ``ablacem audit verify`` will read.

    Returns
    -------
    list of AuditChainLink
        The links written.
    """
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return []
    using = router.db_for_write(AuditChainLink)
    with transaction.atomic(using=using):
        links = [AuditChainLink(**fields) for fields in _new_links(model, pks, using)]
        return AuditChainLink.objects.using(using).bulk_create(links, batch_size=500)


def audit_chain_append_many(*, model, pks) -> int:
    """:func:`audit_chain_append` for a bulk insert (hundreds of thousands of records): the same
    links, written by multi-row inserts without building a model object per link.

    Returns
    -------
    int
        The number of links written.
    """
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return 0
    using = router.db_for_write(AuditChainLink)
    with transaction.atomic(using=using):
        return len(insert_rows(AuditChainLink, _new_links(model, pks, using), now=timezone.now()))


def _chain_history_row(sender, history_instance, **kwargs) -> None:
    audit_chain_append(model=type(history_instance), pks=[history_instance.pk])


def _chain_new_record(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        audit_chain_append(model=type(instance), pks=[instance.pk])


def connect_audit_chain() -> None:
    """Connect the receivers that chain every new audit record (called once, at app start)."""
    post_create_historical_record.connect(_chain_history_row, dispatch_uid="ablacem_chain_history")
    for model in chained_models():
        if getattr(model, "audit_chained", False):
            post_save.connect(_chain_new_record, sender=model, dispatch_uid=f"ablacem_chain_{model._meta.label}")
