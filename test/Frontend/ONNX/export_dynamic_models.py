#!/usr/bin/python3
"""Exports small PyTorch models with dynamic axes, as users do, for the
shape-specialization tests.

    /usr/bin/python3 export_dynamic_models.py OUTDIR   (Debian python3-torch)

torch.onnx.export(..., dynamic_axes=...) with the TorchScript exporter at
opset 17: a CNN whose batch, height and width are symbolic (`x.view(N,
-1)`, F.pad and a global pooling make Shape/Gather/Concat/Reshape and
Pad-with-computed-pads chains), and an attention block whose batch and
sequence length are symbolic (heads split with `reshape(b, s, h, d)`, a
positional table sliced to the sequence length). Weights are seeded random
values. The files are committed under Inputs/ (CI has no torch).
"""
import os
import sys

import torch
import torch.nn.functional as F


class DynamicCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, stride=2)
        self.fc = torch.nn.Linear(16, 5)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.pad(x, (1, 2, 0, 1))
        x = F.relu(self.conv2(x))
        x = F.adaptive_avg_pool2d(x, 1)
        return self.fc(x.view(x.size(0), -1))


class DynamicAttention(torch.nn.Module):
    def __init__(self, dim=16, heads=2, max_len=64):
        super().__init__()
        self.heads = heads
        self.pos = torch.nn.Parameter(torch.randn(1, max_len, dim) * 0.1)
        self.qkv = torch.nn.Linear(dim, 3 * dim)
        self.out = torch.nn.Linear(dim, dim)
        self.norm = torch.nn.LayerNorm(dim)

    def forward(self, x):
        b, s, d = x.shape
        x = x + self.pos[:, :s]
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        split = lambda t: t.reshape(b, s, self.heads, d // self.heads) \
            .transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        scores = q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, d)
        return self.norm(x + self.out(y))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    exports = [
        ("cnn_dynamic", DynamicCNN(), torch.randn(2, 3, 12, 16),
         {"x": {0: "batch", 2: "height", 3: "width"}, "y": {0: "batch"}}),
        ("attention_dynamic", DynamicAttention(), torch.randn(2, 7, 16),
         {"x": {0: "batch", 1: "sequence"}, "y": {0: "batch", 1: "sequence"}}),
    ]
    for name, model, example, axes in exports:
        model.eval()
        torch.onnx.export(model, (example,), os.path.join(out, name + ".onnx"),
                          input_names=["x"], output_names=["y"],
                          dynamic_axes=axes, opset_version=17)
        print("exported", name, "with torch", torch.__version__)


if __name__ == "__main__":
    main()
