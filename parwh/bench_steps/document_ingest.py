"""`python -m parwh.bench_steps.document_ingest FILE INDEX YEAR`: one `parwh ingest --dry-run` of a MADE-UP
province table (a PDF or an image) for the bench; a refusal is printed, not raised, since only the time counts."""

import sys
from pathlib import Path

from parwh import paths
from parwh.ingest import IngestError, IngestOptions, TableOptions, ingest


def main(file: str, index_code: str, year: str) -> None:
    options = TableOptions(index_code, int(year), "province", "https://example.invalid/made-up-bench")
    try:
        ingest(Path(file), options, paths.PROJECT_DIR, IngestOptions(dry_run=True))
    except IngestError as error:
        print("refused:", str(error).splitlines()[-1])


if __name__ == "__main__":
    main(*sys.argv[1:4])
