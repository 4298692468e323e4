"""The dense twin of an exported Mosaic graph: every com.microsoft.MoE node is replaced by standard
ONNX operators that run every expert on every row and then mask the outputs with the router's top-k
gates. Same weights, same routing, same outputs (checked on golden.json by models:densify); only the
execution differs, which is what the sparse-against-dense benchmark measures.

    gates  = scatter(zeros [rows, E], topk(softmax(logits), k))      normalised when the node says so
    h      = act(x @ W1^T + b1)                                      all experts at once: [rows, E*inter]
    y_e    = h_e @ W2_e^T + b2_e                                     [E, rows, hidden]
    out    = sum_e gates[:, e] * y_e

    /usr/bin/python3 tools/variants/densify.py IN.onnx OUT.onnx
"""
import argparse
import json

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

MS = "com.microsoft"


def attribute(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            value = helper.get_attribute_value(a)
            return value.decode() if isinstance(value, bytes) else value
    return default


class Densifier:
    def __init__(self, model):
        self.model = model
        self.inits = {i.name: i for i in model.graph.initializer}
        self.new_inits = []
        self.replaced = 0

    def weight(self, name):
        if name not in self.inits:
            raise ValueError(f"expert weight {name} is not an initializer")
        return numpy_helper.to_array(self.inits[name]).astype(np.float32)

    def const(self, prefix, name, array):
        full = f"{prefix}/dense/{name}"
        self.new_inits.append(numpy_helper.from_array(np.asarray(array), full))
        return full

    def activation(self, prefix, kind, x):
        out = f"{prefix}/dense/act"
        if kind == "relu":
            return [helper.make_node("Relu", [x], [out])], out
        if kind == "silu":
            s = f"{prefix}/dense/sigmoid"
            return [helper.make_node("Sigmoid", [x], [s]), helper.make_node("Mul", [x, s], [out])], out
        if kind == "gelu":
            half, root2, one = (self.const(prefix, n, np.float32(v)) for n, v in (("half", 0.5), ("root2", np.sqrt(2.0)), ("one", 1.0)))
            names = [f"{prefix}/dense/gelu{i}" for i in range(4)]
            return [
                helper.make_node("Div", [x, root2], [names[0]]),
                helper.make_node("Erf", [names[0]], [names[1]]),
                helper.make_node("Add", [names[1], one], [names[2]]),
                helper.make_node("Mul", [x, names[2]], [names[3]]),
                helper.make_node("Mul", [names[3], half], [out]),
            ], out
        if kind == "identity":
            return [helper.make_node("Identity", [x], [out])], out
        raise ValueError(f"unsupported MoE activation {kind!r}")

    def replace(self, node):
        x, logits, fc1_w, fc1_b, fc2_w, fc2_b = node.input[:6]
        if len(node.input) > 6 and any(node.input[6:]):
            raise ValueError(f"{node.name}: gated (fc3) experts are not supported")
        k = attribute(node, "k", 1)
        normalize = attribute(node, "normalize_routing_weights", 0)
        w1, b1, w2, b2 = self.weight(fc1_w), self.weight(fc1_b), self.weight(fc2_w), self.weight(fc2_b)
        experts, inter, hidden = w1.shape
        p = node.name or f"moe{self.replaced}"
        t = lambda name: f"{p}/dense/{name}"  # noqa: E731
        nodes = [
            helper.make_node("Softmax", [logits], [t("probs")], axis=-1),
            helper.make_node("TopK", [t("probs"), self.const(p, "k", np.array([k], dtype=np.int64))], [t("top"), t("index")], axis=-1),
        ]
        top = t("top")
        if normalize:
            nodes += [
                helper.make_node("ReduceSum", [top, self.const(p, "last", np.array([-1], dtype=np.int64))], [t("topsum")], keepdims=1),
                helper.make_node("Div", [top, t("topsum")], [t("topnorm")]),
            ]
            top = t("topnorm")
        nodes += [
            helper.make_node("Shape", [t("probs")], [t("probshape")]),
            helper.make_node("ConstantOfShape", [t("probshape")], [t("zeros")], value=numpy_helper.from_array(np.zeros(1, np.float32))),
            helper.make_node("ScatterElements", [t("zeros"), t("index"), top], [t("gates")], axis=1),
            # [rows, E] -> [E, rows, 1]
            helper.make_node("Transpose", [t("gates")], [t("gatesT")], perm=[1, 0]),
            helper.make_node("Unsqueeze", [t("gatesT"), self.const(p, "axis2", np.array([2], dtype=np.int64))], [t("gates3")]),
            # Every expert's first layer in one product: [rows, hidden] @ [hidden, E*inter].
            helper.make_node("MatMul", [x, self.const(p, "w1", w1.reshape(experts * inter, hidden).T.copy())], [t("h1")]),
            helper.make_node("Add", [t("h1"), self.const(p, "b1", b1.reshape(-1))], [t("h1b")]),
        ]
        act_nodes, h = self.activation(p, attribute(node, "activation_type", "relu"), t("h1b"))
        nodes += act_nodes
        nodes += [
            helper.make_node("Reshape", [h, self.const(p, "rows_e_i", np.array([-1, experts, inter], dtype=np.int64))], [t("h3")]),
            helper.make_node("Transpose", [t("h3")], [t("hT")], perm=[1, 0, 2]),  # [E, rows, inter]
            helper.make_node("MatMul", [t("hT"), self.const(p, "w2", np.transpose(w2, (0, 2, 1)).copy())], [t("y")]),  # [E, rows, hidden]
            helper.make_node("Add", [t("y"), self.const(p, "b2", b2[:, None, :])], [t("yb")]),
            helper.make_node("Mul", [t("yb"), t("gates3")], [t("masked")]),
            helper.make_node("ReduceSum", [t("masked"), self.const(p, "axis0", np.array([0], dtype=np.int64))], [node.output[0]], keepdims=0),
        ]
        self.replaced += 1
        return nodes

    def run(self):
        graph = self.model.graph
        out, dropped = [], set()
        for node in graph.node:
            if node.op_type == "MoE" and node.domain == MS:
                out.extend(self.replace(node))
                dropped.update(node.input[2:6])
            else:
                out.append(node)
        if self.replaced == 0:
            raise ValueError("the graph holds no com.microsoft.MoE node")
        del graph.node[:]
        graph.node.extend(out)
        still_used = {name for node in graph.node for name in node.input}
        kept = [i for i in graph.initializer if i.name not in dropped or i.name in still_used]
        del graph.initializer[:]
        graph.initializer.extend(kept + self.new_inits)
        if not any(n.domain == MS for n in graph.node):
            for opset in list(self.model.opset_import):
                if opset.domain == MS:
                    self.model.opset_import.remove(opset)
        return {"replaced": self.replaced}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source")
    parser.add_argument("target")
    args = parser.parse_args()
    model = onnx.load(args.source)
    report = Densifier(model).run()
    onnx.checker.check_model(model)
    onnx.save(model, args.target)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
