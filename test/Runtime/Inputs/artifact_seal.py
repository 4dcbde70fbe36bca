"""The checksum trailer of dlc artifacts (include/dlc-rt/dlc_artifact_abi.h),
for tests that damage artifacts and seal them again."""

import struct

TRAILER = struct.Struct("<8sQQQ")


def checksum(data):
    # dlc_artifact_checksum from include/dlc-rt/dlc_artifact_abi.h.
    mask = (1 << 64) - 1

    def round_(lane, word):
        lane = (lane + word * 0xC2B2AE3D27D4EB4F) & mask
        lane = ((lane << 31) | (lane >> 33)) & mask
        return (lane * 0x9E3779B185EBCA87) & mask

    lanes = [0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
             0x85EBCA77C2B2AE63]
    full = len(data) // 32 * 32
    words = struct.unpack_from("<%dQ" % (full // 8), data)
    for i in range(0, len(words), 4):
        for lane in range(4):
            lanes[lane] = round_(lanes[lane], words[i + lane])
    value = len(data)
    for lane in range(4):
        value = round_(value ^ lanes[lane], lanes[lane])
    for byte in data[full:]:
        value = round_(value, byte)
    value ^= value >> 29
    value = (value * 0xBF58476D1CE4E5B9) & mask
    return value ^ (value >> 32)


def seal(image):
    return image + TRAILER.pack(b"DLCSEAL1", len(image), checksum(image), 0)
