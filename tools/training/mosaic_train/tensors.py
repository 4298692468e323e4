"""Reads the splits that tools/datasets (TypeScript) writes: one raw little-endian file per tensor."""
import json
import os

import numpy as np

_DTYPES = {"float32": np.float32, "int32": np.int32, "int64": np.int64, "uint8": np.uint8}


def load_split(directory, split):
    with open(os.path.join(directory, f"{split}.json"), encoding="utf-8") as f:
        index = json.load(f)
    tensors = {}
    for name, entry in index["tensors"].items():
        data = np.fromfile(os.path.join(directory, entry["file"]), dtype=_DTYPES[entry["dtype"]])
        tensors[name] = data.reshape(entry["dims"])
    return tensors, index.get("meta", {})
