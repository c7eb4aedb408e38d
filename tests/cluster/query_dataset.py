"""Reads a dataset of `voices analyse` with DuckDB and with Polars (hive
partitioning: each table's shards read as one table with a `shard` column) and
prints what both see as JSON.

    python3 query_dataset.py DATASET
"""

import json
import sys

import duckdb
import polars as pl

dataset = sys.argv[1]


def duckdb_table(name):
    return (f"read_parquet('{dataset}/{name}/*/*.parquet', "
            "hive_partitioning = true)")


speech_per_voice = duckdb.sql(f"""
    select q.speaker, count(*) as quotations
    from {duckdb_table('quotes')} q
    join {duckdb_table('documents')} d using (doc_id)
    where q.kind <> 'mention'
    group by q.speaker
    order by quotations desc, q.speaker
""").fetchall()
documents = duckdb.sql(f"""
    select doc_id, shard from {duckdb_table('documents')} order by doc_id
""").fetchall()
tokens = duckdb.sql(f"select count(*) from {duckdb_table('tokens')}").fetchall()[0][0]

polars_tokens = (pl.scan_parquet(f"{dataset}/tokens/**/*.parquet", hive_partitioning=True)
                 .group_by("shard").len().sort("shard").collect())
polars_speech = (pl.scan_parquet(f"{dataset}/quotes/**/*.parquet", hive_partitioning=True)
                 .filter(pl.col("kind") != "mention")
                 .group_by("speaker").len().collect())

print(json.dumps({
    "duckdb": {
        "documents": documents,
        "tokens": tokens,
        "speech_per_voice": speech_per_voice,
    },
    "polars": {
        "tokens_per_shard": polars_tokens.rows(),
        "speech_per_voice": sorted(polars_speech.rows()),
    },
}))
