"""Writes the two small h5py fixtures next to this script, in the layouts Keras 2 writes.

Run with a Python that has h5py and numpy (Debian: apt-get install python3-h5py):
    python3 make_h5py_fixtures.py
They check that KerasWeightsFile reads files written by the reference HDF5 library (fixed-length byte
strings, empty float64 `weight_names` of weightless layers, chunked `layer_names0/1` attributes),
not only files written by jHDF. Values: element i (row-major) of a weight is i * 0.25 - 1.
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def values(shape, dtype=np.float32):
    n = int(np.prod(shape))
    return (np.arange(n, dtype=np.float64) * 0.25 - 1).astype(dtype).reshape(shape)


def layers(group, chunked):
    names = [b"input_1", b"conv", b"pool", b"dense"]
    if chunked:  # what Keras's save_attributes_to_hdf5_group does past 64 KiB
        group.attrs["layer_names0"] = np.array(names[:2])
        group.attrs["layer_names1"] = np.array(names[2:])
    else:
        group.attrs["layer_names"] = np.array(names)
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.4.0"
    for weightless in ("input_1", "pool"):
        group.create_group(weightless).attrs["weight_names"] = np.asarray([])  # float64, empty
    conv = group.create_group("conv")
    conv.attrs["weight_names"] = np.array([b"conv/kernel:0", b"conv/bias:0"])
    conv.create_dataset("conv/kernel:0", data=values((3, 3, 2, 4)))
    conv.create_dataset("conv/bias:0", data=values((4,)))
    dense = group.create_group("dense")  # Keras 1 naming, float64 kernel
    dense.attrs["weight_names"] = np.array([b"dense_W_1:0", b"dense_b_1:0"])
    dense.create_dataset("dense_W_1:0", data=values((4, 2), np.float64))
    dense.create_dataset("dense_b_1:0", data=values((2,)))


with h5py.File(os.path.join(HERE, "keras-h5py-save-weights.h5"), "w") as f:
    layers(f, chunked=False)

with h5py.File(os.path.join(HERE, "keras-h5py-full-model.h5"), "w") as f:
    f.attrs["keras_version"] = b"2.4.0"
    f.attrs["backend"] = b"tensorflow"
    f.attrs["model_config"] = b'{"class_name": "Functional", "config": {"name": "model"}}'
    layers(f.create_group("model_weights"), chunked=True)
    opt = f.create_group("optimizer_weights")
    opt.attrs["weight_names"] = np.array([b"Adam/iter:0"])
    opt.create_dataset("Adam/iter:0", data=np.int64(3))
