#!/usr/bin/env bash
# ONNX Runtime fp32 and static-int8 (QDQ) timings of torchvision ResNet-18 at 1x3x224x224, 1 and 2 threads.
# Needs node + npm (onnxruntime-node installs without its download script) and python3 with numpy and onnx
# (Debian: python3-numpy python3-onnx). Writes only into bench/ort/out/ and bench/ort/node_modules/ (git-ignored).
# Usage: bench/ort/run.sh [RUNS]        (default 200 timed runs per model and thread count)
set -euo pipefail
cd "$(dirname "$0")"
models=../../../shared/models
runs=${1:-200}
python=${PYTHON:-python3}   # any python3 that can import numpy and onnx
[ -f "$models/tv_resnet18_224.onnx" ] || { echo "error: $models/tv_resnet18_224.onnx not found (../shared beside the repo)" >&2; exit 2; }
[ -d node_modules/onnxruntime-node ] || npm install --ignore-scripts --no-audit --no-fund >/dev/null
mkdir -p out
"$python" qdq.py expose "$models/tv_resnet18_224.onnx" out/exposed.onnx
node ort.js ranges out/exposed.onnx "$models/tv_resnet18_224.input.npy" out/ranges.json
"$python" qdq.py quantize "$models/tv_resnet18_224.onnx" out/ranges.json out/tv_resnet18_224.qdq.onnx
node ort.js time "$models/tv_resnet18_224.input.npy" "$runs" "$models/tv_resnet18_224.onnx" out/tv_resnet18_224.qdq.onnx
