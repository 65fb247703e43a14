"""The tamper-evident audit chain: one link per audit record, each hashing the one before.

Every audit record (each django-simple-history row, each :class:`AuditEvent`, each record of
a model declaring ``audit_chained = True``) gets a link appended in the transaction that wrote
it: the SHA-256 of the record's canonical content, the previous link's hash, and the hash of
both (:mod:`ablacem.edc.chain_hash`). Changing, deleting or inserting a record or a link
outside the EDC breaks the chain, and ``ablacem audit verify`` says where.
"""

from __future__ import annotations

from django.db import models


class AuditChainLink(models.Model):
    """One link of the chain (append-only).

    Attributes
    ----------
    seq : int
        Position in the chain, from 1, without gaps.
    source : str
        Database table of the audited record (``edc_historicallesion``).
    source_pk : str
        Primary key of the audited record, as text.
    content_hash : str
        SHA-256 (hex) of the record's canonical content.
    prev_hash : str
        ``hash`` of the link before (64 zeros for the first).
    hash : str
        SHA-256 over ``seq``, ``source``, ``source_pk``, ``content_hash`` and ``prev_hash``.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    source = models.CharField(max_length=100)
    source_pk = models.CharField(max_length=40)
    content_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["source", "source_pk"], name="edc_chain_one_link_per_record")]

    def __str__(self) -> str:
        return f"link {self.seq} ({self.source} #{self.source_pk})"
