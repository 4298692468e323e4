"""Trains the benchmark's expert-dominated MoE on a synthetic task and exports it twice (sparse
com.microsoft.MoE and dense every-expert-then-mask), with a held-out test split for the quantisation
benchmark. Synthetic on purpose: it measures the runtime, not a product model.

    /usr/bin/python3 bench/inference/make_bench_model.py OUT_DIR

Task: x ~ N(0, I_32); each of 16 regions (nearest of 16 random centres) has its own random linear
rule; the label is that rule's sign. Model: Linear 32->128, ReLU, SparseMoE(128 -> 512 -> 128, 16
experts, top-4), Linear 128->1, sigmoid. The experts hold ~97% of the multiply-adds when run densely.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "training"))

from mosaic_train import SparseMoE, export_and_check, load_balancing_loss, tensor_spec, write_manifest  # noqa: E402

NAMES = ["score", "expert_weights", "expert_indices"]
INPUT, HIDDEN, INTER, EXPERTS, TOP_K = 32, 128, 512, 16, 4


class BenchMoE(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Linear(INPUT, HIDDEN)
        self.moe = SparseMoE(HIDDEN, INTER, EXPERTS, TOP_K)
        self.head = torch.nn.Linear(HIDDEN, 1)

    def forward(self, features):
        routed = self.moe(torch.relu(self.embed(features)))
        return torch.sigmoid(self.head(routed.output))[:, 0], routed.weights, routed.indices

    def train_step(self, features):
        routed = self.moe(torch.relu(self.embed(features)))
        return self.head(routed.output)[:, 0], load_balancing_loss(routed.probs, routed.indices)


def make_task(rows, rng, centres, rules):
    x = rng.standard_normal((rows, INPUT)).astype(np.float32)
    region = ((x[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
    y = ((x * rules[region]).sum(-1) > 0).astype(np.float32)
    return x, y


def main(out_root):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((EXPERTS, INPUT)).astype(np.float32)
    rules = rng.standard_normal((EXPERTS, INPUT)).astype(np.float32)
    train_x, train_y = make_task(24000, rng, centres, rules)
    test_x, test_y = make_task(4000, rng, centres, rules)
    model = BenchMoE()
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    x, y = torch.from_numpy(train_x), torch.from_numpy(train_y)
    for epoch in range(6):
        order = torch.randperm(len(x))
        for start in range(0, len(x), 256):
            batch = order[start : start + 256]
            logits, balance = model.train_step(x[batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y[batch]) + 0.01 * balance
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    with torch.no_grad():
        accuracy = float(((model(torch.from_numpy(test_x))[0] > 0.5).float().numpy() == test_y).mean())
    out = os.path.join(out_root, "models", "bench-moe", "1.0.0")
    inputs = {"features": torch.from_numpy(test_x[:256])}
    export_and_check(model, inputs, NAMES, out)
    export_and_check(model, inputs, NAMES, out, file="model.dense.onnx", mode="dense")
    write_manifest(
        out,
        name="bench-moe",
        version="1.0.0",
        description="Synthetic expert-dominated MoE for bench/inference (not a product model).",
        inputs=[tensor_spec("features", "float32", ["batch", INPUT])],
        outputs=[tensor_spec("score", "float32", ["batch"]), tensor_spec("expert_weights", "float32", ["batch", TOP_K]),
                 tensor_spec("expert_indices", "int64", ["batch", TOP_K])],
        moe={"experts": EXPERTS, "topK": TOP_K, "routerWeightsOutput": "expert_weights", "routerIndicesOutput": "expert_indices"},
        feature_spec={"name": "bench-synthetic", "version": 1},
        training={"rows": len(train_x), "epochs": 6, "seed": 0},
        metrics={"accuracy": accuracy},
        variants={"dense": {"file": "model.dense.onnx"}},
    )
    test_x.tofile(os.path.join(out_root, "test.features.bin"))
    test_y.tofile(os.path.join(out_root, "test.labels.bin"))
    with open(os.path.join(out_root, "test.json"), "w", encoding="utf-8") as f:
        json.dump({"rows": len(test_x), "features": INPUT, "torchAccuracy": accuracy}, f)
    print(json.dumps({"accuracy": accuracy}))


if __name__ == "__main__":
    main(sys.argv[1])
