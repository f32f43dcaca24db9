"""`python -m parwh.bench_steps.scale_pandas DATA CHECK.txt`: the scale run's rankings and deltas computed with
pandas from the SYNTHETIC parquet files in DATA, as the bench models compute them in SQL. Writes the check line
(rankings rows, sum of computed ranks, deltas rows, sum of score changes) to CHECK.txt."""

import sys

import pandas as pd


def main(data: str, check_file: str) -> None:
    results = pd.read_parquet(f"{data}/synthetic_results.parquet")
    units = pd.read_parquet(f"{data}/synthetic_units.parquet").rename(columns={"unit_id": "unit_key"})
    results = results.rename(columns={"unit_id": "unit_key"})
    known = results[results["score"].notna()].copy()
    by_release = known.groupby(["year", "criterion"])["score"]
    known["computed_rank"] = by_release.rank(method="min", ascending=False).astype("int32")
    known["n_known_scores"] = by_release.transform("count")
    known["percentile"] = by_release.rank(method="max", pct=True).round(4)
    rankings = results.merge(units, on="unit_key").merge(
        known[["year", "criterion", "unit_key", "computed_rank", "n_known_scores", "percentile"]],
        on=["year", "criterion", "unit_key"], how="left")
    previous = (rankings[["year", "criterion", "unit_key", "score", "computed_rank"]]
                .assign(year=lambda frame: frame["year"] + 1))
    deltas = rankings.merge(previous, on=["year", "criterion", "unit_key"], how="left", suffixes=("", "_previous"))
    deltas["score_change_computed"] = (deltas["score"] - deltas["score_previous"]).round(3)
    deltas["rank_change_computed"] = deltas["computed_rank_previous"] - deltas["computed_rank"]
    # kept, as the other paths keep theirs in the DuckDB file
    rankings.to_parquet(f"{data}/../pandas_rankings.parquet")
    deltas.to_parquet(f"{data}/../pandas_deltas.parquet")
    with open(check_file, "w") as out:
        print(len(rankings), int(rankings["computed_rank"].sum()), len(deltas),
              round(float(deltas["score_change_computed"].sum()), 1), file=out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
