"""SimPy 4.1.2 peers of `mes-bench kernel`: the same two models, written as SimPy users write them.

M/M/1 is measured in two styles (customers as processes on a Resource, the SimPy tutorial's
way; and a source feeding a Store that one server process drains, the structure of the JetMES
model); the report compares against the faster of the two. Each random source has its own
`random.Random` stream, as each JetMES source has its own GSL stream.

Prints one JSON object: wall seconds (median of the repetitions) and units per second.
"""

import argparse
import json
import random
import statistics
import time

import simpy


def mm1_resource(customers, seed):
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    arrivals = random.Random(seed)
    services = random.Random(seed + 1)
    total_wait = [0.0]
    served = [0]
    done = env.event()

    def customer(env):
        arrived = env.now
        with server.request() as request:
            yield request
            total_wait[0] += env.now - arrived
            yield env.timeout(services.expovariate(1.0))
        served[0] += 1
        if served[0] == customers:
            done.succeed()

    def source(env):
        for _ in range(customers):
            yield env.timeout(arrivals.expovariate(0.9))
            env.process(customer(env))

    env.process(source(env))
    env.run(until=done)
    return total_wait[0] / customers


def mm1_store(customers, seed):
    env = simpy.Environment()
    queue = simpy.Store(env)
    arrivals = random.Random(seed)
    services = random.Random(seed + 1)
    total_wait = [0.0]
    done = env.event()

    def source(env):
        while True:
            yield env.timeout(arrivals.expovariate(0.9))
            yield queue.put(env.now)

    def server(env):
        for _ in range(customers):
            arrived = yield queue.get()
            total_wait[0] += env.now - arrived
            yield env.timeout(services.expovariate(1.0))
        done.succeed()

    env.process(source(env))
    env.process(server(env))
    env.run(until=done)
    return total_wait[0] / customers


def serial_line(parts, seed, stations=10, buffer=5):
    env = simpy.Environment()
    buffers = [simpy.Store(env, capacity=buffer) for _ in range(stations - 1)]
    streams = [random.Random(seed + i) for i in range(stations)]
    finished = [0]
    done = env.event()

    def station(env, index):
        rng = streams[index]
        serial = 0
        while True:
            if index == 0:
                part = serial  # the first station is never starved
                serial += 1
            else:
                part = yield buffers[index - 1].get()
            yield env.timeout(rng.expovariate(1.0))
            if index == stations - 1:  # the last station is never blocked
                finished[0] += 1
                if finished[0] == parts:
                    done.succeed()
            else:
                yield buffers[index].put(part)  # blocks while the next buffer is full

    for index in range(stations):
        env.process(station(env, index))
    env.run(until=done)
    return parts / env.now


def measure(repetitions, body):
    seconds = []
    value = None
    for _ in range(repetitions):
        start = time.perf_counter()
        value = body()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), seconds, value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=200_000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    results = {"simpy_version": simpy.__version__, "repetitions": args.repetitions}
    for name, units, body, check in [
        ("mm1_resource", args.customers, lambda: mm1_resource(args.customers, args.seed), "mean wait"),
        ("mm1_store", args.customers, lambda: mm1_store(args.customers, args.seed), "mean wait"),
        ("serial_line", args.parts, lambda: serial_line(args.parts, args.seed), "throughput"),
    ]:
        median, seconds, value = measure(args.repetitions, body)
        results[name] = {"units": units, "seconds": median, "all_seconds": seconds,
                         "units_per_second": units / median, "check": check, "check_value": value}
    print(json.dumps(results, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
