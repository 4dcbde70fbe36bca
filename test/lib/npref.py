"""Independent numpy reference implementations for dlc's numeric tests.

Written from the ONNX operator definitions, without looking at dlc's
lowering: a disagreement means one of the two is wrong.
"""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def bfloat16(x):
    """float32 values rounded to the nearest bfloat16 (ties to even), as
    float32: what a cast to bfloat16 computes."""
    bits = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16
    return rounded.astype(np.uint32).view(np.float32)


def tf32(x):
    """float32 values rounded to TensorFloat-32 (10 mantissa bits, nearest,
    ties away from zero), as float32: what cvt.rna.tf32.f32 computes for
    finite values."""
    bits = np.asarray(x, np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x1000) & ~np.uint64(0x1FFF)
    return rounded.astype(np.uint32).view(np.float32)


def float16(x):
    """float32 values rounded to the nearest float16 (ties to even), as
    float32."""
    return np.asarray(x, np.float32).astype(np.float16).astype(np.float32)


def erf(x):
    return _erf(x.astype(np.float64))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x.astype(np.float64)))


def gelu(x, approximate="none"):
    x = x.astype(np.float64)
    if approximate == "tanh":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def softmax(x, axis=-1):
    x = x.astype(np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def layer_norm(x, scale, bias=None, axis=-1, eps=1e-5):
    x = x.astype(np.float64)
    axes = tuple(range(axis % x.ndim, x.ndim))
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps) * scale
    return y + bias if bias is not None else y


def batch_norm(x, scale, bias, mean, var, eps=1e-5):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    r = lambda v: v.astype(np.float64).reshape(shape)
    return (x - r(mean)) / np.sqrt(r(var) + eps) * r(scale) + r(bias)


def _pad(x, pads, value):
    top, left, bottom, right = pads
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)),
                  constant_values=value)


def conv2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
           group=1):
    """Direct convolution by explicit loops over the kernel window."""
    x = _pad(x.astype(np.float64), pads, 0.0)
    w = w.astype(np.float64)
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    sh, sw = strides
    dh, dw = dilations
    oh = (h - (kh - 1) * dh - 1) // sh + 1
    ow = (wd - (kw - 1) * dw - 1) // sw + 1
    out = np.zeros((n, f, oh, ow))
    fg = f // group
    for g in range(group):
        xs = x[:, g * cg:(g + 1) * cg]
        ws = w[g * fg:(g + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                           j * dw:j * dw + sw * (ow - 1) + 1:sw]
                out[:, g * fg:(g + 1) * fg] += np.einsum(
                    "nchw,fc->nfhw", patch, ws[:, :, i, j])
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def _windows(x, kernel, strides):
    n, c, h, w = x.shape
    kh, kw = kernel
    sh, sw = strides
    oh = (h - kh) // sh + 1
    ow = (w - kw) // sw + 1
    out = np.empty((n, c, oh, ow, kh * kw), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            out[..., i * kw + j] = x[:, :, i:i + sh * (oh - 1) + 1:sh,
                                     j:j + sw * (ow - 1) + 1:sw]
    return out


def max_pool2d(x, kernel, strides=(1, 1), pads=(0, 0, 0, 0)):
    return _windows(_pad(x, pads, -np.inf), kernel, strides).max(axis=-1)


def avg_pool2d(x, kernel, strides=(1, 1), pads=(0, 0, 0, 0),
               count_include_pad=False):
    sums = _windows(_pad(x.astype(np.float64), pads, 0.0), kernel,
                    strides).sum(axis=-1)
    if count_include_pad:
        return sums / (kernel[0] * kernel[1])
    ones = np.ones((1, 1) + x.shape[2:])
    counts = _windows(_pad(ones, pads, 0.0), kernel, strides).sum(axis=-1)
    return sums / counts


def _pool_windows(x, kernel, strides, pads, dilations):
    """Yields (output index, [(value, unpadded position)...]) for every
    window of an N, C, spatial... tensor; padded positions are left out."""
    k = len(kernel)
    strides = strides or (1,) * k
    dilations = dilations or (1,) * k
    pads = pads or (0,) * (2 * k)
    spatial = x.shape[2:]
    out = [(spatial[i] + pads[i] + pads[i + k] -
            ((kernel[i] - 1) * dilations[i] + 1)) // strides[i] + 1
           for i in range(k)]
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for o in np.ndindex(*out):
                elements = []
                for w in np.ndindex(*kernel):
                    pos = tuple(o[i] * strides[i] + w[i] * dilations[i] -
                                pads[i] for i in range(k))
                    if all(0 <= p < s for p, s in zip(pos, spatial)):
                        elements.append((x[(n, c) + pos], pos))
                yield (n, c) + o, elements, out


def max_pool_nd(x, kernel, strides=None, pads=None, dilations=None,
                storage_order=0):
    """ONNX MaxPool over 1-D..3-D windows: (values, Indices). Indices are
    flat input positions, spatial dims row-major (storage_order 0) or
    column-major (1); the first maximum of a window wins."""
    values = indices = None
    spatial = x.shape[2:]
    for idx, elements, out in _pool_windows(x, kernel, strides, pads,
                                            dilations):
        if values is None:
            values = np.empty(x.shape[:2] + tuple(out), x.dtype)
            indices = np.empty(values.shape, np.int64)
        best, where = elements[0]
        for value, pos in elements[1:]:
            if value > best:
                best, where = value, pos
        order = "F" if storage_order else "C"
        flat = np.ravel_multi_index(where, spatial, order=order)
        values[idx] = best
        indices[idx] = (idx[0] * x.shape[1] + idx[1]) * int(np.prod(spatial)) \
            + flat
    return values, indices


def avg_pool_nd(x, kernel, strides=None, pads=None, count_include_pad=False):
    """ONNX AveragePool over 1-D..3-D windows."""
    result = None
    for idx, elements, out in _pool_windows(x, kernel, strides, pads, None):
        if result is None:
            result = np.empty(x.shape[:2] + tuple(out), np.float64)
        total = sum(float(v) for v, _ in elements)
        count = int(np.prod(kernel)) if count_include_pad else len(elements)
        result[idx] = total / count
    return result


def gemm(a, b, c=None, alpha=1.0, beta=1.0, trans_a=False, trans_b=False):
    a = a.T if trans_a else a
    b = b.T if trans_b else b
    y = alpha * (a.astype(np.float64) @ b.astype(np.float64))
    return y + beta * c if c is not None else y


def strided_slice(x, starts, ends, steps):
    return x[tuple(slice(s, e, st) for s, e, st in zip(starts, ends, steps))]
