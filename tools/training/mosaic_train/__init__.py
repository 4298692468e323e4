"""Shared training code for Mosaic's models: tensor loading, the MoE layer and its ONNX export."""
from .export import (
    check_onnx,
    drift_reference,
    export_and_check,
    export_onnx,
    graph_file,
    tensor_spec,
    torch_outputs,
    write_golden,
    write_manifest,
)
from .moe import MoEOutput, SparseMoE, expert_load, load_balancing_loss

__all__ = [
    "MoEOutput",
    "SparseMoE",
    "check_onnx",
    "drift_reference",
    "expert_load",
    "export_and_check",
    "export_onnx",
    "graph_file",
    "load_balancing_loss",
    "tensor_spec",
    "torch_outputs",
    "write_golden",
    "write_manifest",
]
