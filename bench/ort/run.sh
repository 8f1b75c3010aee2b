#!/usr/bin/env bash
# ONNX Runtime fp32 and static-int8 (QDQ) timings of a shared model, 1 and 2 threads: by default torchvision
# ResNet-18 at 1x3x224x224; `run.sh 200 fmnist_resnet18 1 64` times the sample's Fashion-MNIST ResNet-18 at batch 1
# and 64 (the first reference image repeated), the figures the sample's own report is compared with.
# Needs node + npm (onnxruntime-node installs without its download script) and python3 with numpy and onnx
# (Debian: python3-numpy python3-onnx). Writes only into bench/ort/out/ and bench/ort/node_modules/ (git-ignored).
# Usage: bench/ort/run.sh [RUNS [MODEL [BATCH ...]]]
#   RUNS   timed runs per model, batch and thread count (default 200)
#   MODEL  a model in ../shared/models with MODEL.input.npy beside it (default tv_resnet18_224)
#   BATCH  batch sizes to time (default: the reference input as it is)
set -euo pipefail
cd "$(dirname "$0")"
models=../../../shared/models
runs=${1:-200}
model=${2:-tv_resnet18_224}
batches=("${@:3}")
python=${PYTHON:-python3}   # any python3 that can import numpy and onnx
[ -f "$models/$model.onnx" ] || { echo "error: $models/$model.onnx not found (../shared beside the repo)" >&2; exit 2; }
[ -f "$models/$model.input.npy" ] || { echo "error: $models/$model.input.npy not found" >&2; exit 2; }
[ -d node_modules/onnxruntime-node ] || npm install --ignore-scripts --no-audit --no-fund >/dev/null
mkdir -p out
"$python" qdq.py expose "$models/$model.onnx" "out/$model.exposed.onnx"
node ort.js ranges "out/$model.exposed.onnx" "$models/$model.input.npy" "out/$model.ranges.json"
"$python" qdq.py quantize "$models/$model.onnx" "out/$model.ranges.json" "out/$model.qdq.onnx"
if [ ${#batches[@]} -eq 0 ]; then
  node ort.js time "$models/$model.input.npy" "$runs" "$models/$model.onnx" "out/$model.qdq.onnx"
fi
for batch in "${batches[@]}"; do
  ORT_BATCH=$batch node ort.js time "$models/$model.input.npy" "$runs" "$models/$model.onnx" "out/$model.qdq.onnx"
done
