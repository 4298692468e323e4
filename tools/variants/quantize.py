"""Weight quantisation of an exported Mosaic graph with ONNX Runtime contrib operators that run on CPU
in onnxruntime-node 1.30 (checked here):

  --bits 8              expert weights int8 per output channel (QMoE, expert_weight_bits=8); dense
                        Gemm/MatMul weights int8 per column with activations quantised at run time
                        (DynamicQuantizeMatMul); LSTM input and recurrent weights int8 per gate
                        column (DynamicQuantizeLSTM): int8 dynamic quantisation.
  --bits 4 --block B    expert weights 4-bit with one scale per B inputs (QMoE block_size=B); dense
                        weights 4-bit block-wise (MatMulNBits, block_size=B).
  --bits 4 --per-tensor plain 4-bit with one scale for each whole weight tensor, stored in the same
                        operators' layout (every block carries the tensor's scale), for comparison.

Quantisation is symmetric (zero point 8 for 4-bit, 128 for 8-bit, the operators' defaults). The
router's Gemm (the one feeding a MoE node's router_probs) stays fp32: a small error there moves
rows between experts. Embedding tables (Gather), biases and, at 4 bits, LSTMs stay fp32.

    /usr/bin/python3 tools/variants/quantize.py IN.onnx OUT.onnx --bits 4 --block 32 [--per-tensor]
"""
import argparse
import json
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

MS = "com.microsoft"


def quantize_blocks(w, bits, block, per_tensor):
    """w [rows, K] -> (codes uint8 [rows, blocks, block] with the zero point added, scales [rows, blocks])."""
    rows, k = w.shape
    blocks = -(-k // block)
    padded = np.zeros((rows, blocks * block), dtype=np.float32)
    padded[:, :k] = w
    groups = padded.reshape(rows, blocks, block)
    levels = 7 if bits == 4 else 127
    if per_tensor:
        scales = np.full((rows, blocks), np.abs(w).max() / levels, dtype=np.float32)
    else:
        scales = (np.abs(groups).max(axis=-1) / levels).astype(np.float32)
    scales[scales == 0] = 1.0
    zero = 8 if bits == 4 else 128
    codes = np.clip(np.round(groups / scales[..., None]), -levels - 1, levels).astype(np.int32) + zero
    return codes.astype(np.uint8), scales


def pack4(codes):
    """Two 4-bit codes per byte, the first in the low nibble."""
    return (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8)


class Quantizer:
    def __init__(self, model, bits, block, per_tensor):
        self.model, self.bits, self.block, self.per_tensor = model, bits, block, per_tensor
        self.inits = {i.name: i for i in model.graph.initializer}
        self.consumers = {}
        for node in model.graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)
        self.report = {"moe": 0, "dense": 0, "lstm": 0, "kept": []}

    def array(self, name):
        return numpy_helper.to_array(self.inits[name])

    def add(self, name, array):
        tensor = numpy_helper.from_array(array, name)
        self.model.graph.initializer.append(tensor)
        self.inits[name] = tensor
        return name

    def drop_unused(self):
        used = {name for node in self.model.graph.node for name in node.input}
        keep = [i for i in self.model.graph.initializer if i.name in used]
        del self.model.graph.initializer[:]
        self.model.graph.initializer.extend(keep)

    def router_nodes(self):
        """Nodes computing a MoE node's router input (kept in fp32)."""
        producers = {out: node for node in self.model.graph.node for out in node.output}
        return {id(producers[n.input[1]]) for n in self.model.graph.node if n.op_type == "MoE" and n.input[1] in producers}

    def quantize_moe(self, node):
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        names = list(node.input) + [""] * (6 - len(node.input))
        x, logits, w1, b1, w2, b2 = names[:6]
        new_inputs = [x, logits]
        widths = [self.array(w).shape[2] for w in (w1, w2)]
        # One block size for the node: QMoE reads either [experts, out, in / block] scales for both
        # layers or per-channel [experts, out] scales for both.
        blockwise = self.bits == 4 and not self.per_tensor and all(k % self.block == 0 for k in widths)
        block_attr = {"block_size": self.block} if blockwise else {}
        for weight, bias in ((w1, b1), (w2, b2)):
            w = self.array(weight)  # [experts, out, in]
            experts, out, k = w.shape
            codes, scales = quantize_blocks(w.reshape(experts * out, k), self.bits, self.block if blockwise else k, self.per_tensor)
            codes = codes.reshape(experts, out, -1)[:, :, :k]
            packed = pack4(codes) if self.bits == 4 else codes
            scales = scales.reshape(experts, out, -1) if blockwise else scales.reshape(experts, out)
            new_inputs += [self.add(f"{weight}_q{self.bits}", packed), self.add(f"{weight}_scales", scales), bias]
        self.report["moeBlockwise"] = blockwise
        quantized = helper.make_node(
            "QMoE",
            new_inputs,
            list(node.output),
            name=(node.name or "moe") + "_q",
            domain=MS,
            k=attrs.get("k", 1),
            activation_type=attrs.get("activation_type", b"relu").decode() if isinstance(attrs.get("activation_type"), bytes) else attrs.get("activation_type", "relu"),
            normalize_routing_weights=attrs.get("normalize_routing_weights", 0),
            expert_weight_bits=self.bits,
            **block_attr,
        )
        self.report["moe"] += 1
        return [quantized]

    def dense_weight(self, node):
        """(weight [N, K] as y = x W^T, bias name or "") for a quantisable Gemm/MatMul, else None."""
        if node.op_type == "MatMul" and node.input[1] in self.inits and len(self.inits[node.input[1]].dims) == 2:
            return self.array(node.input[1]).T, ""
        if node.op_type == "Gemm" and node.input[1] in self.inits:
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
                return None
            w = self.array(node.input[1])
            bias = node.input[2] if len(node.input) > 2 and node.input[2] in self.inits else None
            if bias is None and len(node.input) > 2 and node.input[2]:
                return None
            if bias and len(self.inits[bias].dims) != 1:
                return None
            return (w if attrs.get("transB", 0) else w.T), bias or ""
        return None

    def quantize_dense(self, node, weight, bias):
        n, k = weight.shape
        base = node.input[1]
        if self.bits == 8:
            scales = (np.abs(weight).max(axis=1) / 127).astype(np.float32)
            scales[scales == 0] = 1.0
            codes = np.clip(np.round(weight / scales[:, None]), -127, 127).astype(np.int8)
            inputs = [node.input[0], self.add(f"{base}_q8", codes.T.copy()), self.add(f"{base}_scales", scales), "", bias]
            self.report["dense"] += 1
            return [helper.make_node("DynamicQuantizeMatMul", inputs, list(node.output), name=(node.name or base) + "_q", domain=MS)]
        codes, scales = quantize_blocks(weight, 4, self.block, self.per_tensor)
        inputs = [node.input[0], self.add(f"{base}_q4", pack4(codes)), self.add(f"{base}_scales", scales.reshape(-1)), "", "", bias]
        self.report["dense"] += 1
        return [helper.make_node("MatMulNBits", inputs[: 6 if bias else 3], list(node.output), name=(node.name or base) + "_q", domain=MS,
                                 K=k, N=n, bits=4, block_size=self.block)]

    def quantize_lstm(self, node):
        """LSTM -> DynamicQuantizeLSTM: W [dirs, 4h, in] and R [dirs, 4h, h] become int8 [dirs, in or h, 4h]
        with one scale per gate column; the input and hidden state are quantised at run time. With a
        recurrence over every character, an LSTM is most of a character tagger's time."""
        inputs = list(node.input) + [""] * (8 - len(node.input))
        scales = []
        for index in (1, 2):
            weight = inputs[index]
            w = np.transpose(self.array(weight), (0, 2, 1))
            scale = (np.abs(w).max(axis=1) / 127).astype(np.float32)
            scale[scale == 0] = 1.0
            codes = np.clip(np.round(w / scale[:, None, :]), -127, 127).astype(np.int8)
            inputs[index] = self.add(f"{weight}_q8", codes)
            scales += [self.add(f"{weight}_scales", scale), self.add(f"{weight}_zero_points", np.zeros(scale.shape, dtype=np.int8))]
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        self.report["lstm"] += 1
        return [helper.make_node("DynamicQuantizeLSTM", inputs[:8] + scales, list(node.output), name=(node.name or "lstm") + "_q", domain=MS, **attrs)]

    def run(self):
        routers = self.router_nodes()
        nodes = []
        for node in self.model.graph.node:
            if node.op_type == "MoE" and node.domain == MS:
                nodes += self.quantize_moe(node)
                continue
            if node.op_type == "LSTM" and node.domain in ("", "ai.onnx") and self.bits == 8 and node.input[1] in self.inits and node.input[2] in self.inits:
                nodes += self.quantize_lstm(node)
                continue
            dense = None if id(node) in routers else self.dense_weight(node)
            if dense is None:
                if node.op_type in ("Gemm", "MatMul"):
                    self.report["kept"].append(node.name or node.output[0])
                nodes.append(node)
                continue
            nodes += self.quantize_dense(node, *dense)
        del self.model.graph.node[:]
        self.model.graph.node.extend(nodes)
        self.drop_unused()
        if not any(o.domain == MS for o in self.model.opset_import):
            self.model.opset_import.append(helper.make_opsetid(MS, 1))
        return self.report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--bits", type=int, choices=(4, 8), required=True)
    parser.add_argument("--block", type=int, default=32)
    parser.add_argument("--per-tensor", action="store_true")
    args = parser.parse_args()
    if args.block < 16 or args.block & (args.block - 1):
        sys.exit("--block must be a power of two, at least 16 (MatMulNBits' constraint)")
    if args.bits == 8 and args.per_tensor:
        sys.exit("--per-tensor is the 4-bit comparison; int8 is per channel")
    model = onnx.load(args.source)
    report = Quantizer(model, args.bits, args.block, args.per_tensor).run()
    onnx.save(model, args.target)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
