"""Damages a compiled artifact in many ways and checks that `dlc inspect`
and `dlc run` reject every damaged file with a clean error: exit status 1,
a message starting with "error: ", no signal, no hang.

Usage: mutate_artifact.py DLC ARTIFACT INPUT_SPEC [--cases N] [--seed S]

Two families of damage:
- plain: byte flips, truncation, insertion, deletion, overwritten ranges,
  appended bytes. The checksum trailer catches these before anything
  parses the ELF image; both commands are tried.
- resealed: the same damage, then the trailer recomputed as if the file
  had been compiled that way, so the ELF and metadata checks themselves
  are exercised. Only `dlc inspect` is tried: it must never load the file,
  whereas running one is trusting it (a resealed file with a flipped
  instruction is native code that does something else).
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile

from artifact_seal import TRAILER, seal

def mutate(rng, data):
    data = bytearray(data)
    kind = rng.choice(["flip", "truncate", "insert", "delete", "overwrite",
                       "append", "zero"])
    pos = rng.randrange(len(data))
    if kind == "flip":
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        del data[pos:]
    elif kind == "insert":
        data[pos:pos] = os.urandom(rng.randint(1, 64))
    elif kind == "delete":
        del data[pos:pos + rng.randint(1, 64)]
    elif kind == "overwrite":
        n = rng.randint(1, 64)
        data[pos:pos + n] = bytes(rng.randrange(256) for _ in range(n))
    elif kind == "append":
        data += os.urandom(rng.randint(1, 64))
    else:
        n = rng.randint(1, 4096)
        data[pos:pos + n] = bytes(min(n, len(data) - pos))
    return kind, bytes(data)


def check(command, path, failures, label):
    try:
        result = subprocess.run(command, capture_output=True, timeout=30,
                                env=dict(os.environ, DLC_NUM_THREADS="1"))
    except subprocess.TimeoutExpired:
        failures.append("%s: hang: %s" % (label, " ".join(command)))
        return
    stderr = result.stderr.decode(errors="replace")
    if result.returncode != 1 or not stderr.startswith("error: "):
        failures.append("%s: exit %d: %s: %s" % (label, result.returncode,
                                                 " ".join(command),
                                                 stderr[:300]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dlc")
    parser.add_argument("artifact")
    parser.add_argument("input_spec")
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    original = open(args.artifact, "rb").read()
    image = original[:-TRAILER.size]
    assert seal(image) == original, "the checksum here disagrees with dlc's"
    failures = []
    plain = resealed = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "damaged.so")
        for case in range(args.cases):
            if case % 2 == 0:
                kind, data = mutate(rng, original)
                if data == original:
                    continue
                open(path, "wb").write(data)
                label = "case %d (%s)" % (case, kind)
                check([args.dlc, "inspect", path], path, failures, label)
                check([args.dlc, "run", path, "--input=" + args.input_spec],
                      path, failures, label)
                plain += 1
            else:
                kind, data = mutate(rng, image)
                if data == image:
                    continue
                open(path, "wb").write(seal(data))
                result = subprocess.run([args.dlc, "inspect", path],
                                        capture_output=True, timeout=30)
                label = "resealed case %d (%s)" % (case, kind)
                # A resealed file may still be valid (damage to code bytes
                # inspect never reads); it must not crash or hang.
                if result.returncode not in (0, 1):
                    failures.append("%s: exit %d: %s" % (
                        label, result.returncode,
                        result.stderr.decode(errors="replace")[:300]))
                resealed += 1
    print("%d damaged, %d resealed: %d failures" % (plain, resealed,
                                                    len(failures)))
    for failure in failures[:20]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
