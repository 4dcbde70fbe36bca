#!/usr/bin/env python3
"""Exports small PyTorch models to ONNX, as users do, for dlc's tests.

    export_models.py OUTDIR            (needs torch, torchvision, transformers)

The models are the libraries' own classes at small sizes with seeded
random weights: torchvision's MobileNetV2 and VisionTransformer, a ResNet
built from torchvision's Bottleneck blocks, Hugging Face's BertModel and
GPT2LMHeadModel. Each is exported twice: by the TorchScript exporter
(`dynamo=False`, opset 17, what most exported models out there are) and by
the default dynamo exporter (its default opset: 20 with torch 2.9). The files are committed under
Inputs/ (CI has no torch); rerun this script to refresh them.

Integer inputs are described in the model's metadata ("dlc.test.inputs":
"input_ids=ids:VOCAB;attention_mask=mask") so that check_torch_model.py
feeds them valid values.
"""
import os
import sys

import onnx
import torch
import torchvision
from torchvision.models.resnet import Bottleneck
from transformers import BertConfig, BertModel, GPT2Config, GPT2LMHeadModel

VOCAB = 100


class TinyResNet(torch.nn.Module):
    """ResNet-50's layout (stem, four stages of Bottlenecks, pooling, fc)
    at 1/8 of its width and one or two blocks per stage."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.inplanes = 8
        self.stem = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 7, 2, 3, bias=False),
            torch.nn.BatchNorm2d(8), torch.nn.ReLU(inplace=True),
            torch.nn.MaxPool2d(3, 2, 1))
        self.stages = torch.nn.Sequential(
            self._stage(8, 2, 1), self._stage(16, 1, 2),
            self._stage(32, 1, 2), self._stage(64, 1, 2))
        self.pool = torch.nn.AdaptiveAvgPool2d(1)
        self.fc = torch.nn.Linear(64 * Bottleneck.expansion, num_classes)

    def _stage(self, planes, blocks, stride):
        down = torch.nn.Sequential(
            torch.nn.Conv2d(self.inplanes, planes * Bottleneck.expansion, 1,
                            stride, bias=False),
            torch.nn.BatchNorm2d(planes * Bottleneck.expansion))
        layers = [Bottleneck(self.inplanes, planes, stride, down)]
        self.inplanes = planes * Bottleneck.expansion
        layers += [Bottleneck(self.inplanes, planes)
                   for _ in range(blocks - 1)]
        return torch.nn.Sequential(*layers)

    def forward(self, x):
        x = self.pool(self.stages(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


class LogitsOnly(torch.nn.Module):
    """Hugging Face models return dicts; exports take the main tensor."""

    def __init__(self, model, key):
        super().__init__()
        self.model, self.key = model, key

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids=input_ids,
                          attention_mask=attention_mask)[self.key]


def randomize_batch_norms(model, generator):
    # Fresh BatchNorms are identities; real ones are not.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5, generator=generator)
            m.running_var.uniform_(0.5, 1.5, generator=generator)
            m.weight.data.uniform_(0.5, 1.5, generator=generator)
            m.bias.data.uniform_(-0.5, 0.5, generator=generator)


def randomize_constant_parameters(model, generator):
    # Zero-initialized heads (torchvision's ViT), class tokens and biases
    # would make outputs that cannot tell a right answer from a wrong one.
    for p in model.parameters():
        if p.numel() > 1 and float(p.detach().std()) == 0.0:
            p.data += 0.1 * torch.randn(p.shape, generator=generator)
        elif p.numel() == 1 or float(p.detach().abs().max()) == 0.0:
            p.data += 0.1 * torch.randn(p.shape, generator=generator)


def models():
    image = (torch.randn(1, 3, 64, 64),)
    tokens = (torch.randint(0, VOCAB, (1, 16)),
              torch.ones(1, 16, dtype=torch.int64))
    token_inputs = "input_ids=ids:%d;attention_mask=mask" % VOCAB
    yield "resnet", TinyResNet(), image, ["image"], ""
    yield ("mobilenetv2",
           torchvision.models.mobilenet_v2(width_mult=0.25, num_classes=10),
           image, ["image"], "")
    yield ("vit",
           torchvision.models.vision_transformer.VisionTransformer(
               image_size=64, patch_size=16, num_layers=2, num_heads=2,
               hidden_dim=32, mlp_dim=64, num_classes=10),
           image, ["image"], "")
    bert = BertModel(BertConfig(
        vocab_size=VOCAB, hidden_size=32, num_hidden_layers=2,
        num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=64), add_pooling_layer=False)
    yield ("bert", LogitsOnly(bert, "last_hidden_state"), tokens,
           ["input_ids", "attention_mask"], token_inputs)
    gpt = GPT2LMHeadModel(GPT2Config(
        vocab_size=VOCAB, n_positions=64, n_embd=32, n_layer=2, n_head=2))
    yield ("gpt", LogitsOnly(gpt, "logits"), tokens,
           ["input_ids", "attention_mask"], token_inputs)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    # nn.MultiheadAttention's inference fast path is one fused aten op that
    # the TorchScript exporter cannot export (users switch it off, too).
    torch.backends.mha.set_fastpath_enabled(False)
    generator = torch.Generator().manual_seed(0)
    for name, model, args, input_names, hints in models():
        model.eval()
        randomize_batch_norms(model, generator)
        randomize_constant_parameters(model, generator)
        for exporter, kwargs in (("torchscript",
                                  {"dynamo": False, "opset_version": 17}),
                                 ("dynamo", {"dynamo": True})):
            path = os.path.join(out, "%s_%s.onnx" % (name, exporter))
            with torch.no_grad():
                torch.onnx.export(model, args, path, input_names=input_names,
                                  output_names=["output"], **kwargs)
            proto = onnx.load(path)
            if hints:
                entry = proto.metadata_props.add()
                entry.key, entry.value = "dlc.test.inputs", hints
            entry = proto.metadata_props.add()
            entry.key = "dlc.test.exporter"
            entry.value = "torch %s %s exporter, opset %d" % (
                torch.__version__, exporter, proto.opset_import[0].version)
            onnx.save(proto, path)
            print("%s: %d nodes, %d KiB" % (path, len(proto.graph.node),
                                            os.path.getsize(path) // 1024))


if __name__ == "__main__":
    main()
