"""Trains telemetry-cnn-moe on the tensors written by tools/datasets/src/telemetry and exports it.

A WDCNN-style 1D-CNN (wide first kernel) reads each standardised vibration window; its embedding is
fused with the context features (window shape statistics, temperature, rpm) and the hashed
maintenance-log vector, and a sparse mixture-of-experts block (8 experts, top-2) feeds two heads:
the bearing state (normal | inner_race | outer_race | ball) and a failure risk in [0, 1].

A channel-pruned copy (conv filters and expert hidden units ranked by weight magnitude, the weakest
removed, then fine-tuned briefly) is exported beside it as model.pruned.onnx.

usage: train.py --data .cache/datasets/telemetry-cnn-moe --out models/telemetry-cnn-moe/1.0.0 --report report.json
       train.py --data ... --holdout-load 2   (design check: train on 0-1 HP, score 2 HP; exports nothing)
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mosaic_train import SparseMoE, drift_reference, expert_load, export_and_check, load_balancing_loss  # noqa: E402
from mosaic_train.tensors import load_split  # noqa: E402

LABELS = ["normal", "inner_race", "outer_race", "ball"]
OUTPUT_NAMES = ["probabilities", "failure_risk", "expert_weights", "expert_indices"]
INPUT_NAMES = ["vibration", "context", "log_features"]
# Column groups of the context tensor (CONTEXT_FEATURES in libs/telemetry/src/context/context.features.ts).
SHAPE_COLUMNS = [0, 1]
TEMPERATURE_COLUMNS = [2, 3, 4, 5, 6]
RPM_COLUMNS = [7, 8]
LOG_PRESENT_COLUMN = 9


class TelemetryNet(nn.Module):
    def __init__(self, context_size, log_size, widths=(16, 32, 64, 64, 64), fused=64, expert_inter=64, experts=8, k=2):
        super().__init__()
        self.widths, self.fused, self.expert_inter = tuple(widths), fused, expert_inter
        layers, previous = [], 1
        for i, width in enumerate(widths):
            if i == 0:
                # The wide first kernel (64 taps, stride 16) sees about 5 ms and suppresses high-frequency noise (WDCNN).
                conv = nn.Conv1d(previous, width, 64, stride=16, padding=24)
            else:
                conv = nn.Conv1d(previous, width, 3, padding=0 if i == len(widths) - 1 else 1)
            layers += [conv, nn.BatchNorm1d(width), nn.ReLU(), nn.MaxPool1d(2)]
            previous = width
        self.cnn = nn.Sequential(*layers)
        self.cnn_out = nn.Linear(widths[-1] * 3, fused)
        self.context = nn.Linear(context_size, 16)
        self.log = nn.Linear(log_size, 16)
        self.fuse = nn.Linear(fused + 32, fused)
        self.moe = SparseMoE(hidden=fused, inter=expert_inter, experts=experts, k=k)
        self.classes = nn.Linear(fused, len(LABELS))
        self.risk = nn.Linear(fused, 1)
        self.dropout = nn.Dropout(0.2)

    def forward_all(self, vibration, context, log_features):
        signal = F.relu(self.cnn_out(self.dropout(torch.flatten(self.cnn(vibration), 1))))
        fused = torch.cat([signal, F.relu(self.context(context)), F.relu(self.log(log_features))], dim=1)
        hidden = F.relu(self.fuse(fused))
        routed = self.moe(hidden)
        hidden = hidden + routed.output
        return self.classes(hidden), self.risk(hidden)[:, 0], routed

    def forward(self, vibration, context, log_features):
        logits, risk, routed = self.forward_all(vibration, context, log_features)
        return torch.softmax(logits, dim=-1), torch.sigmoid(risk), routed.weights, routed.indices


def parameter_count(model):
    return int(sum(p.numel() for p in model.parameters()))


# ---------------------------------------------------------------- augmentation


def window_shape(x):
    """log kurtosis and log crest factor of standardised windows [n, 1, L], as libs/telemetry computes them."""
    centred = x - x.mean(dim=-1, keepdim=True)
    m2 = (centred ** 2).mean(dim=-1)
    m4 = (centred ** 4).mean(dim=-1)
    std = m2.sqrt().clamp_min(1e-9)
    peak = centred.abs().amax(dim=-1)
    return torch.cat([torch.log(m4 / m2.clamp_min(1e-18) ** 2), torch.log(peak / std)], dim=1)


def standardise(x):
    centred = x - x.mean(dim=-1, keepdim=True)
    return centred / centred.std(dim=-1, unbiased=False, keepdim=True).clamp_min(1e-9)


def augment(vibration, context, log_features, generator):
    """Sensor and context variation the test data will have and the training data lacks.

    Signals: polarity, a time stretch of +-6% (another load turns the shaft at another speed, and the
    fault frequencies move with it), a random first-order spectral tilt (another sensor or mounting),
    additive noise at 8-40 dB SNR, and a random shift (the window re-cut with reflection).
    Context: each modality dropped at random, rpm jittered. Shape statistics are recomputed from the
    augmented window so they stay consistent with it.
    """
    n = vibration.shape[0]
    rand = lambda *shape: torch.rand(*shape, generator=generator)  # noqa: E731
    x = vibration.clone()
    x = x * torch.where(rand(n, 1, 1) < 0.5, -1.0, 1.0)
    length = x.shape[-1]
    stretch = 0.94 + 0.12 * rand(n, 1)
    positions = torch.arange(length).float().unsqueeze(0) * stretch + rand(n, 1) * 64
    grid_x = 2 * positions / (length - 1) - 1
    grid = torch.stack([grid_x, torch.zeros_like(grid_x)], dim=-1).unsqueeze(1)  # [n, 1, L, 2]
    x = F.grid_sample(x.unsqueeze(2), grid, mode="bilinear", padding_mode="reflection", align_corners=True).squeeze(2)
    tilt = (rand(n, 1, 1) - 0.5) * 1.2
    x = torch.cat([x[..., :1], x[..., 1:] + tilt * x[..., :-1]], dim=-1)
    shift = int(rand(1).item() * 256)
    if shift:
        x = torch.cat([torch.flip(x[..., :shift], dims=[-1]), x[..., :-shift]], dim=-1)
    snr_db = 8 + 32 * rand(n, 1, 1)
    noisy = rand(n, 1, 1) < 0.6
    x = torch.where(noisy, x + torch.randn(x.shape, generator=generator) * 10 ** (-snr_db / 20), x)
    x = standardise(x)

    c = context.clone()
    c[:, SHAPE_COLUMNS] = window_shape(x)
    keep = lambda p: (rand(n) >= p).float().unsqueeze(1)  # noqa: E731
    c[:, TEMPERATURE_COLUMNS] *= keep(0.3)
    c[:, RPM_COLUMNS] *= keep(0.3)
    c[:, RPM_COLUMNS[1]] += c[:, RPM_COLUMNS[0]] * torch.randn(n, generator=generator) * 0.03
    log_kept = keep(0.3)
    c[:, [LOG_PRESENT_COLUMN]] *= log_kept
    logs = log_features * log_kept
    return x, c, logs


# ---------------------------------------------------------------- training


def macro_f1(truth, predicted, classes=len(LABELS)):
    scores = []
    for c in range(classes):
        tp = np.sum((predicted == c) & (truth == c))
        fp = np.sum((predicted == c) & (truth != c))
        fn = np.sum((predicted != c) & (truth == c))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def predict(model, tensors, batch=512):
    model.eval()
    probabilities, risks, indices = [], [], []
    with torch.no_grad():
        for start in range(0, tensors["vibration"].shape[0], batch):
            rows = {name: tensors[name][start:start + batch] for name in INPUT_NAMES}
            p, r, _, idx = model(rows["vibration"], rows["context"], rows["log_features"])
            probabilities.append(p)
            risks.append(r)
            indices.append(idx)
    return torch.cat(probabilities).numpy(), torch.cat(risks).numpy(), torch.cat(indices)


def train(model, tensors, epochs, lr, seed, log_prefix, teacher=None):
    generator = torch.Generator().manual_seed(seed)
    labels = tensors["label"]
    counts = torch.bincount(labels, minlength=len(LABELS)).float()
    # Class-balanced sampling: the healthy recording is short, and every class should weigh the same.
    sample_weights = (1.0 / counts)[labels]
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-3)
    steps_per_epoch = (labels.shape[0] + 63) // 64
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=epochs * steps_per_epoch)
    for epoch in range(epochs):
        model.train()
        order = torch.multinomial(sample_weights, labels.shape[0], replacement=True, generator=generator)
        totals, started = np.zeros(3), time.time()
        for start in range(0, order.shape[0], 64):
            rows = order[start:start + 64]
            x, c, logs = augment(tensors["vibration"][rows], tensors["context"][rows], tensors["log_features"][rows], generator)
            logits, risk, routed = model.forward_all(x, c, logs)
            class_loss = F.cross_entropy(logits, labels[rows], label_smoothing=0.05)
            risk_loss = F.binary_cross_entropy_with_logits(risk, tensors["risk"][rows])
            balance = load_balancing_loss(routed.probs, routed.indices)
            loss = class_loss + 0.5 * risk_loss + 0.01 * balance
            if teacher is not None:
                # Distillation: the pruned network learns the full network's softened answers on the same augmented windows.
                with torch.no_grad():
                    teacher_logits, teacher_risk, _ = teacher.forward_all(x, c, logs)
                loss = loss + F.kl_div(F.log_softmax(logits / 2, dim=-1), F.softmax(teacher_logits / 2, dim=-1), reduction="batchmean") * 4
                loss = loss + 0.5 * F.mse_loss(torch.sigmoid(risk), torch.sigmoid(teacher_risk))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            totals += [class_loss.item(), risk_loss.item(), balance.item()]
        totals /= steps_per_epoch
        print(f"{log_prefix} epoch {epoch + 1}/{epochs}: class {totals[0]:.4f} risk {totals[1]:.4f} balance {totals[2]:.3f} "
              f"({time.time() - started:.0f} s)", flush=True)


# ---------------------------------------------------------------- pruning


def _keep(scores, share):
    count = max(1, int(round(scores.numel() * (1 - share))))
    return torch.sort(torch.topk(scores, count).indices).values


def prune(model, share):
    """Structured pruning: drops the `share` of conv channels with the smallest BatchNorm scale
    (network slimming) and of each expert's hidden units with the smallest |fc1| * |fc2| weight, and
    copies the surviving weights into a smaller network of the same architecture."""
    convs = [m for m in model.cnn if isinstance(m, nn.Conv1d)]
    norms = [m for m in model.cnn if isinstance(m, nn.BatchNorm1d)]
    kept = [_keep(bn.weight.detach().abs(), share) for bn in norms]
    moe = model.moe
    importance = moe.fc1_weight.detach().abs().sum(dim=2) * moe.fc2_weight.detach().abs().sum(dim=1)  # [experts, inter]
    inter = max(1, int(round(moe.inter * (1 - share))))
    expert_kept = torch.sort(torch.topk(importance, inter, dim=1).indices, dim=1).values

    small = TelemetryNet(model.context.in_features, model.log.in_features, widths=[len(k) for k in kept], fused=model.fused,
                         expert_inter=inter, experts=moe.experts, k=moe.k)
    small_convs = [m for m in small.cnn if isinstance(m, nn.Conv1d)]
    small_norms = [m for m in small.cnn if isinstance(m, nn.BatchNorm1d)]
    with torch.no_grad():
        previous = torch.arange(1)
        for conv, bn, small_conv, small_bn, keep in zip(convs, norms, small_convs, small_norms, kept):
            small_conv.weight.copy_(conv.weight[keep][:, previous])
            small_conv.bias.copy_(conv.bias[keep])
            for name in ("weight", "bias", "running_mean", "running_var"):
                getattr(small_bn, name).copy_(getattr(bn, name)[keep])
            previous = keep
        # The flattened CNN output is channel-major: feature c * 3 + t.
        columns = (previous.unsqueeze(1) * 3 + torch.arange(3)).reshape(-1)
        small.cnn_out.weight.copy_(model.cnn_out.weight[:, columns])
        small.cnn_out.bias.copy_(model.cnn_out.bias)
        for name in ("context", "log", "fuse", "classes", "risk"):
            getattr(small, name).load_state_dict(getattr(model, name).state_dict())
        small.moe.router.load_state_dict(moe.router.state_dict())
        for e in range(moe.experts):
            keep = expert_kept[e]
            small.moe.fc1_weight[e].copy_(moe.fc1_weight[e][keep])
            small.moe.fc1_bias[e].copy_(moe.fc1_bias[e][keep])
            small.moe.fc2_weight[e].copy_(moe.fc2_weight[e][:, keep])
            small.moe.fc2_bias[e].copy_(moe.fc2_bias[e])
    return small


# ---------------------------------------------------------------- main


def to_torch(arrays):
    out = {name: torch.from_numpy(np.ascontiguousarray(arrays[name])) for name in INPUT_NAMES + ["risk"]}
    out["label"] = torch.from_numpy(arrays["label"].astype(np.int64))
    return out


def load_of(recording_id):
    match = re.search(r"_(\d)(?:_48k)?$", recording_id)
    return int(match.group(1)) if match else -1


def holdout(arrays, meta, load):
    """Splits the training tensors by motor load (the healthy windows by position) for a design check."""
    loads = np.array([load_of(r) for r in meta["recordings"]])[arrays["recording"]]
    normal = arrays["label"] == 0
    normal_rows = np.nonzero(normal)[0]
    held_normal = np.zeros_like(normal)
    held_normal[normal_rows[int(len(normal_rows) * 0.75):]] = True
    held = np.where(normal, held_normal, loads == load)
    # Drop a gap of overlapping healthy windows between the two parts.
    gap = np.zeros_like(normal)
    gap[normal_rows[int(len(normal_rows) * 0.70):int(len(normal_rows) * 0.75)]] = True
    pick = lambda mask: {name: value[mask] for name, value in arrays.items()}  # noqa: E731
    return pick(~held & ~gap), pick(held)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=".cache/datasets/telemetry-cnn-moe")
    parser.add_argument("--out", default="models/telemetry-cnn-moe/1.0.0")
    parser.add_argument("--report", default=".cache/datasets/telemetry-cnn-moe/training-report.json")
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--prune-share", type=float, default=0.4)
    parser.add_argument("--prune-epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--holdout-load", type=int, default=None)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()
    arrays, meta = load_split(args.data, "train")
    if args.holdout_load is not None:
        fit_arrays, check_arrays = holdout(arrays, meta, args.holdout_load)
        fit, check = to_torch(fit_arrays), to_torch(check_arrays)
    else:
        fit, check = to_torch(arrays), None
    print(f"training on {fit['label'].shape[0]} windows, per class {torch.bincount(fit['label']).tolist()}", flush=True)

    model = TelemetryNet(fit["context"].shape[1], fit["log_features"].shape[1])
    train(model, fit, args.epochs, args.lr, args.seed, "full")
    pruned = prune(model, args.prune_share)
    model.eval()
    train(pruned, fit, args.prune_epochs, args.lr / 3, args.seed + 1, "pruned", teacher=model)

    if check is not None:
        for name, m in (("full", model), ("pruned", pruned)):
            probabilities, _, _ = predict(m, check)
            truth, predicted = check["label"].numpy(), probabilities.argmax(1)
            confusion = np.zeros((len(LABELS), len(LABELS)), dtype=int)
            np.add.at(confusion, (truth, predicted), 1)
            print(f"holdout load {args.holdout_load} {name}: macro-F1 {macro_f1(truth, predicted):.4f} confusion {confusion.tolist()}")
        return

    os.makedirs(args.out, exist_ok=True)
    golden_rows = {name: fit[name][torch.arange(0, fit["label"].shape[0], fit["label"].shape[0] // 4)[:4]] for name in INPUT_NAMES}
    export_and_check(model, golden_rows, OUTPUT_NAMES, args.out, golden_rows=4)
    export_and_check(pruned, golden_rows, OUTPUT_NAMES, args.out, file="model.pruned.onnx", golden_rows=4)

    probabilities, risks, indices = predict(model, fit)
    load = expert_load(indices, model.moe.experts).tolist()
    context_names = ["log_kurtosis", "log_crest_factor", "temperature_mean", "rpm_log2"]
    context_index = [0, 1, 3, 8]
    context = fit["context"].numpy()
    drift = [drift_reference(n, "context", context[:, i], index=i) for n, i in zip(context_names, context_index)]
    drift.append(drift_reference("failure_risk", "failure_risk", risks))
    report = {
        "seed": args.seed,
        "epochs": args.epochs,
        "pruneEpochs": args.prune_epochs,
        "pruneShare": args.prune_share,
        "trainWindows": int(fit["label"].shape[0]),
        "trainWindowsPerClass": dict(zip(LABELS, torch.bincount(fit["label"], minlength=len(LABELS)).tolist())),
        "trainMacroF1": macro_f1(fit["label"].numpy(), probabilities.argmax(1)),
        "parameters": parameter_count(model),
        "widths": list(model.widths),
        "prunedParameters": parameter_count(pruned),
        "prunedWidths": list(pruned.widths),
        "prunedExpertInter": pruned.expert_inter,
        "expertLoad": load,
        "torch": torch.__version__,
        "seconds": round(time.time() - started),
        "drift": drift,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
    with open(args.report, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    print(json.dumps({k: v for k, v in report.items() if k != "drift"}))


if __name__ == "__main__":
    main()
