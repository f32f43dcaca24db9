"""What ingest refuses a file for: every problem found, reported together, before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from parwh.errors import ParwhError

MAX_PROBLEMS_SHOWN = 40


class IngestError(ParwhError):
    """The file was refused; the message lists every problem. The seeds were not touched."""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)

    def add(self, problem: str) -> None:
        self.problems.append(problem)


def refuse(findings: Findings) -> None:
    if findings.problems:
        shown = findings.problems[:MAX_PROBLEMS_SHOWN]
        more = len(findings.problems) - len(shown)
        raise IngestError("\n".join(shown + ([f"... and {more} more"] if more else []))
                          + f"\n{len(findings.problems)} problem(s); nothing was written to seeds/.")
