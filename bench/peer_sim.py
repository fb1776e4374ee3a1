"""The peer experiment as a Python simulator runs it: a heapq of (finish time, worker), numpy
vectors, the worst-case tridiagonal quadratic A = (1/4)·tridiag(-1, 2, -1), b = -(1/4)·e1,
x0 = sqrt(d)·e1, n workers with tau_i = sqrt(i), noise off, virtual horizon T. Same semantics as
roundtable's ASGD (every arrival applied, sender restarted at a copy of the new model), Rennala
(S fresh gradients per update, stale discarded) and Minibatch (one gradient from every worker per
round). Prints one line per configuration: method d gradients seconds (the loop only)."""
import heapq
import sys
import time

import numpy as np


def gradient(x, out):
    # out = A x - b with A = c*tridiag(-1, 2, -1), c = 1/4, b = -c*e1
    c = 0.25
    np.multiply(x, 2 * c, out=out)
    out[:-1] -= c * x[1:]
    out[1:] -= c * x[:-1]
    out[0] += c


def asgd(taus, d, horizon, step):
    x = np.zeros(d); x[0] = np.sqrt(d)
    models = [x.copy() for _ in taus]
    g = np.empty(d)
    heap = [(t, w) for w, t in enumerate(taus)]
    heapq.heapify(heap)
    count = 0
    while heap[0][0] <= horizon:
        now, w = heapq.heappop(heap)
        gradient(models[w], g)
        count += 1
        x -= step * g
        models[w] = x.copy()
        heapq.heappush(heap, (now + taus[w], w))
    return count


def rennala(taus, d, horizon, step, batch):
    x = np.zeros(d); x[0] = np.sqrt(d)
    current = x.copy()
    model = [current] * len(taus)
    tag = [0] * len(taus)
    g = np.empty(d); total = np.zeros(d)
    heap = [(t, w) for w, t in enumerate(taus)]
    heapq.heapify(heap)
    it = 0; collected = 0; count = 0
    while heap[0][0] <= horizon:
        now, w = heapq.heappop(heap)
        gradient(model[w], g)
        count += 1
        if tag[w] == it:
            total += g
            collected += 1
            if collected == batch:
                x -= (step / batch) * total
                total[:] = 0
                collected = 0
                it += 1
                current = x.copy()
        model[w] = current
        tag[w] = it
        heapq.heappush(heap, (now + taus[w], w))
    return count


def minibatch(taus, d, horizon, step):
    n = len(taus)
    x = np.zeros(d); x[0] = np.sqrt(d)
    g = np.empty(d); total = np.zeros(d)
    now = 0.0; count = 0
    while True:
        snapshot = x.copy()
        heap = [(now + t, w) for w, t in enumerate(taus)]
        heapq.heapify(heap)
        arrived = 0
        while arrived < n and heap[0][0] <= horizon:
            now, w = heapq.heappop(heap)
            gradient(snapshot, g)
            count += 1
            total += g
            arrived += 1
        if arrived < n:
            return count
        x -= (step / n) * total
        total[:] = 0


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    horizon = float(sys.argv[2]) if len(sys.argv) > 2 else 1e4
    taus = [float(np.sqrt(i + 1)) for i in range(n)]
    for d in (1000, 10):
        for name, run in (("asgd", lambda: asgd(taus, d, horizon, 2 ** -6)), ("rennala", lambda: rennala(taus, d, horizon, 1.0, 10)), ("minibatch", lambda: minibatch(taus, d, horizon, 1.0))):
            start = time.perf_counter()
            count = run()
            print(name, d, count, time.perf_counter() - start, flush=True)


if __name__ == "__main__":
    main()
