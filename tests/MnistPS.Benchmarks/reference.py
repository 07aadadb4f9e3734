"""The reference systems of the speed issue, measured on this machine, to put ./build.ps1 Bench in context.

Same work as the benchmark: 784-20-10, ReLU, softmax and cross-entropy, SGD with learning rate 0.1, the shipped
60,000 training images, float32; and the large networks 784-800-10 and 784-1000-500-10 at batch 64 with rate 0.05;
medians over the epochs, the best of 1 and 2 threads for NumPy's BLAS and for PyTorch. Prints one JSON line. Not part
of the test suite or CI: it needs NumPy, and PyTorch if installed (on Debian: apt-get install python3-numpy
python3-torch). With --large it measures only the large networks (as ./build.ps1 Bench's --large does).

    python3 tests/MnistPS.Benchmarks/reference.py [epochs] [--large]
"""

import gzip
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")
LARGE_ONLY = "--large" in sys.argv[1:]
_NUMBERS = [a for a in sys.argv[1:] if a != "--large"]
EPOCHS = int(_NUMBERS[0]) if _NUMBERS else 5


def load(images, labels):
    with gzip.open(os.path.join(DATA, images)) as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    with gzip.open(os.path.join(DATA, labels)) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return x, y


def epoch_rate(count, batch, epochs, permutation, step):
    """Median samples/s over the epochs: each epoch runs step(indices) over the batches of a fresh permutation."""
    rates = []
    for _ in range(epochs):
        order = permutation(count)
        start = time.perf_counter()
        for s in range(0, count, batch):
            step(order[s:s + batch])
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates)


def inference_rate(count, infer):
    """Samples/s of the median of 7 passes of infer() over count samples."""
    times = []
    for _ in range(7):
        start = time.perf_counter()
        infer()
        times.append(time.perf_counter() - start)
    return count / statistics.median(times)


def numpy_epochs(x, y, sizes, batch, epochs, rate=0.1):
    """A ReLU network of the given layer sizes in mini-batches, laid out as the tutorial lays out 784-20-10 (W1 20x784)."""
    rng = np.random.default_rng(1)
    ws = [((rng.random((n, m), dtype=np.float32) - 0.5) * np.float32(np.sqrt(24 / m))) for m, n in zip(sizes, sizes[1:])]
    bs = [np.zeros((n, 1), np.float32) for n in sizes[1:]]
    eye = np.eye(10, dtype=np.float32)

    def step(take):
        a = [x[take].T]
        zs = []
        for i, (w, b) in enumerate(zip(ws, bs)):
            zs.append(w @ a[-1] + b)
            a.append(np.maximum(zs[-1], 0) if i < len(ws) - 1 else zs[-1])
        e = np.exp(a[-1] - a[-1].max(axis=0))
        dz = (e / e.sum(axis=0) - eye[y[take]].T) / a[0].shape[1]
        for i in range(len(ws) - 1, -1, -1):
            previous = (ws[i].T @ dz) * (zs[i - 1] > 0) if i > 0 else None
            ws[i][...] -= rate * (dz @ a[i].T)
            bs[i][...] -= rate * dz.sum(axis=1, keepdims=True)
            dz = previous

    return epoch_rate(len(x), batch, epochs, rng.permutation, step), (ws, bs)


def numpy_inference(params, x):
    ws, bs = params

    def infer():
        a = x.T
        for i, (w, b) in enumerate(zip(ws, bs)):
            a = w @ a + b
            a = np.maximum(a, 0) if i < len(ws) - 1 else a
        e = np.exp(a - a.max(axis=0))
        return e / e.sum(axis=0)

    return inference_rate(len(x), infer)


def torch_figures(x, y, test, batch, epochs):
    import torch

    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 20), torch.nn.ReLU(), torch.nn.Linear(20, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss = torch.nn.CrossEntropyLoss()
    tx, ty, tt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(test)

    def step(take):
        optimizer.zero_grad()
        loss(model(tx[take]), ty[take]).backward()
        optimizer.step()

    rate = epoch_rate(len(tx), batch, epochs, torch.randperm, step)
    with torch.no_grad():
        inference = inference_rate(len(tt), lambda: torch.softmax(model(tt), dim=1))
    return {"torch_version": torch.__version__, "torch_threads": torch.get_num_threads(),
            f"torch_batch{batch}_samples_per_second": round(rate),
            "torch_inference_batched_samples_per_second": round(inference)}


def torch_large_figures(x, y, test, epochs):
    """The large networks in PyTorch at batch 64, rate 0.05: the best of 1 and 2 threads."""
    import torch

    tx, ty, tt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(test)
    results = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for name, sizes in (("large", [784, 800, 10]), ("deep", [784, 1000, 500, 10])):
            torch.manual_seed(1)
            layers = []
            for i, (m, n) in enumerate(zip(sizes, sizes[1:])):
                layers.append(torch.nn.Linear(m, n))
                if i < len(sizes) - 2:
                    layers.append(torch.nn.ReLU())
            model = torch.nn.Sequential(*layers)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
            loss = torch.nn.CrossEntropyLoss()

            def step(take):
                optimizer.zero_grad()
                loss(model(tx[take]), ty[take]).backward()
                optimizer.step()

            rate = epoch_rate(len(tx), 64, epochs, torch.randperm, step)
            with torch.no_grad():
                inference = inference_rate(len(tt), lambda: torch.softmax(model(tt), dim=1))
            for key, value in ((f"torch_{name}_batch64_samples_per_second", rate), (f"torch_{name}_inference_batched_samples_per_second", inference)):
                results[key] = max(results.get(key, 0), round(value))
    return results


def numpy_figures(x, y, test):
    results = {}
    if not LARGE_ONLY:
        for batch in (32, 128):
            rate, params = numpy_epochs(x, y, [784, 20, 10], batch, EPOCHS)
            results[f"numpy_batch{batch}_samples_per_second"] = round(rate)
        results["numpy_inference_batched_samples_per_second"] = round(numpy_inference(params, test))
    # The large networks of issue #19, at batch 64 (fewer epochs: each takes seconds).
    for name, sizes in (("large", [784, 800, 10]), ("deep", [784, 1000, 500, 10])):
        rate, params = numpy_epochs(x, y, sizes, 64, max(2, EPOCHS // 2), rate=0.05)
        results[f"numpy_{name}_batch64_samples_per_second"] = round(rate)
        results[f"numpy_{name}_inference_batched_samples_per_second"] = round(numpy_inference(params, test))
    return results


def main():
    x, y = load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    test, _ = load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    if os.environ.get("MNISTPS_REFERENCE_NUMPY_ONLY"):
        print(json.dumps(numpy_figures(x, y, test)))
        return

    # NumPy's best of 1 and 2 BLAS threads, as in the reference figures: the thread count is fixed when the
    # BLAS library loads, so each count runs in a process of its own.
    results = {"numpy_version": np.__version__, "cores": os.cpu_count(), "epochs": EPOCHS}
    for threads in ("1", "2"):
        env = dict(os.environ, MNISTPS_REFERENCE_NUMPY_ONLY="1", OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads)
        run = subprocess.run([sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env=env, capture_output=True, text=True, check=True)
        for name, value in json.loads(run.stdout).items():
            results[name] = max(results.get(name, 0), value)
    try:
        if not LARGE_ONLY:
            results.update(torch_figures(x, y, test, 32, EPOCHS))
        results.update(torch_large_figures(x, y, test, max(2, EPOCHS // 2)))
        import torch
        results["torch_version"] = torch.__version__
    except ImportError:
        results["torch_version"] = None
    print(json.dumps(results))


if __name__ == "__main__":
    main()
