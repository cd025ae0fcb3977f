#!/bin/sh
# Validation NDCG@10 of one ranker setting, for tuning the rankers' defaults on the
# validation split only (never on test): trains `recsys rank` on artifacts/validation's
# train part and scores it on its test part with `recsys evaluate`'s own evaluator (the
# same number as metrics.json's hybrid.validation.model_ndcg). The evaluate run is given
# the validation split on both of its sides, so test.csv is never read.
#
#   swift build -c release --product recsys && swift build -c release --product pipeline
#   .build/release/pipeline repro validation_model tfidf     # artifacts/validation, tfidf
#   bench/tune_rankers.sh als --factors=64 --reg=0.05 --alpha=2 --iterations=15
#   bench/tune_rankers.sh ease --lambda=2000
#   bench/tune_rankers.sh knn --neighbours=50
#
# Prints one line: the model, its settings, validation NDCG@10, fit seconds. Run it
# niced on a shared machine: `nice -n 10 bench/tune_rankers.sh ...`.
set -eu
cd "$(dirname "$0")/.."
RECSYS=${RECSYS:-.build/release/recsys}
model=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s.%N)
"$RECSYS" rank --model="$model" --movies=artifacts/parsed/movies.csv --in=artifacts/validation \
  --out="$tmp/ranker" "$@" > /dev/null
fit=$(echo "$(date +%s.%N) - $start" | bc)
"$RECSYS" evaluate --movies=artifacts/parsed/movies.csv --split=artifacts/validation \
  --model=artifacts/validation_model --validation=artifacts/validation \
  --validation-model=artifacts/validation_model --tfidf=artifacts/tfidf \
  --rankers="$tmp/ranker" --validation-rankers="$tmp/ranker" --out="$tmp/metrics.json" \
  --plots="$tmp/plots.json" --model-name="$model" --alpha=1 --normalize=minmax > /dev/null
ndcg=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['hybrid']['validation']['model_ndcg'][sys.argv[2]])" \
  "$tmp/metrics.json" "$model")
printf '%s %s validation_ndcg %s fit_s %.1f\n' "$model" "$*" "$ndcg" "$fit"
