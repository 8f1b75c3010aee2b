#!/usr/bin/env python3
"""Static int8 QDQ model for ONNX Runtime's quantized kernels (QLinearConv and friends).

Two steps, with the ranges pass run by ONNX Runtime in between (ort.js ranges):
  qdq.py expose MODEL.onnx OUT.onnx            every float tensor a node produces becomes a graph output
  qdq.py quantize MODEL.onnx RANGES.json OUT.onnx

The recipe is the one ONNX Runtime's own quantize_static writes in QDQ format, written out here because
onnxruntime's Python package is not on this machine's mirror:
  * activations: uint8, per tensor, asymmetric, range = observed [min, max] widened to include 0;
  * weights: int8, per output channel, symmetric (zero point 0), scale = max|w| / 127;
  * biases: int32, per output channel, scale = input scale x weight scale, zero point 0;
  * a Q/DQ pair after every tensor an op produces, except a tensor whose only reader is a Relu (Conv -> Relu and
    Add -> Relu are quantized after the Relu only, whose zero point is then 0, so ORT drops the Relu and fuses
    DQ -> Conv -> Q into QLinearConv and DQ -> Add -> Q into QLinearAdd), and the model's float output stays float.
Needs numpy and onnx (Debian: python3-numpy, python3-onnx); no onnxruntime Python package.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference


def expose(model_path, out_path):
    model = shape_inference.infer_shapes(onnx.load(model_path))
    graph = model.graph
    existing = {o.name for o in graph.output}
    for node in graph.node:
        for name in node.output:
            if name not in existing:
                graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    onnx.save(model, out_path)


def activation_qparams(low, high):
    low, high = min(low, 0.0), max(high, 0.0)
    scale = (high - low) / 255.0 if high > low else 1.0
    zero_point = int(round(-low / scale))
    return np.float32(scale), np.uint8(min(max(zero_point, 0), 255))


class QdqWriter:
    def __init__(self, model, ranges):
        self.graph = model.graph
        self.ranges = ranges
        self.initializers = {t.name: t for t in self.graph.initializer}
        self.nodes = []
        self.new_initializers = []
        self.dequantized = {}  # float tensor -> name of its Q/DQ'd copy

    def constant(self, name, array):
        self.new_initializers.append(numpy_helper.from_array(array, name))
        return name

    def quantize_activation(self, tensor):
        """Append Q -> DQ for a float activation; later readers use the DQ output."""
        if tensor in self.dequantized:
            return self.dequantized[tensor]
        scale, zero_point = activation_qparams(*self.ranges[tensor])
        s = self.constant(tensor + "_scale", np.array(scale, dtype=np.float32))
        z = self.constant(tensor + "_zero_point", np.array(zero_point, dtype=np.uint8))
        self.nodes.append(helper.make_node("QuantizeLinear", [tensor, s, z], [tensor + "_q"]))
        self.nodes.append(helper.make_node("DequantizeLinear", [tensor + "_q", s, z], [tensor + "_dq"]))
        self.dequantized[tensor] = tensor + "_dq"
        return tensor + "_dq"

    def activation_scale(self, tensor):
        return activation_qparams(*self.ranges[tensor])[0]

    def quantize_weights(self, node, weight_name, bias_name):
        """int8 per-channel weights and int32 bias behind DequantizeLinear(axis=0)."""
        weights = numpy_helper.to_array(self.initializers[weight_name]).astype(np.float32)
        channels = weights.shape[0]
        max_abs = np.abs(weights.reshape(channels, -1)).max(axis=1)
        w_scale = np.where(max_abs > 0, max_abs / 127.0, 1.0).astype(np.float32)
        shape = (channels,) + (1,) * (weights.ndim - 1)
        codes = np.clip(np.round(weights / w_scale.reshape(shape)), -127, 127).astype(np.int8)
        w = self.constant(weight_name + "_q", codes)
        ws = self.constant(weight_name + "_scale", w_scale)
        wz = self.constant(weight_name + "_zero_point", np.zeros(channels, dtype=np.int8))
        self.nodes.append(helper.make_node("DequantizeLinear", [w, ws, wz], [weight_name + "_dq"], axis=0))
        inputs = [weight_name + "_dq"]
        if bias_name:
            bias = numpy_helper.to_array(self.initializers[bias_name]).astype(np.float64)
            b_scale = (self.activation_scale(node.input[0]) * w_scale).astype(np.float32)
            b_codes = np.round(bias / b_scale.astype(np.float64)).astype(np.int32)
            b = self.constant(bias_name + "_q", b_codes)
            bs = self.constant(bias_name + "_scale", b_scale)
            bz = self.constant(bias_name + "_zero_point", np.zeros(channels, dtype=np.int32))
            self.nodes.append(helper.make_node("DequantizeLinear", [b, bs, bz], [bias_name + "_dq"], axis=0))
            inputs.append(bias_name + "_dq")
        return inputs

    def write(self):
        readers = {}
        for node in self.graph.node:
            for name in node.input:
                readers.setdefault(name, []).append(node)
        outputs = {o.name for o in self.graph.output}
        self.quantize_activation(self.graph.input[0].name)
        for node in self.graph.node:
            node = self.rewrite_inputs(node)
            self.nodes.append(node)
            for name in node.output:
                only_reader = readers.get(name, [])
                skip = len(only_reader) == 1 and only_reader[0].op_type == "Relu"
                if name not in outputs and name in self.ranges and not skip and node.op_type != "Flatten":
                    self.quantize_activation(name)
        del self.graph.node[:]
        self.graph.node.extend(self.nodes)
        used = {name for node in self.nodes for name in node.input}
        kept = [t for t in self.graph.initializer if t.name in used]
        del self.graph.initializer[:]
        self.graph.initializer.extend(kept + self.new_initializers)

    def rewrite_inputs(self, node):
        if node.op_type in ("Conv", "Gemm"):
            activation = self.dequantized.get(node.input[0], node.input[0])
            bias = node.input[2] if len(node.input) > 2 else None
            weights = self.quantize_weights(node, node.input[1], bias)
            # Gemm's weights are [out, in] only when transB=1 (PyTorch's export); axis 0 is then the output channel.
            rewritten = helper.make_node(node.op_type, [activation] + weights, list(node.output), name=node.name)
            rewritten.attribute.extend(node.attribute)
            return rewritten
        rewritten = helper.make_node(node.op_type, [self.dequantized.get(i, i) for i in node.input],
                                     list(node.output), name=node.name)
        rewritten.attribute.extend(node.attribute)
        return rewritten


def quantize(model_path, ranges_path, out_path):
    model = onnx.load(model_path)
    with open(ranges_path) as f:
        ranges = {name: tuple(r) for name, r in json.load(f).items()}
    QdqWriter(model, ranges).write()
    onnx.checker.check_model(model)
    onnx.save(model, out_path)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "expose":
        expose(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "quantize":
        quantize(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
