"""`python -m parwh.bench_steps.dbt_part DATABASE TARGET`: steps 1-2 of `parwh build` as it runs them, in one
process (parse once, dbt build, dbt docs generate), into DATABASE with dbt's target folder TARGET."""

import sys
from pathlib import Path

from parwh.build import dbt_build_and_docs

if __name__ == "__main__":
    dbt_build_and_docs(Path(sys.argv[1]), "bench", "--target-path", sys.argv[2])
