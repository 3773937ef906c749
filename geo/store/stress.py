"""Concurrent-writer load for the store: used by the concurrency tests and the benchmark.

:func:`run_writer` is one writer process's work: read a random community of a plan, then
write a note on it with the version it read, many times over a small set of rows, so that
writers collide. Every attempt either lands (its token is returned) or is refused as stale.
:func:`check_consistency` then proves nothing was lost: each row's version counts exactly
the edits that landed on it, and the audit log replays to the final state.
:func:`hold_open_transaction` writes inside a transaction and waits, to be killed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from geo.core.errors import StaleWrite
from geo.plan.auth import User
from geo.store.db import cas_update, open_store, utcnow, write_audit
from geo.store.models import AUDIT, PLAN_COMMUNITIES
from geo.store.plans import community
from geo.store.status import set_note

STRESS_USER = User("stress", "central")


@dataclass(frozen=True)
class WriterResult:
    """What one writer did: tokens of the edits that landed, stale refusals, other errors."""

    writer: int
    landed: list[tuple[str, str]] = field(default_factory=list)
    stale: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    started_at: float = 0.0
    ended_at: float = 0.0


def run_writer(
    url: str, plan_id: int, community_ids: Sequence[str], edits: int, writer: int, seed: int = 0
) -> WriterResult:
    """Make ``edits`` read-then-write note edits on random communities of ``community_ids``.

    Parameters
    ----------
    url
        Database URL (each process opens its own engine).
    plan_id, community_ids
        The rows to fight over.
    edits
        Attempts to make.
    writer
        This writer's number (in the tokens ``w<writer>-<i>``).
    seed
        Random seed (mixed with ``writer``).

    Returns
    -------
    WriterResult
        ``landed`` holds ``(community_id, token)`` for each edit that committed.
    """
    rng = random.Random(seed * 1_000 + writer)
    db = open_store(url, upgrade=False)
    landed: list[tuple[str, str]] = []
    stale = 0
    errors: list[str] = []
    started_at = time.time()
    start = time.perf_counter()
    for i in range(edits):
        cid = rng.choice(list(community_ids))
        token = f"w{writer}-{i}"
        try:
            version = community(db, plan_id, cid)["version"]
            set_note(db, STRESS_USER, plan_id, cid, token, version)
        except StaleWrite:
            stale += 1
        except Exception as exc:  # noqa: BLE001 - reported, and the test fails on any
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
        else:
            landed.append((cid, token))
    seconds = time.perf_counter() - start
    db.dispose()
    return WriterResult(writer, landed, stale, errors, seconds, started_at, started_at + seconds)


def check_consistency(url: str, plan_id: int, landed: Sequence[tuple[str, str]]) -> list[str]:
    """Problems found comparing the rows, the audit log and the edits writers say landed.

    Checks, per community: version − 1 equals the number of note edits in the audit log
    and the number of landed edits; the audit entries chain (each ``before`` version is the
    previous ``after`` version); the last ``after`` equals the row; and the set of audited
    tokens equals the set of landed tokens. An empty list means consistent.
    """
    db = open_store(url, upgrade=False)
    problems: list[str] = []
    with db.read() as conn:
        rows = {
            r.community_id: dict(r._mapping)
            for r in conn.execute(
                select(PLAN_COMMUNITIES).where(PLAN_COMMUNITIES.c.plan_id == plan_id)
            )
        }
        audit = conn.execute(
            select(AUDIT.c.community_id, AUDIT.c.before, AUDIT.c.after)
            .where(AUDIT.c.plan_id == plan_id, AUDIT.c.action == "note")
            .order_by(AUDIT.c.id)
        ).all()
    db.dispose()
    by_row: dict[str, list[tuple[dict, dict]]] = {}
    for cid, before, after in audit:
        by_row.setdefault(cid, []).append((before, after))
    landed_by_row: dict[str, set[str]] = {}
    for cid, token in landed:
        landed_by_row.setdefault(cid, set()).add(token)
    for cid, row in rows.items():
        entries = by_row.get(cid, [])
        tokens = {a["note"] for _, a in entries}
        if row["version"] - 1 != len(entries):
            problems.append(f"{cid}: version {row['version']} but {len(entries)} audited edits")
        if len(entries) != len(landed_by_row.get(cid, set())):
            problems.append(
                f"{cid}: {len(entries)} audited edits but {len(landed_by_row.get(cid, set()))} landed"
            )
        if tokens != landed_by_row.get(cid, set()):
            problems.append(f"{cid}: audited tokens differ from landed tokens")
        for (_, a1), (b2, _) in zip(entries, entries[1:], strict=False):
            if b2["version"] != a1["version"] or b2["note"] != a1["note"]:
                problems.append(f"{cid}: audit chain broken at version {a1['version']}")
                break
        if entries and (
            entries[-1][1]["note"] != row["note"] or entries[-1][1]["version"] != row["version"]
        ):
            problems.append(f"{cid}: last audit entry does not match the row")
    return problems


def hold_open_transaction(
    url: str, plan_id: int, community_id: str, ready, token: str = "killed"
) -> None:  # noqa: ANN001
    """Update a community's note and append its audit entry, then wait forever without
    committing; ``ready`` (a multiprocessing event) is set once the writes are made."""
    db = open_store(url, upgrade=False)
    with db.write() as conn:
        where = (PLAN_COMMUNITIES.c.plan_id == plan_id) & (
            PLAN_COMMUNITIES.c.community_id == community_id
        )
        version = conn.execute(select(PLAN_COMMUNITIES.c.version).where(where)).scalar_one()
        before, after = cas_update(
            conn,
            PLAN_COMMUNITIES,
            where,
            version,
            {"note": token, "updated_by": STRESS_USER.name, "updated_at": utcnow()},
            entity="plan_communities",
            key=community_id,
        )
        write_audit(
            conn,
            user=STRESS_USER.name,
            action="note",
            entity="plan_communities",
            entity_id=before["id"],
            before=before,
            after=after,
            plan_id=plan_id,
            community_id=community_id,
        )
        ready.set()
        while True:
            time.sleep(1)


def open_revision(url: str) -> str | None:
    """Open (and migrate) the store at ``url`` as an app process does at start-up, and
    return the schema revision it ends at; several processes may race here."""
    db = open_store(url)
    try:
        with db.read() as conn:
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(conn).get_current_revision()
    finally:
        db.dispose()
