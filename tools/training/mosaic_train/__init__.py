"""Shared training code for Mosaic's models: tensor loading, the MoE layer and its ONNX export."""
