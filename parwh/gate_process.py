"""The build's quality gate in a process of its own, started with the build: it imports Great Expectations (about
3 s) on the other core while dbt builds, then checks the file when the build hands it over.

The process dies with the build (PR_SET_PDEATHSIG), so a killed build leaves nothing running.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from parwh.errors import ParwhError
from parwh.lifeline import die_with_parent, stop_with_parent


class GateProcess:
    """`with GateProcess() as gate: ... gate.run(database, quality_dir)`; at most one run."""

    def __enter__(self) -> GateProcess:
        self.process = subprocess.Popen([sys.executable, "-m", "parwh.gate_process", str(os.getpid())],
                                        stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, preexec_fn=die_with_parent)
        return self

    def run(self, database: Path, quality_dir: Path) -> tuple[bool, str]:
        """(passed, summary) of the gate on `database`, Data Docs written to `quality_dir`."""
        reply, _ = self.process.communicate(json.dumps([str(database), str(quality_dir)]))
        if self.process.returncode != 0 or not reply:
            raise ParwhError(f"the quality gate stopped with exit status {self.process.returncode} "
                             "(see the errors above).")
        answer = json.loads(reply)
        if "error" in answer:
            raise ParwhError(answer["error"])
        return answer["success"], answer["summary"]

    def __exit__(self, *exc_info) -> None:
        if self.process.poll() is None:  # the build failed before the gate: it has nothing to check
            self.process.kill()
            self.process.wait()


def main(build_pid: int) -> None:
    stop_with_parent(build_pid)  # also if the build died before this process could ask to die with it
    from parwh.gate import run_gate  # the slow import, done while the build runs

    request = sys.stdin.read()  # waits until the build hands the file over (or closes the pipe)
    if not request:
        return
    database, quality_dir = json.loads(request)
    reply = sys.stdout
    with contextlib.redirect_stdout(sys.stderr):  # whatever the gate prints, the reply stays clean
        try:
            result = run_gate(Path(database), Path(quality_dir))
            answer = {"success": result.success, "summary": result.summary}
        except ParwhError as error:
            answer = {"error": str(error)}
    json.dump(answer, reply)


if __name__ == "__main__":
    main(int(sys.argv[1]))
