"""The POA's own typed errors: fields an adapter words its own way."""

from __future__ import annotations

from sellerdesk.core.errors import InvalidInput


class PoaForAnotherCase(InvalidInput):
    """A plan that names another case (``line`` "case") or store ("store") than the case it
    is saved onto. Its words say what to do without naming a command (the API and the web
    show them); the CLI words its own fix from these fields (cli/poa_commands.py)."""

    @classmethod
    def naming(cls, line: str, *, case_id: int, named: object, store: str) -> PoaForAnotherCase:
        key = f"paste_mend.poa_other_{line}"
        return cls.of(key, field=line, case_id=case_id, value=named, store=store)

    @property
    def line(self) -> str:
        return self.field or ""

    @property
    def case_id(self) -> int:
        return int(self.params["case_id"])

    @property
    def named(self) -> object:  # the case number or store name the plan names
        return self.params["value"]

    @property
    def store(self) -> str:  # the store the case belongs to
        return str(self.params["store"])
