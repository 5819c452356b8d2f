#!/bin/bash
# Submits a sweep as a Slurm array of N shards and the merge that runs when all succeed:
#
#   deploy/slurm/submit.sh 8 planar-shallow --sweep lr=log:1e-3..10:16
#
# Prints the two job ids. Environment: SHARDS (shard store prefix, default runs-shard), MERGED
# (merged store, default runs), SITE (report, default site), DENO (default npx --yes deno@2.9.6),
# SBATCH_ARGS (extra sbatch options, e.g. "--partition=cpu --time=01:00:00").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1
shift
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_ARGS:-} --array="0-$((n - 1))" "$here/sweep.sbatch" "$@")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency="afterok:${array%%;*}" "$here/merge.sbatch" "$n")
echo "array job ${array%%;*}, merge job ${merge%%;*}"
