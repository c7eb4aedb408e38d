"""Runs `voices analyse` over N shards on a Dask cluster, then `voices report --from`.

    python3 dask_shards.py VOICES DATASET REPORT SHARDS INPUT...
        [--metadata FILE] [--scheduler ADDRESS]

Each task analyses one shard (`voices analyse INPUT... -o DATASET --shard K/N`); the
inputs and DATASET must be on storage every worker sees. Without `--scheduler`, a
LocalCluster of SHARDS workers (one thread each) runs on this machine. The report of
every shard is then written to REPORT. Exits with the status of `voices report`.
"""

import argparse
import subprocess
import sys

from dask.distributed import Client, LocalCluster


def analyse(shard, voices, shards, dataset, inputs, metadata):
    """One shard: exit status 1 means some of its inputs could not be analysed (the
    shard is still written, and the report lists them); anything else is an error."""
    command = [voices, "analyse", *inputs, "-o", dataset,
               "--shard", f"{shard}/{shards}", "--threads", "1"]
    if metadata:
        command += ["--metadata", metadata]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"shard {shard}/{shards} failed:\n{result.stderr}")
    return shard, result.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("voices")
    parser.add_argument("dataset")
    parser.add_argument("report")
    parser.add_argument("shards", type=int)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--metadata", help="the metadata CSV of `voices analyse`")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    args = parser.parse_args()

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.shards, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    with client:
        futures = client.map(analyse, range(args.shards), voices=args.voices,
                             shards=args.shards, dataset=args.dataset,
                             inputs=args.inputs, metadata=args.metadata,
                             pure=False)
        for shard, status in client.gather(futures):
            print(f"shard {shard}/{args.shards}: exit {status}", file=sys.stderr)
    report = subprocess.run([args.voices, "report", "--from", args.dataset,
                             "-o", args.report])
    sys.exit(report.returncode)


if __name__ == "__main__":
    main()
