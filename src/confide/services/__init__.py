"""Use cases: the one door to peer data. Each call decides, loads, decrypts and audits
inside one unit of work, so the access event commits with the work or not at all."""

from confide.store.uow import UnitOfWork, UnitOfWorkFactory

__all__ = ["UnitOfWork", "UnitOfWorkFactory"]
