#!/usr/bin/env python3
"""Compares a placement report's transfer bytes per direction with the copies
the mock CUDA driver saw (its DLC_MOCK_CUDA_STATS line)."""
import json
import re
import sys

report = json.load(open(sys.argv[1]))
stats = open(sys.argv[2]).read()
match = re.search(r"mock-cuda: .*host-to-device (\d+) bytes.*device-to-host "
                  r"(\d+) bytes.*device-to-device (\d+) bytes.* (\d+) errors",
                  stats)
if not match:
    sys.exit("no mock-cuda statistics in " + sys.argv[2])
h2d, d2h, d2d, errors = map(int, match.groups())
expected = report["totals"]["transfer_bytes_by_direction"]
want_h2d, want_d2h = expected.get("cpu->cuda", 0), expected.get("cuda->cpu", 0)
if (h2d, d2h, d2d, errors) != (want_h2d, want_d2h, 0, 0):
    sys.exit("report says cpu->cuda %d, cuda->cpu %d bytes; the driver saw "
             "host-to-device %d, device-to-host %d, device-to-device %d "
             "bytes, %d errors" % (want_h2d, want_d2h, h2d, d2h, d2d, errors))
print("transfers match the report: cpu->cuda %d bytes, cuda->cpu %d bytes, "
      "0 errors" % (h2d, d2h))
