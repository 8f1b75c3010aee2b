// ONNX Runtime timings for docs/PERFORMANCE.md, driven from node (onnxruntime-node carries the native library).
//   node ort.js ranges EXPOSED.onnx INPUT.npy OUT.json     min/max of every float output (for qdq.py quantize)
//   node ort.js time INPUT.npy RUNS MODEL.onnx [MODEL.onnx ...]
//       (with ORT_BATCH=B in the environment: a batch of B copies of the input's first image)
//       times every model at 1 and 2 intra-op threads, alternating the models block by block so that machine
//       noise falls on all of them alike; prints median, p10 and p90 per image in ms, and each model's top-1 and
//       largest logit difference against the first model.
//   node ort.js optimized MODEL.onnx OUT.onnx               writes the graph ORT actually runs (to check fusion)
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function readNpyFloat32(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path}: not an NPY file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', headerStart, headerStart + headerLength);
  if (!header.includes("'<f4'") || header.includes("'fortran_order': True")) throw new Error(`${path}: want C-order float32`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').filter(s => s.trim()).map(Number);
  const data = bytes.subarray(headerStart + headerLength);
  const values = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
  return new ort.Tensor('float32', values, shape);
}

async function open(model, threads, optimizedPath) {
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  if (optimizedPath) options.optimizedModelFilePath = optimizedPath;
  return ort.InferenceSession.create(model, options);
}

async function ranges(exposedModel, inputPath, outPath) {
  const session = await open(exposedModel, 2);
  const results = await session.run({ [session.inputNames[0]]: readNpyFloat32(inputPath) });
  const table = { [session.inputNames[0]]: minMax(readNpyFloat32(inputPath).data) };
  for (const name of session.outputNames) table[name] = minMax(results[name].data);
  fs.writeFileSync(outPath, JSON.stringify(table, null, 1));
}

function minMax(values) {
  let low = Infinity, high = -Infinity;
  for (const v of values) { if (v < low) low = v; if (v > high) high = v; }
  return [low, high];
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

// B copies of the first image of an N×C×H×W tensor.
function firstImageRepeated(tensor, batch) {
  const [, ...image] = tensor.dims;
  const size = image.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size * batch);
  for (let i = 0; i < batch; i++) values.set(tensor.data.subarray(0, size), i * size);
  return new ort.Tensor('float32', values, [batch, ...image]);
}

// Models are timed in alternating blocks, each with only its own session alive: an idle ORT session's intra-op
// threads keep spinning after a run, so with two sessions open on 2 cores each steals a core from the other (measured:
// interleaved, int8 at 2 threads took 17.5 ms; alone, 6.8 ms).
const BLOCKS = 5;

async function time(inputPath, runs, models) {
  const batch = process.env.ORT_BATCH ? Number(process.env.ORT_BATCH) : null;
  const input = batch ? firstImageRepeated(readNpyFloat32(inputPath), batch) : readNpyFloat32(inputPath);
  const perBlock = Math.ceil(runs / BLOCKS);
  console.log(`onnxruntime-node ${require('onnxruntime-node/package.json').version}, input ${input.dims.join('x')}, ${perBlock * BLOCKS} timed runs per model and thread count in ${BLOCKS} alternating blocks, 10 warm-up per block`);
  for (const threads of [1, 2]) {
    const samples = models.map(() => []);
    const outputs = [];
    for (let block = 0; block < BLOCKS; block++) {
      for (let i = 0; i < models.length; i++) {
        const session = await open(models[i], threads);
        const feeds = { [session.inputNames[0]]: input };
        if (block === 0) outputs.push((await session.run(feeds))[session.outputNames[0]].data);
        for (let w = 0; w < 10; w++) await session.run(feeds);
        for (let r = 0; r < perBlock; r++) {
          const start = process.hrtime.bigint();
          await session.run(feeds);
          samples[i].push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        await session.release();
      }
    }
    for (let i = 0; i < models.length; i++) {
      const sorted = samples[i].sort((a, b) => a - b);
      let maxDiff = 0;
      for (let k = 0; k < outputs[i].length; k++) maxDiff = Math.max(maxDiff, Math.abs(outputs[i][k] - outputs[0][k]));
      console.log(`${models[i]}  threads=${threads}  median=${percentile(sorted, 0.5).toFixed(2)} ms  p10=${percentile(sorted, 0.1).toFixed(2)}  p90=${percentile(sorted, 0.9).toFixed(2)}  top1=${argmax(outputs[i])}  max|dlogit|=${maxDiff.toPrecision(3)}`);
    }
  }
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'ranges' && args.length === 3) return ranges(...args);
  if (command === 'time' && args.length >= 3) return time(args[0], Number(args[1]), args.slice(2));
  if (command === 'optimized' && args.length === 2) { await open(args[0], 1, args[1]); return; }
  console.error('usage: see the comment at the top of ort.js');
  process.exit(2);
}

main().catch(e => { console.error(`error: ${e.message}`); process.exit(2); });
