"""Validation errors, told in French."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataError:
    file: str
    line: int | None
    field: str
    expected: str
    found: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}, ligne {self.line}" if self.line else self.file
        end = "" if self.fix.endswith(("?", ".")) else "."
        return (f"{where} — champ « {self.field} » : attendu {self.expected} ; "
                f"trouvé {self.found}. Correction : {self.fix}{end}")


class InvalidData(Exception):
    """Raised with every error found, never only the first."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"Données invalides : {count} erreur{'s' if count > 1 else ''}. Le site n'est pas construit."
        return "\n".join([head, *(f"- {e}" for e in self.errors)])


class DeriveError(Exception):
    """A derived file (PDF, clause file, feed…) could not be written: the build fails, naming it."""

    def __str__(self) -> str:
        return "Échec de la production des fichiers dérivés :\n" + "\n".join(
            f"- {line}" for line in super().__str__().splitlines())
