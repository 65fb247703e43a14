"""Reading the tamper-evident audit chain: which models it covers, its head, and verifying it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from simple_history.models import HistoricalChanges

from ..chain_hash import GENESIS_HASH, content_hash, link_hash
from ..models.audit_chain import AuditChainLink

#: Records read per query while verifying (and while chaining a bulk insert).
CHUNK = 1000


def chained_models() -> list:
    """Every model whose records join the chain, sorted by table.

    Every django-simple-history model (so a historical model added later joins without a
    change here) and every model declaring ``audit_chained = True`` (audit events; query
    messages and locks when they come).
    """
    found = [
        m
        for m in apps.get_models()
        if not m._meta.proxy and (issubclass(m, HistoricalChanges) or getattr(m, "audit_chained", False))
    ]
    return sorted(found, key=lambda m: m._meta.db_table)


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def record_content_hashes(model, pks) -> dict[str, str]:
    """``{str(pk): content hash}`` of the records of ``model`` with keys ``pks`` as stored now
    (records that do not exist are missing from the result)."""
    source = model._meta.db_table
    pk_name = model._meta.pk.attname
    out: dict[str, str] = {}
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        rows = model._base_manager.filter(pk__in=pks[start : start + CHUNK]).values(*_columns(model))
        for row in rows:
            out[str(row[pk_name])] = content_hash(source, row[pk_name], row)
    return out


def audit_chain_head() -> dict | None:
    """The last link: ``{"seq": n, "hash": ..., "at": datetime}``, or None while the chain is empty.

    The data manager notes it off-site from time to time: a chain rewritten from scratch after
    that note would no longer reach the noted hash at that position.
    """
    last = AuditChainLink.objects.order_by("-seq").values("seq", "hash", "created_at").first()
    return None if last is None else {"seq": last["seq"], "hash": last["hash"], "at": last["created_at"]}


@dataclass(frozen=True)
class ChainReport:
    """What :func:`audit_chain_verify` found.

    Attributes
    ----------
    ok : bool
    records : int
        Links checked.
    head : str
        Hash of the last link (when ``ok``).
    problem : str
        The first problem, in words: which link, which record and why (content changed, row
        deleted, link broken, record not in the chain).
    """

    ok: bool
    records: int
    head: str = ""
    problem: str = ""


def _check_link(link: dict, expected_seq: int, prev_hash: str, contents: dict, known: set) -> str:
    """The problem with one link, or ``""``."""
    seq, source, pk = link["seq"], link["source"], link["source_pk"]
    if seq != expected_seq:
        return f"link {expected_seq} is missing (link broken: a link was deleted before link {seq})"
    if link["prev_hash"] != prev_hash:
        return f"link {seq} does not follow link {seq - 1} (link broken: previous hash differs)"
    recomputed = link_hash(
        seq=seq, source=source, source_pk=pk, content_hash=link["content_hash"], prev_hash=link["prev_hash"]
    )
    if recomputed != link["hash"]:
        return f"link {seq} was altered (link broken: its hash does not match its fields)"
    if source not in known:
        return f"link {seq}: {source} is not an audited table"
    stored = contents[source].get(pk)
    if stored is None:
        return f"link {seq}: {source} #{pk} is gone (row deleted)"
    if stored != link["content_hash"]:
        return f"link {seq}: {source} #{pk} differs from what was recorded (content changed)"
    return ""


def audit_chain_verify() -> ChainReport:
    """Recompute the whole chain from the stored records.

    Every link must follow the one before (``seq`` without gaps, ``prev_hash`` equal to the
    previous ``hash``), its own hash must match its fields, its record must still exist with
    the content hash it had when written, and every record of an audited table must have a
    link (a row inserted outside the EDC has none).

    Returns
    -------
    ChainReport
        ``ok`` with the number of links and the head, or the first problem.
    """
    models = {m._meta.db_table: m for m in chained_models()}
    linked: dict[str, set[str]] = defaultdict(set)
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    fields = ("seq", "source", "source_pk", "content_hash", "prev_hash", "hash")
    while True:
        chunk = list(AuditChainLink.objects.filter(seq__gte=expected_seq).order_by("seq").values(*fields)[:CHUNK])
        if not chunk:
            break
        by_source: dict[str, list[str]] = defaultdict(list)
        for link in chunk:
            by_source[link["source"]].append(link["source_pk"])
        contents = {
            source: record_content_hashes(models[source], pks) for source, pks in by_source.items() if source in models
        }
        for link in chunk:
            problem = _check_link(link, expected_seq, prev_hash, contents, set(models))
            if problem:
                return ChainReport(ok=False, records=count, problem=problem)
            linked[link["source"]].add(link["source_pk"])
            expected_seq, prev_hash, count = expected_seq + 1, link["hash"], count + 1
    for source, model in models.items():
        for pk in model._base_manager.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK):
            if str(pk) not in linked[source]:
                return ChainReport(
                    ok=False, records=count, problem=f"{source} #{pk} has no link (record not in the chain)"
                )
    return ChainReport(ok=True, records=count, head=prev_hash if count else GENESIS_HASH)
