#!/usr/bin/env python3
"""ONNX Pad in edge, reflect and wrap modes (gathers of the source index of
every padded position), on several axes at once, and with negative
(cropping) pads, against onnxruntime.

    pad_modes.py --dlc DLC
"""
import argparse
import os
import sys

import numpy as np
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "models"))
from onnx_models import check_single_node  # noqa: E402

CASES = [  # mode, input shape, pads (begin..., end...)
    ("edge", [2, 3, 4, 5], [0, 0, 2, 3, 0, 1, 1, 4]),
    ("reflect", [1, 2, 5, 4], [0, 0, 4, 1, 0, 0, 2, 3]),
    ("wrap", [3, 4], [2, 5, 1, 3]),
    # Negative pads crop (before the positive ones pad).
    ("constant", [2, 5, 6], [0, -2, 1, -1, 3, -2]),
    ("edge", [3, 7], [-1, 2, 2, -3]),
    ("reflect", [3, 8], [1, -2, -1, 3]),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlc", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    ok = True
    for mode, shape, pads in CASES:
        name = mode + ("_crop" if min(pads) < 0 else "")
        node = helper.make_node("Pad", ["x", "pads"], ["y"], mode=mode,
                                name=name)
        pads_init = numpy_helper.from_array(np.array(pads, np.int64), "pads")
        ok = check_single_node(args.dlc, node, shape, [pads_init], 19,
                               rng) and ok
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
