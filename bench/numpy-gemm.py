"""numpy's matrix product on the shapes bench/kernels.ts measures, for comparison.

Reads a JSON list of jobs from argv[1]; each job is {"name", "products": [{"op", "m", "n", "k"}]}
with op one of "NN", "NT", "TN" (the storage of A and B, as in src/linalg/gemm.ts). Prints one
JSON object {"numpy": version, "seconds": {name: median seconds for one pass over the job's
products}}: the median of 5 samples, each timing enough passes to last at least 100 ms.

Run it with one BLAS thread (OPENBLAS_NUM_THREADS=1 and friends, set by the caller before
numpy loads): the TypeScript kernels are single-threaded too.
"""

import json
import sys
import time

import numpy as np

MIN_SAMPLE_SECONDS = 0.1
REPEATS = 5


def operands(op, m, n, k, rng):
    """A, B as stored for `op`, the product as numpy sees it, and the output buffer."""
    a = rng.standard_normal((k, m) if op == "TN" else (m, k))
    b = rng.standard_normal((n, k) if op == "NT" else (k, n))
    left = a.T if op == "TN" else a
    right = b.T if op == "NT" else b
    # Transposed views go to BLAS as transpose flags, not copies, just as the kernels read
    # the stored layout directly.
    return left, right, np.empty((m, n))


def time_job(products, rng):
    prepared = [operands(p["op"], p["m"], p["n"], p["k"], rng) for p in products]

    def once():
        for left, right, out in prepared:
            np.matmul(left, right, out=out)

    once()
    iterations = 1
    while True:
        start = time.perf_counter()
        for _ in range(iterations):
            once()
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SAMPLE_SECONDS:
            break
        iterations *= 2
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(iterations):
            once()
        samples.append((time.perf_counter() - start) / iterations)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    jobs = json.loads(sys.argv[1])
    rng = np.random.default_rng(1)
    seconds = {job["name"]: time_job(job["products"], rng) for job in jobs}
    print(json.dumps({"numpy": np.__version__, "seconds": seconds}))


if __name__ == "__main__":
    main()
