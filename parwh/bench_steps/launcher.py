"""`python -m parwh.bench_steps.launcher RESULT.json COMMAND...`: runs COMMAND to the end and writes its wall
time, its exit code and its own peak resident memory (from wait4) to RESULT.json.

A small process between the bench and each measured one: a child inherits the peak RSS of the process it was
forked from, so forking from the bench itself would report the bench's memory for every step. Keep its imports
few.
"""

import json
import os
import subprocess
import sys
import time


def main(result: str, command: list[str]) -> None:
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    with open(result, "w") as out:
        json.dump({"seconds": time.perf_counter() - start, "rss_kb": usage.ru_maxrss,
                   "code": os.waitstatus_to_exitcode(status)}, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
