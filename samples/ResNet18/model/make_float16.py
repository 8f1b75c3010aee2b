#!/usr/bin/env python3
"""Halve an ONNX model's size by storing its float32 initializers as float16.

The graph stays float32 and valid ONNX: each float16 initializer feeds a Cast(to=FLOAT) whose output keeps the
original name, so every consumer is unchanged. Specialized's importer folds those Casts back into float32 constants.

Usage: python3 make_float16.py IN.onnx OUT.onnx    (needs Debian's python3-onnx and python3-numpy)
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def to_float16(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    casts, kept = [], []
    for initializer in graph.initializer:
        if initializer.data_type != TensorProto.FLOAT:
            kept.append(initializer)
            continue
        values = numpy_helper.to_array(initializer).astype(np.float16)
        half_name = initializer.name + "__float16"
        kept.append(numpy_helper.from_array(values, half_name))
        casts.append(helper.make_node("Cast", [half_name], [initializer.name], name="Cast_" + initializer.name, to=TensorProto.FLOAT))
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    onnx.save(to_float16(onnx.load(source)), target)
