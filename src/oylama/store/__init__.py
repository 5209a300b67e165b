"""The bulletin board's storage: entries, subtree hashes and checkpoints in SQL.

SQLite (a file, the default) or PostgreSQL (by URL), through SQLAlchemy 2, with the schema
created and upgraded by Alembic migrations (:func:`upgrade_to_head`). Every function that
writes takes the caller's :class:`sqlalchemy.orm.Session` and writes inside its transaction,
so that an entry commits exactly when the business row it records commits::

    engine = open_store(data_dir="var")          # or open_store("postgresql+psycopg://...")
    upgrade_to_head(engine)
    with Session(engine) as session, session.begin():
        session.execute(insert(ballots), {...})  # the business row
        append(session, "izmir-2026", EntryKind.BALLOT, ballot_bytes, now=clock_ms())

The board tables are append-only (triggers refuse UPDATE and DELETE). Proofs are served from
the stored subtree hashes (:class:`StoredTree`), checkpoints are signed only as consistent
extensions of the last stored one (:func:`issue_checkpoint`), and :func:`verify_stored_log`
audits every row. ``docs/storage.md`` describes the design.
"""

from oylama.store._append import StoredEntry, append, append_many, lock_log
from oylama.store._assembly_schema import Assembly, AssemblyItem, AssemblySlip, AssemblySlipUse
from oylama.store._batch import BatchWriter, BusinessWrite
from oylama.store._checkpoints import (
    StoredCheckpoint,
    issue_checkpoint,
    latest_checkpoint,
    list_checkpoints,
)
from oylama.store._engine import DEFAULT_DB_NAME, SQLITE_BUSY_TIMEOUT_MS, open_store, reader
from oylama.store._errors import StoredCheckpointError, StoredTreeError, StoreError
from oylama.store._migrate import (
    current_revision,
    downgrade_to_base,
    head_revision,
    upgrade_to_head,
)
from oylama.store._proposal_schema import PROPOSAL_TABLES, Proposal, ProposalSupport
from oylama.store._read import read_entries, read_entry
from oylama.store._schema import (
    BOARD_TABLES,
    Base,
    BoardCheckpoint,
    BoardEntry,
    BoardLog,
    BoardSubtree,
)
from oylama.store._service_schema import (
    SERVICE_TABLES,
    Account,
    AccountSession,
    AuditEvent,
    CastBallot,
    CityProject,
    Credential,
    Election,
    ElectionStaff,
    FailureEvent,
    LoginFailure,
    PaperBallotRow,
    PaperKeyerKey,
    PaperKeying,
    Partial,
    Photo,
    SpoilCount,
    SpoiledEntry,
    Trustee,
    TrusteeShare,
)
from oylama.store._tree import StoredTree, stored_size
from oylama.store._verify import VerifiedLog, verify_stored_log

__all__ = [
    "BOARD_TABLES",
    "DEFAULT_DB_NAME",
    "PROPOSAL_TABLES",
    "SERVICE_TABLES",
    "SQLITE_BUSY_TIMEOUT_MS",
    "Account",
    "AccountSession",
    "Assembly",
    "AssemblyItem",
    "AssemblySlip",
    "AssemblySlipUse",
    "AuditEvent",
    "Base",
    "BatchWriter",
    "BoardCheckpoint",
    "BoardEntry",
    "BoardLog",
    "BoardSubtree",
    "BusinessWrite",
    "CastBallot",
    "CityProject",
    "Credential",
    "Election",
    "ElectionStaff",
    "FailureEvent",
    "LoginFailure",
    "PaperBallotRow",
    "PaperKeyerKey",
    "PaperKeying",
    "Partial",
    "Photo",
    "Proposal",
    "ProposalSupport",
    "SpoilCount",
    "SpoiledEntry",
    "StoreError",
    "StoredCheckpoint",
    "StoredCheckpointError",
    "StoredEntry",
    "StoredTree",
    "StoredTreeError",
    "Trustee",
    "TrusteeShare",
    "VerifiedLog",
    "append",
    "append_many",
    "current_revision",
    "downgrade_to_base",
    "head_revision",
    "issue_checkpoint",
    "latest_checkpoint",
    "list_checkpoints",
    "lock_log",
    "open_store",
    "read_entries",
    "read_entry",
    "reader",
    "stored_size",
    "upgrade_to_head",
    "verify_stored_log",
]
