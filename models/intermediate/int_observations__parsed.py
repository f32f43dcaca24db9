"""What the build reads from each observation in Python: who published it and the unit its quote prints.

The registrable domain comes from the Public Suffix List bundled with `publicsuffixlist` (parwh/sources.py,
also used by ingest); the unit and any stated maximum from parwh/quote_reading.unit_in_quote.
"""

from decimal import Decimal

import pandas as pd

from parwh.quote_reading import unit_in_quote
from parwh.sources import registrable_domain, source_host


def model(dbt, session):
    dbt.config(materialized="table")
    observations = dbt.ref("stg_raw__observations").project("observation_id, source_url, value, quote").df()
    readings = [
        unit_in_quote(quote or "", None if pd.isna(value) else Decimal(str(value)))
        for quote, value in zip(observations["quote"], observations["value"])
    ]
    return pd.DataFrame({
        "observation_id": observations["observation_id"],
        "source_host": observations["source_url"].map(source_host),
        "source_domain": observations["source_url"].map(registrable_domain),
        "unit_in_quote": [unit for unit, _ in readings],
        "max_points_in_quote": [None if maximum is None else float(maximum) for _, maximum in readings],
    })
