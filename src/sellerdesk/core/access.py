"""Who may see and change what: roles and store grants, as a pure value.

* ``admin`` — everything, every store, users and stores.
* ``agent`` — reads and writes the cases of the stores granted.
* ``viewer`` — reads the cases of the stores granted.

A store that is not granted does not exist for the user: services answer "not found" for
it (never "forbidden"), so that its name and cases do not leak.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("admin", "agent", "viewer")


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    store_ids: frozenset[int] = field(default_factory=frozenset)
    user_id: int | None = None
    time_zone: str | None = None  # the user's own zone (My account); None: the team's

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def readable_store_ids(self) -> frozenset[int] | None:
        """None: every store (admin); else exactly the stores granted."""
        return None if self.is_admin else self.store_ids

    def can_read(self, store_id: int) -> bool:
        return self.is_admin or store_id in self.store_ids

    def can_write(self, store_id: int) -> bool:
        return self.is_admin or (self.role == "agent" and store_id in self.store_ids)


# The CLI runs as the machine's operator: the local store is theirs.
LOCAL_OPERATOR = Principal(name="cli", role="admin")
