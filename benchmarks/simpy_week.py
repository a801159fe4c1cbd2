"""The M/M/n+M week as a tutorial would write it in SimPy: the reference whole process.

One voice queue open around the clock for 7 days, 150 Poisson arrivals per 15-minute interval,
exponential handle times (mean 300 s) and patience (mean 120 s), 55 agents: the built-in
``single-queue``. A ``simpy.Resource`` of agents, a source drawing exponential gaps from a numpy
Generator, one process per customer racing its request against its patience. It imports only
simpy and numpy, and prints offered, answered, abandoned and the service level.

    python benchmarks/simpy_week.py [seed]
"""

from __future__ import annotations

import sys

import numpy as np
import simpy

HORIZON = 7 * 86400.0
RATE = 150 / 900.0  # arrivals per second
HANDLE, PATIENCE, AGENTS, WITHIN = 300.0, 120.0, 55, 20.0


def main() -> None:
    """Simulate the week and print its KPIs."""
    rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=AGENTS)
    waits: list[float] = []
    counts = {"offered": 0, "abandoned": 0}

    def customer(handle: float, patience: float):
        arrived = env.now
        request = agents.request()
        result = yield request | env.timeout(patience)
        if request in result:
            waits.append(env.now - arrived)
            yield env.timeout(handle)
            agents.release(request)
        else:
            request.cancel()
            counts["abandoned"] += 1

    def source():
        while True:
            yield env.timeout(rng.exponential(1.0 / RATE))
            if env.now >= HORIZON:
                return
            counts["offered"] += 1
            env.process(customer(rng.exponential(HANDLE), rng.exponential(PATIENCE)))

    env.process(source())
    env.run()
    within = sum(w <= WITHIN for w in waits)
    print(
        f"offered {counts['offered']} answered {len(waits)} abandoned {counts['abandoned']} "
        f"service level {within / counts['offered']:.4f}"
    )


if __name__ == "__main__":
    main()
