-- One row about the build that wrote this file, so a reader can cite which build a number came from.
-- `parwh build` passes the git commit; a plain `dbt build` records 'unknown'.
-- data_version and release_name are set by `parwh build` once the marts are built (parwh/releases.py hashes
-- every other mart's rows); a plain `dbt build` is no release and leaves them null.
select
    '{{ invocation_id }}' as build_id,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as built_at_utc,
    '{{ env_var("PARWH_GIT_COMMIT", "unknown") }}' as git_commit,
    '{{ dbt_version }}' as dbt_version,
    version() as duckdb_version,
    cast(null as varchar) as data_version,
    cast(null as varchar) as release_name
