"""One validation result, whatever produced it (a SHACL shape or a QC query).

A result names the file and line where its focus node is defined, so that an editor can jump
there, and carries the terms already written as short text (prefixed names, quoted literals):
results are cached as JSON and printed as text or JSON without the graphs they came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"
SEVERITY_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Result:
    file: str  # the file that defines the focus node ("" when unknown)
    line: int | None  # 1-based line where the focus node starts a statement
    focus: str  # the focus node, prefixed where a project prefix fits
    path: str | None  # the property at fault, where there is one
    value: str | None  # the offending value, where there is one
    severity: str  # Violation | Warning | Info
    message: str  # what is wrong and how to fix it
    shape: str  # the shape (ckgsh:…) or QC query (qc:name) that reported it

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Result":
        return cls(**data)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.focus, SEVERITY_ORDER.get(self.severity, 9),
                self.shape, self.path or "", self.value or "")

    def with_location(self, file: str, line: int | None) -> "Result":
        return Result(file, line, self.focus, self.path, self.value, self.severity, self.message, self.shape)
