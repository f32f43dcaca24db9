"""What the build reads from each observation in Python: who published it and the unit its quote prints.

The registrable domain comes from the Public Suffix List bundled with `publicsuffixlist` (parwh/sources.py,
also used by ingest); the unit and any stated maximum from parwh/quote_reading.unit_in_quote.
Rows in as Python tuples and out as an Arrow table: pandas would add half a second of import to every build.
"""

import pyarrow as pa

from parwh.quote_reading import unit_in_quote
from parwh.sources import registrable_domain, source_host


def model(dbt, session):
    dbt.config(materialized="table")
    observations = dbt.ref("stg_raw__observations").project("observation_id, source_url, value, quote").fetchall()
    ids, hosts, domains, units, maxima = [], [], [], [], []
    for observation_id, source_url, value, quote in observations:  # value: a Decimal, or None
        unit, maximum = unit_in_quote(quote or "", value)
        ids.append(observation_id)
        hosts.append(source_host(source_url))
        domains.append(registrable_domain(source_url))
        units.append(unit)
        maxima.append(None if maximum is None else float(maximum))
    return pa.table({
        "observation_id": pa.array(ids, pa.string()),
        "source_host": pa.array(hosts, pa.string()),
        "source_domain": pa.array(domains, pa.string()),
        "unit_in_quote": pa.array(units, pa.string()),
        "max_points_in_quote": pa.array(maxima, pa.float64()),
    })
