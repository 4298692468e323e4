"""records-ner-moe: a character tagger for Chinese and English clinical text.

Encoder: character, hashed left/right bigram, shape and lexicon-match embeddings (the lexicon feature
of @mosaic/records: which training term covers the character, and where) -> a length-aware BiLSTM (two
unidirectional LSTMs, the backward one over each row reversed within its own length, so padded
batches give the same values as single rows) -> a sparse mixture-of-experts layer (top-2 of 8,
mosaic_train.SparseMoE, routed per character) with a residual -> per-character emission scores -> a
linear-chain CRF. The CRF is trained on partial labels: a character may allow several tags (Yidu-S4K
never annotates doses, PHEE's Treatment is a drug or a procedure), and the loss is
-log(sum over the paths the labels allow / sum over all paths).

Usage: /usr/bin/python3 tools/training/records-ner-moe/train.py --data .cache/datasets/records-ner-moe
         --out models/records-ner-moe/1.0.0 [--epochs 20] [--max-minutes 40] [--seed 7]
A fixed number of epochs (not a wall-clock budget) keeps the result reproducible on a busy machine;
one epoch is about 1 CPU-minute, and --max-minutes is a safety stop (the learning-rate schedule
anneals by it too, so a cut run still ends at a low rate).
Writes model.onnx + golden.json (checked against torch through onnxruntime-node) and training.json
(the training summary the pipeline puts in the manifest).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from mosaic_train.export import check_onnx, write_golden  # noqa: E402
from mosaic_train.moe import SparseMoE, load_balancing_loss  # noqa: E402
from mosaic_train.tensors import load_split  # noqa: E402

SOURCES = ["yidu", "synthetic", "phee"]
OUTPUT_NAMES = ["emissions", "transitions", "start_transitions", "end_transitions", "router_weights", "router_indices"]
INPUT_NAMES = ["chars", "bigrams", "shapes", "lexicon", "lengths"]
FEATURES = INPUT_NAMES[:-1]


class CharTagger(nn.Module):
    def __init__(self, vocab, bigrams, tags, lexicon_ids, shapes=9, char_dim=96, bigram_dim=32, shape_dim=8, lexicon_dim=16,
                 hidden=128, experts=8, k=2, inter=128, dropout=0.25):
        super().__init__()
        self.char = nn.Embedding(vocab, char_dim, padding_idx=0)
        self.bigram = nn.Embedding(bigrams, bigram_dim, padding_idx=0)
        self.shape = nn.Embedding(shapes, shape_dim, padding_idx=0)
        self.lexicon = nn.Embedding(lexicon_ids, lexicon_dim, padding_idx=0)
        width = char_dim + 2 * bigram_dim + shape_dim + lexicon_dim
        self.forward_lstm = nn.LSTM(width, hidden, batch_first=True)
        self.backward_lstm = nn.LSTM(width, hidden, batch_first=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.moe = SparseMoE(hidden=2 * hidden, inter=inter, experts=experts, k=k)
        self.emit = nn.Linear(2 * hidden, tags)
        self.dropout = nn.Dropout(dropout)
        self.transitions = nn.Parameter(torch.zeros(tags, tags))
        self.start_transitions = nn.Parameter(torch.zeros(tags))
        self.end_transitions = nn.Parameter(torch.zeros(tags))

    @staticmethod
    def reverse_index(lengths, steps):
        """Per row, position t reads t' = len-1-t inside the row's length and itself in the padding."""
        t = torch.arange(steps, device=lengths.device).unsqueeze(0)
        n = lengths.unsqueeze(1)
        return torch.where(t < n, n - 1 - t, t)

    def encode(self, chars, bigrams, shapes, lexicon, lengths):
        left = self.bigram(bigrams)
        # The bigram starting at a character is the one ending at the next: shift left by one.
        right = torch.cat([left[:, 1:], torch.zeros_like(left[:, :1])], dim=1)
        x = torch.cat([self.char(chars), left, right, self.shape(shapes), self.lexicon(lexicon)], dim=-1)
        x = self.dropout(x)
        steps = chars.shape[1]
        index = self.reverse_index(lengths, steps).unsqueeze(-1)
        forward_out, _ = self.forward_lstm(x)
        reversed_x = torch.gather(x, 1, index.expand(-1, -1, x.shape[-1]))
        backward_rev, _ = self.backward_lstm(reversed_x)
        backward_out = torch.gather(backward_rev, 1, index.expand(-1, -1, backward_rev.shape[-1]))
        h = torch.cat([forward_out, backward_out], dim=-1)
        flat = h.reshape(-1, h.shape[-1])
        routed = self.moe(self.norm(flat))
        flat = flat + routed.output
        emissions = self.emit(self.dropout(flat)).reshape(h.shape[0], steps, -1)
        return emissions, routed

    def forward(self, chars, bigrams, shapes, lexicon, lengths):
        emissions, routed = self.encode(chars, bigrams, shapes, lexicon, lengths)
        return (emissions, self.transitions * 1.0, self.start_transitions * 1.0, self.end_transitions * 1.0,
                routed.weights, routed.indices)


def crf_log_partition(emissions, mask, transitions, start, end, allowed=None):
    """log-sum-exp over tag paths; with `allowed` ([B, T, tags] bool), only over the paths it allows."""
    neg = -1e4
    if allowed is not None:
        emissions = emissions.masked_fill(~allowed, neg)
    alpha = start.unsqueeze(0) + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        step = torch.logsumexp(alpha.unsqueeze(2) + transitions.unsqueeze(0), dim=1) + emissions[:, t]
        alpha = torch.where(mask[:, t].unsqueeze(1), step, alpha)
    return torch.logsumexp(alpha + end.unsqueeze(0), dim=1)


def viterbi_batch(emissions, lengths, transitions, start, end):
    """Best tag path per row ([B, T] emissions x tags), respecting each row's length."""
    batch, steps, _ = emissions.shape
    score = start.unsqueeze(0) + emissions[:, 0]
    back = []
    for t in range(1, steps):
        best, arg = (score.unsqueeze(2) + transitions.unsqueeze(0)).max(dim=1)
        active = (t < lengths).unsqueeze(1)
        score = torch.where(active, best + emissions[:, t], score)
        back.append(torch.where(active, arg, torch.arange(arg.shape[1]).unsqueeze(0).expand_as(arg)))
    tag = (score + end.unsqueeze(0)).argmax(dim=1)
    path = [tag]
    for arg in reversed(back):
        tag = arg.gather(1, tag.unsqueeze(1)).squeeze(1)
        path.append(tag)
    return torch.stack(path[::-1], dim=1)


def spans(path, tag_names):
    out, open_ = set(), None
    for i, tag in enumerate(path + [0]):
        name = tag_names[tag] if tag < len(tag_names) else "O"
        kind = name[2:] if name != "O" else None
        if open_ and (kind is None or name.startswith("B-") or kind != open_[0]):
            out.add((open_[0], open_[1], i))
            open_ = None
        if kind and open_ is None:
            open_ = (kind, i)
    return out


def gold_spans(allowed_row, length, tag_names):
    """Spans of fully labelled characters (exactly one allowed tag)."""
    path = []
    for i in range(length):
        options = np.flatnonzero(allowed_row[i])
        path.append(int(options[0]) if len(options) == 1 else 0)
    return spans(path, tag_names)


def evaluate_dev(model, data, rows, tag_names, types=("DIAGNOSIS", "DRUG")):
    model.eval()
    counts = {t: [0, 0, 0] for t in types}
    with torch.no_grad():
        for start in range(0, len(rows), 64):
            batch = rows[start:start + 64]
            feeds = [torch.from_numpy(data[n][batch]).long() for n in INPUT_NAMES]
            emissions, _ = model.encode(*feeds)
            paths = viterbi_batch(emissions, feeds[-1], model.transitions, model.start_transitions, model.end_transitions)
            for j, r in enumerate(batch):
                n = int(data["lengths"][r])
                pred = spans(paths[j, :n].tolist(), tag_names)
                gold = gold_spans(data["allowed"][r], n, tag_names)
                for t in types:
                    p = {s for s in pred if s[0] == t}
                    g = {s for s in gold if s[0] == t}
                    counts[t][0] += len(p & g)
                    counts[t][1] += len(p)
                    counts[t][2] += len(g)
    model.train()
    f1 = {}
    for t, (tp, np_, ng) in counts.items():
        f1[t] = 2 * tp / max(np_ + ng, 1)
    return f1


def name_constant_outputs(path):
    """Constant folding turns the CRF parameters into initializers and loses their output names; an
    Identity per such output gives the names back."""
    graph = onnx.load(path)
    for i, output in enumerate(graph.graph.output):
        wanted = OUTPUT_NAMES[i]
        if output.name != wanted:
            graph.graph.node.append(onnx.helper.make_node("Identity", [output.name], [wanted], name=f"name_{wanted}"))
            output.name = wanted
    onnx.save(graph, path)


def learning_rate(progress, step, peak, floor=0.05, warmup=100):
    """A short linear warm-up, then a cosine decay from `peak` to `floor * peak` as progress reaches 1."""
    if step < warmup:
        return peak * (step + 1) / warmup
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def drop_lexicon(lexicon, rng, row_p, term_p):
    """Lexicon dropout: whole rows, and single marked terms within rows, lose their lexicon ids.

    Without it the model learns that a term is an entity when the lexicon marks it and not otherwise,
    and misses every term no lexicon holds (the held-out synthetic diagnoses, a new drug). A term is
    a run from a begin id (1 + 3 x type) to the next begin.
    """
    marked = lexicon > 0
    begins = marked & ((lexicon - 1) % 3 == 0)
    term = torch.cumsum(begins.long(), dim=1)  # [rows, length]: which term of the row covers the character
    keep_term = torch.from_numpy(rng.random((lexicon.shape[0], lexicon.shape[1] + 1)) >= term_p)
    keep = torch.gather(keep_term, 1, term) & torch.from_numpy(rng.random((lexicon.shape[0], 1)) >= row_p)
    return torch.where(marked & keep, lexicon, torch.zeros_like(lexicon))


def batches(rows, lengths, size, rng):
    """Batches of similar length (less padding), in random order."""
    rows = rows[rng.permutation(len(rows))]
    chunks = []
    for start in range(0, len(rows), size * 20):
        pool = rows[start:start + size * 20]
        pool = pool[np.argsort(lengths[pool], kind="stable")]
        chunks.extend(pool[i:i + size] for i in range(0, len(pool), size))
    order = rng.permutation(len(chunks))
    return [chunks[i] for i in order]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--max-minutes", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--synthetic-per-epoch", type=int, default=600)
    parser.add_argument("--phee-per-epoch", type=int, default=300)
    parser.add_argument("--yidu-repeats", type=int, default=1)
    parser.add_argument("--lexicon-row-dropout", type=float, default=0.25)
    parser.add_argument("--lexicon-term-dropout", type=float, default=0.3)
    parser.add_argument("--lr", type=float, default=2e-3)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    torch.set_num_threads(args.threads)
    data, meta = load_split(args.data, "train")
    tag_names = meta["tags"]
    with open(os.path.join(args.data, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    vocab_size = len(vocab["characters"]) + 2
    source, document, lengths = data["source"], data["document"], data["lengths"]
    allowed = data["allowed"].astype(bool)

    # Development rows for choosing the checkpoint: every 20th Yidu training document (never the test split).
    dev_mask = (source == 0) & (document % 20 == 0)
    dev_rows = np.flatnonzero(dev_mask)
    pools = {s: np.flatnonzero((source == i) & ~dev_mask) for i, s in enumerate(SOURCES)}

    model = CharTagger(vocab_size, vocab["bigramBuckets"], len(tag_names), int(meta["lexiconIds"]))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    per_epoch = len(pools["yidu"]) * args.yidu_repeats + min(args.synthetic_per_epoch, len(pools["synthetic"])) + min(args.phee_per_epoch, len(pools["phee"]))
    total_steps = args.epochs * -(-per_epoch // args.batch)
    step = 0
    deadline = time.time() + args.max_minutes * 60
    started = time.time()
    cpu_started = time.process_time()
    best = (-1.0, None, 0)
    epoch = 0
    history = []
    while epoch < args.epochs and time.time() < deadline:
        epoch += 1
        rows = np.concatenate([
            *([pools["yidu"]] * args.yidu_repeats),
            rng.choice(pools["synthetic"], min(args.synthetic_per_epoch, len(pools["synthetic"])), replace=False),
            rng.choice(pools["phee"], min(args.phee_per_epoch, len(pools["phee"])), replace=False),
        ])
        total, seen = 0.0, 0
        for batch in batches(rows, lengths, args.batch, rng):
            if time.time() >= deadline:
                break
            width = int(lengths[batch].max())
            feeds = [torch.from_numpy(data[n][batch][:, :width]).long() for n in FEATURES]
            feeds[FEATURES.index("lexicon")] = drop_lexicon(feeds[FEATURES.index("lexicon")], rng, args.lexicon_row_dropout,
                                                            args.lexicon_term_dropout)
            length_t = torch.from_numpy(lengths[batch]).long()
            mask = torch.arange(width).unsqueeze(0) < length_t.unsqueeze(1)
            emissions, routed = model.encode(*feeds, length_t)
            allow = torch.from_numpy(allowed[batch][:, :width])
            # Both partitions (all paths, allowed paths) in one pass over the sequence: half the steps.
            both = torch.cat([emissions, emissions.masked_fill(~allow, -1e4)], dim=0)
            z = crf_log_partition(both, torch.cat([mask, mask], dim=0), model.transitions, model.start_transitions, model.end_transitions)
            nll = z[:len(batch)] - z[len(batch):]
            valid = mask.reshape(-1)
            balance = load_balancing_loss(routed.probs[valid], routed.indices[valid])
            loss = nll.sum() / mask.sum() + 0.01 * balance
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            for group in optimizer.param_groups:
                # Progress is the larger of the steps done and the wall-clock budget used: on a quiet
                # machine the steps decide (reproducible), and a run that --max-minutes cuts short on a
                # busy one still ends annealed instead of stopping at a high learning rate.
                progress = max(step / total_steps, (time.time() - started) / (args.max_minutes * 60))
                group["lr"] = learning_rate(progress, step, args.lr)
            optimizer.step()
            step += 1
            total += float(nll.sum())
            seen += int(mask.sum())
        f1 = evaluate_dev(model, data, dev_rows, tag_names)
        score = f1["DIAGNOSIS"] + f1["DRUG"]
        history.append({"epoch": epoch, "characters": seen, "loss_per_char": round(total / max(seen, 1), 4), "dev_f1": {k: round(v, 4) for k, v in f1.items()},
                        "minutes": round((time.time() - started) / 60, 2),
                        "cpuMinutes": round((time.process_time() - cpu_started) / 60, 2)})
        print(json.dumps(history[-1]), flush=True)
        if score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in model.state_dict().items()}, epoch)
    model.load_state_dict(best[1])
    model.eval()

    os.makedirs(args.out, exist_ok=True)
    graph = os.path.join(args.out, "model.onnx")
    # Golden rows: three chunks of different lengths, so the length-aware reversal is exercised.
    picks = [int(r) for r in dev_rows[:3]] if len(dev_rows) >= 3 else [0, 1, 2]
    width = 48
    golden_inputs = {}
    for n in FEATURES:
        golden_inputs[n] = torch.from_numpy(data[n][picks][:, :width]).long()
    golden_lengths = torch.tensor([width, 30, 17]).long()
    for i, n in enumerate(golden_lengths.tolist()):
        for name in FEATURES:
            golden_inputs[name][i, n:] = 0
    golden_inputs["lengths"] = golden_lengths
    dynamic = {**{n: {0: "batch", 1: "length"} for n in FEATURES},
               "lengths": {0: "batch"}, "emissions": {0: "batch", 1: "length"}, "router_weights": {0: "characters"},
               "router_indices": {0: "characters"}}
    with torch.no_grad():
        torch.onnx.export(model, tuple(golden_inputs.values()), graph, input_names=INPUT_NAMES, output_names=OUTPUT_NAMES,
                          dynamic_axes=dynamic, opset_version=17, custom_opsets={"com.microsoft": 1}, do_constant_folding=True)
        outputs = model(*golden_inputs.values())
    name_constant_outputs(graph)
    write_golden(os.path.join(args.out, "golden.json"), {k: v for k, v in golden_inputs.items()},
                 dict(zip(OUTPUT_NAMES, outputs)))
    print(check_onnx(graph, os.path.join(args.out, "golden.json")).strip())

    parameters = sum(p.numel() for p in model.parameters())
    summary = {
        "architecture": "char+bigram+shape+lexicon embeddings, length-aware BiLSTM 2x128, SparseMoE top-2 of 8 (inter 128, residual), CRF",
        "parameters": parameters,
        "epochs": epoch,
        "epochsPlanned": args.epochs,
        "bestEpoch": best[2],
        "minutes": round((time.time() - started) / 60, 2),
        "cpuMinutes": round((time.process_time() - cpu_started) / 60, 2),
        "threads": args.threads,
        "seed": args.seed,
        "history": history,
        "devRows": int(len(dev_rows)),
        "rowsBySource": {s: int(len(p)) for s, p in pools.items()},
    }
    with open(os.path.join(args.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)


if __name__ == "__main__":
    main()
