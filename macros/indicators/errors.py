"""A source file that cannot be read as its official format: one French message naming the file and the first bad
row, what was expected, what was found and how to fix it."""
from __future__ import annotations


class SourceError(Exception):
    def __init__(self, file, line: int | None, expected: str, found: str, fix: str, element: int | None = None):
        self.file, self.line, self.element = str(file), line, element
        self.expected, self.found, self.fix = expected, found, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", ligne {self.line}"
        if self.element is not None:
            where += f" (élément n°\u00a0{self.element})"
        end = "" if self.fix.endswith((".", "?")) else "."
        return f"{where} : attendu {self.expected} ; trouvé {self.found}. Correction : {self.fix}{end}"


def shown(text: str, limit: int = 60) -> str:
    """A short excerpt of what was found, between French quotes."""
    text = " ".join(str(text).split())
    if not text:
        return "rien (fin du fichier ou valeur vide)"
    return f"«\u00a0{text[:limit]}{'…' if len(text) > limit else ''}\u00a0»"
