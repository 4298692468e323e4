"""A sparse mixture-of-experts layer whose ONNX export runs as ONNX Runtime's `com.microsoft.MoE`.

The layer computes exactly what the CPU kernel of that operator computes (onnxruntime 1.30,
contrib_ops/cpu/moe/moe_cpu.cc), so that the exported graph matches torch within 1e-4:

    logits  = router(x)                                  # [rows, experts], a plain Linear
    probs   = softmax(logits)                            # over every expert
    w, idx  = topk(probs, k)                             # sorted, largest first
    w       = w / w.sum(-1)   if normalize else w        # the operator's normalize_routing_weights
    y       = sum_j w_j * (fc2_idx_j(act(fc1_idx_j(x) + b1)) + b2)

Expert weights are stored as the operator reads them, [experts, out, in] (nn.Linear's own layout per
expert). Given the transposed layout the operator raises no error and returns wrong values, which is
why the layout lives here once and the export is checked against torch through onnxruntime-node.
"""
import math
from collections import namedtuple

import torch
from torch import nn
from torch.nn import functional as F

ACTIVATIONS = ("relu", "gelu", "silu", "identity")

MoEOutput = namedtuple("MoEOutput", ["output", "weights", "indices", "probs"])


def _activate(x, activation):
    if activation == "relu":
        return F.relu(x)
    if activation == "gelu":
        return F.gelu(x)
    if activation == "silu":
        return F.silu(x)
    return x


class _MoEOp(torch.autograd.Function):
    """Stands for the fused operator while tracing: forward gives torch's values, symbolic emits the op."""

    @staticmethod
    def forward(ctx, x, logits, fc1_w, fc1_b, fc2_w, fc2_b, k, activation, normalize):
        weights, indices = _top_k(torch.softmax(logits, dim=-1), k, normalize)
        return _combine_sparse(x, weights, indices, fc1_w, fc1_b, fc2_w, fc2_b, activation)

    @staticmethod
    def symbolic(g, x, logits, fc1_w, fc1_b, fc2_w, fc2_b, k, activation, normalize):
        out = g.op(
            "com.microsoft::MoE",
            x,
            logits,
            fc1_w,
            fc1_b,
            fc2_w,
            fc2_b,
            k_i=k,
            activation_type_s=activation,
            normalize_routing_weights_i=int(normalize),
        )
        out.setType(x.type())
        return out


def _top_k(probs, k, normalize):
    weights, indices = torch.topk(probs, k, dim=-1)
    if normalize:
        weights = weights / weights.sum(dim=-1, keepdim=True)
    return weights, indices


def _combine_sparse(x, weights, indices, fc1_w, fc1_b, fc2_w, fc2_b, activation):
    """Runs each expert only on the rows routed to it."""
    out = torch.zeros_like(x)
    for expert in range(fc1_w.shape[0]):
        rows, slot = torch.nonzero(indices == expert, as_tuple=True)
        if rows.numel() == 0:
            continue
        h = _activate(F.linear(x[rows], fc1_w[expert], fc1_b[expert]), activation)
        y = F.linear(h, fc2_w[expert], fc2_b[expert])
        out = out.index_add(0, rows, y * weights[rows, slot].unsqueeze(-1))
    return out


def _combine_dense(x, probs, weights, indices, fc1_w, fc1_b, fc2_w, fc2_b, activation):
    """Runs every expert on every row, then masks: the baseline the sparse operator is measured against."""
    experts, inter, hidden = fc1_w.shape
    h = x @ fc1_w.reshape(experts * inter, hidden).t() + fc1_b.reshape(-1)
    h = _activate(h, activation).reshape(-1, experts, inter).transpose(0, 1)  # [experts, rows, inter]
    y = torch.matmul(h, fc2_w.transpose(1, 2)) + fc2_b.unsqueeze(1)  # [experts, rows, hidden]
    gates = torch.zeros_like(probs).scatter(1, indices, weights)  # zeros_like keeps the batch axis symbolic
    return (y * gates.t().unsqueeze(-1)).sum(dim=0)


class SparseMoE(nn.Module):
    """Top-k routed experts, each a two-layer MLP hidden -> inter -> hidden with biases.

    forward(x [rows, hidden]) returns MoEOutput(output [rows, hidden], weights [rows, k] float32,
    indices [rows, k] int64, probs [rows, experts]). Token-level input [batch, seq, hidden] is routed
    position by position and gives [batch, seq, hidden], [batch, seq, k] and [batch, seq, experts]. Give `weights` and `indices` back as graph
    outputs (see export.export_onnx) and `probs`/`indices` to load_balancing_loss while training.

    export_mode: "sparse" (the fused com.microsoft.MoE operator, the default) or "dense" (every
    expert computed with standard ops, then masked; for the sparse-against-dense benchmark).
    """

    def __init__(self, hidden, inter, experts, k, activation="relu", normalize=True):
        super().__init__()
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        if not 1 <= k <= experts:
            raise ValueError(f"k must be in [1, {experts}], got {k}")
        self.hidden, self.inter, self.experts, self.k = hidden, inter, experts, k
        self.activation, self.normalize = activation, normalize
        self.export_mode = "sparse"
        self.router = nn.Linear(hidden, experts)
        self.fc1_weight = nn.Parameter(torch.empty(experts, inter, hidden))
        self.fc1_bias = nn.Parameter(torch.empty(experts, inter))
        self.fc2_weight = nn.Parameter(torch.empty(experts, hidden, inter))
        self.fc2_bias = nn.Parameter(torch.empty(experts, hidden))
        self.reset_parameters()

    def reset_parameters(self):
        # nn.Linear's own initialisation, expert by expert.
        for weight, bias in ((self.fc1_weight, self.fc1_bias), (self.fc2_weight, self.fc2_bias)):
            bound = 1 / math.sqrt(weight.shape[2])
            nn.init.uniform_(weight, -math.sqrt(3) * bound, math.sqrt(3) * bound)
            nn.init.uniform_(bias, -bound, bound)

    def forward(self, x):
        if x.dim() != 2:
            # Token-level input [..., hidden]: route every position as a row, then restore the shape.
            routed = self.forward(x.reshape(-1, self.hidden))
            lead = x.shape[:-1]
            return MoEOutput(
                routed.output.reshape(*lead, self.hidden),
                routed.weights.reshape(*lead, self.k),
                routed.indices.reshape(*lead, self.k),
                routed.probs.reshape(*lead, self.experts),
            )
        logits = self.router(x)
        probs = torch.softmax(logits, dim=-1)
        weights, indices = _top_k(probs, self.k, self.normalize)
        params = (self.fc1_weight, self.fc1_bias, self.fc2_weight, self.fc2_bias)
        if torch.onnx.is_in_onnx_export() and self.export_mode == "sparse":
            out = _MoEOp.apply(x, logits, *params, self.k, self.activation, self.normalize)
        elif torch.onnx.is_in_onnx_export():
            out = _combine_dense(x, probs, weights, indices, *params, self.activation)
        else:
            out = _combine_sparse(x, weights, indices, *params, self.activation)
        return MoEOutput(out, weights, indices, probs)


def load_balancing_loss(probs, indices, experts=None):
    """Switch Transformer's auxiliary loss: experts * sum_e (share of routes to e) * (mean prob of e).

    Equals 1 when routing is perfectly even and grows toward `experts` as it collapses; add it to
    the task loss with a small coefficient (0.01 is the usual start). Token-level tensors are flattened.
    (To leave padding out, pass only the real positions: probs[mask], indices[mask].)
    """
    probs, indices = probs.reshape(-1, probs.shape[-1]), indices.reshape(-1, indices.shape[-1])
    experts = experts or probs.shape[-1]
    routed = F.one_hot(indices, experts).float().sum(dim=1)  # [rows, experts]
    share = routed.sum(dim=0) / routed.sum()
    return experts * torch.sum(share * probs.mean(dim=0))


def expert_load(indices, experts):
    """Routes per expert (a [experts] int tensor), for training logs and model cards."""
    return torch.bincount(indices.reshape(-1), minlength=experts)
