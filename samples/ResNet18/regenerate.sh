#!/usr/bin/env bash
# Reproduces model/fmnist_resnet18.{manifest.json,weights.bin} and model/allocation.report.json: CLADO chooses
# every layer's weight width (2, 4 or 8 bits, activations 8 bits) at an average of at most 4 weight bits, calibrated
# on the first 512 Fashion-MNIST training images and evaluated on the 10,000 test images by the reference integer
# executor. Needs Debian's dataset-fashion-mnist. Takes about 45 minutes on 2 cores (sensitivity measurement, then
# the reference-executor evaluation); interrupted, it resumes from the cache in $WORK. The next build of the
# sample compiles the new manifest.
#   usage: samples/ResNet18/regenerate.sh [WORK_DIR]     (default: a folder under the system temp dir)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/specialized-resnet18-allocation}"
data=/usr/share/datasets/fashion-mnist
if [ ! -f "$data/train-images-idx3-ubyte.gz" ]; then
  echo "error: $data is missing; install it with: apt-get install dataset-fashion-mnist" >&2
  exit 2
fi

dotnet run -c Release --project "$root/src/Allocator" -- allocate \
  --model "$here/model/fmnist_resnet18.onnx" \
  --calib "$data/train-images-idx3-ubyte.gz:$data/train-labels-idx1-ubyte.gz" --calib-size 512 \
  --eval "$data/t10k-images-idx3-ubyte.gz:$data/t10k-labels-idx1-ubyte.gz" \
  --mean 0.2860 --std 0.3530 \
  --wbits 2,4,8 --abits 8 --budget-bits 4 --method clado \
  --name fmnist_resnet18 --out "$work"

cp "$work/fmnist_resnet18.manifest.json" "$work/fmnist_resnet18.weights.bin" "$here/model/"
cp "$work/report.json" "$here/model/allocation.report.json"
echo "updated $here/model (manifest, weights, allocation.report.json); rebuild the sample to compile them"
