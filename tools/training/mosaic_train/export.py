"""Exports a model built on SparseMoE to ONNX, checks it against torch through onnxruntime-node, and
writes the files every committed model carries: golden.json and manifest.json.

The manifest written here is read by libs/moe-inference/src/registry/manifest.ts (zod), and
golden.json by that library's generic golden test.
"""
import hashlib
import json
import os
import subprocess
import warnings

import numpy as np
import onnx
import torch

from .moe import SparseMoE

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHECK_SCRIPT = os.path.join(REPO_ROOT, "tools", "training", "mosaic_train", "check-golden.ts")
OPSET = 17

_TYPE_NAMES = {np.dtype(np.float32): "float32", np.dtype(np.int64): "int64", np.dtype(np.int32): "int32",
               np.dtype(np.uint8): "uint8", np.dtype(np.bool_): "bool"}


def _moe_layers(model):
    return [m for m in model.modules() if isinstance(m, SparseMoE)]


def export_onnx(model, inputs, output_names, path, mode="sparse", opset=OPSET, dynamic_axes=None):
    """Exports `model` called as model(*inputs.values()) with a symbolic "batch" first axis.

    dynamic_axes replaces that default, e.g. for a token model: {"tokens": {0: "batch", 1: "seq"},
    "tags": {0: "batch", 1: "seq"}, "expert_weights": {0: "batch", 1: "seq"}, ...}.

    The model must return a tuple in the order of `output_names`, including the router's top-k
    weights and indices (a SparseMoE returns them as .weights and .indices). mode="sparse" emits
    com.microsoft.MoE; mode="dense" computes every expert with standard ops, for benchmarks.
    """
    if mode not in ("sparse", "dense"):
        raise ValueError(f"mode must be sparse or dense, got {mode!r}")
    layers = _moe_layers(model)
    if not layers:
        raise ValueError("the model holds no SparseMoE layer")
    previous = [layer.export_mode for layer in layers]
    for layer in layers:
        layer.export_mode = mode
    was_training = model.training
    model.eval()
    input_names = list(inputs)
    dynamic = dynamic_axes or {name: {0: "batch"} for name in input_names + list(output_names)}
    try:
        # The tracer warns about the data-dependent branches of the torch reference path, which the
        # fused operator replaces in the graph.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                tuple(inputs.values()),
                path,
                input_names=input_names,
                output_names=list(output_names),
                dynamic_axes=dynamic,
                opset_version=opset,
                custom_opsets={"com.microsoft": 1} if mode == "sparse" else None,
                do_constant_folding=True,
            )
    finally:
        for layer, m in zip(layers, previous):
            layer.export_mode = m
        model.train(was_training)
    graph = onnx.load(path)
    graph.doc_string = ""
    for node in graph.graph.node:
        node.doc_string = ""
    onnx.save(graph, path)
    return path


def torch_outputs(model, inputs, output_names):
    """Runs the model in eval mode and returns {output name: numpy array}."""
    was_training = model.training
    model.eval()
    with torch.no_grad():
        result = model(*inputs.values())
    model.train(was_training)
    if not isinstance(result, (tuple, list)):
        result = (result,)
    if len(result) != len(output_names):
        raise ValueError(f"the model returned {len(result)} outputs, {len(output_names)} names were given")
    return {name: value.detach().cpu().numpy() for name, value in zip(output_names, result)}


def _tensor_json(array):
    array = np.asarray(array)
    type_name = _TYPE_NAMES.get(array.dtype)
    if type_name is None:
        raise ValueError(f"unsupported dtype {array.dtype}")
    data = array.reshape(-1).tolist()
    if type_name == "bool":
        data = [int(v) for v in data]
    return {"type": type_name, "dims": list(array.shape), "data": data}


def write_golden(path, inputs, outputs, tolerance=1e-4):
    """Writes golden.json: a few rows of inputs and torch's outputs (numpy arrays or torch tensors)."""
    as_numpy = lambda v: v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else np.asarray(v)  # noqa: E731
    golden = {
        "tolerance": tolerance,
        "inputs": {name: _tensor_json(as_numpy(v)) for name, v in inputs.items()},
        "outputs": {name: _tensor_json(as_numpy(v)) for name, v in outputs.items()},
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(golden, f)
    return path


def check_onnx(graph_path, golden_path):
    """Runs the graph on golden.json's inputs with onnxruntime-node and raises unless every output
    matches within the golden tolerance (int outputs such as expert indices must match exactly)."""
    result = subprocess.run(
        ["node", "-r", "@swc-node/register", CHECK_SCRIPT, os.path.abspath(graph_path), os.path.abspath(golden_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"ONNX export does not match torch ({graph_path}):\n{result.stdout}{result.stderr}")
    return result.stdout


def export_and_check(model, inputs, output_names, directory, file="model.onnx", golden_rows=8, mode="sparse",
                     tolerance=1e-4, dynamic_axes=None):
    """export_onnx + golden.json from the first `golden_rows` rows + check_onnx; returns the graph path.

    The golden file is written only for the main graph (file == "model.onnx"); other graphs (the
    dense twin, variants) are checked against a temporary golden file beside them that is removed.
    """
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, file)
    export_onnx(model, inputs, output_names, path, mode=mode, dynamic_axes=dynamic_axes)
    rows = {name: value[:golden_rows] for name, value in inputs.items()}
    golden_path = os.path.join(directory, "golden.json" if file == "model.onnx" else f".{file}.golden.json")
    write_golden(golden_path, rows, torch_outputs(model, rows, output_names), tolerance)
    try:
        check_onnx(path, golden_path)
    finally:
        if file != "model.onnx":
            os.remove(golden_path)
    return path


def graph_file(directory, file):
    """{file, sha256, bytes} for a graph beside the manifest."""
    with open(os.path.join(directory, file), "rb") as f:
        content = f.read()
    return {"file": file, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}


def tensor_spec(name, type_name, shape, description=None):
    spec = {"name": name, "type": type_name, "shape": list(shape)}
    if description:
        spec["description"] = description
    return spec


def drift_reference(name, tensor, values, index=None, bins=10):
    """A training-distribution histogram for libs/moe-inference's drift monitor.

    Edges are the inner quantiles of `values` (deduplicated); a value v falls in bin
    searchsorted(edges, v, side="right"), so there are len(edges) + 1 bins and the outer ones are open.
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1]))
    if edges.size == 0:
        edges = np.array([float(values[0]) if values.size else 0.0])
    counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=edges.size + 1)
    reference = {"name": name, "tensor": tensor, "edges": [float(e) for e in edges],
                 "reference": [float(c) for c in counts / max(counts.sum(), 1)]}
    if index is not None:
        reference["index"] = int(index)
    return reference


def write_manifest(directory, *, name, version, description, inputs, outputs, moe, feature_spec, training, metrics,
                   bars=None, labels=None, drift=None, variants=None, graph="model.onnx", opset=OPSET):
    """Writes manifest.json beside the graph, hashing the graph and every variant.

    moe: {"experts", "topK", "routerWeightsOutput", "routerIndicesOutput"}; variants: {variant name:
    {"file": ..., "metrics": {...}}}; inputs/outputs: lists of tensor_spec(...).
    """
    for key in ("experts", "topK", "routerWeightsOutput", "routerIndicesOutput"):
        if key not in moe:
            raise ValueError(f"manifest.moe needs {key}")
    output_names = {o["name"] for o in outputs}
    for key in ("routerWeightsOutput", "routerIndicesOutput"):
        if moe[key] not in output_names:
            raise ValueError(f"manifest.moe.{key} = {moe[key]!r} is not among the outputs {sorted(output_names)}")
    manifest = {
        "name": name,
        "version": version,
        "description": description,
        "graph": graph_file(directory, graph),
        "variants": {
            variant: {**graph_file(directory, entry["file"]), **({"metrics": entry["metrics"]} if entry.get("metrics") else {})}
            for variant, entry in (variants or {}).items()
        },
        "opset": opset,
        "featureSpec": feature_spec,
        "inputs": inputs,
        "outputs": outputs,
        "moe": moe,
        "training": training,
        "metrics": metrics,
        "bars": bars or {},
        "drift": drift or [],
    }
    if labels is not None:
        manifest["labels"] = labels
    path = os.path.join(directory, "manifest.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return path
