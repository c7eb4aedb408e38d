"""Reads a dataset of `voices analyse` with Spark (partition discovery: each table's
`shard=K` directories read as one table with a `shard` column) and prints what it
sees as JSON, as query_dataset.py does for DuckDB and Polars.

    python3 spark_dataset.py DATASET
"""

import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

dataset = sys.argv[1]
spark = (SparkSession.builder.master("local[1]").appName("voices")
         .config("spark.ui.enabled", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")

quotes = spark.read.parquet(f"{dataset}/quotes")
documents = spark.read.parquet(f"{dataset}/documents")
speech = (quotes.join(documents.select("doc_id"), "doc_id")
          .where(F.col("kind") != "mention").groupBy("speaker").count().collect())
print(json.dumps({
    "documents": sorted([row.doc_id, row.shard]
                        for row in documents.select("doc_id", "shard").collect()),
    "tokens": spark.read.parquet(f"{dataset}/tokens").count(),
    "speech_per_voice": sorted([row.speaker, row["count"]] for row in speech),
}))
spark.stop()
