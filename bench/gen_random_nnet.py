#!/usr/bin/env python3
"""Write a random ReLU network in NNet format: gen_random_nnet.py SEED N0,N1,...,NL.

Weights are Gaussian with variance 2/fan-in (He initialisation), biases
Gaussian with standard deviation 0.1, inputs in [-1, 1]: the kind of
network the region-counting literature studies at initialisation."""
import random
import sys


def main():
    seed = int(sys.argv[1])
    sizes = [int(s) for s in sys.argv[2].split(",")]
    rnd = random.Random(seed)
    n = sizes[0]
    out = ["// random network, seed %d, sizes %s" % (seed, sys.argv[2]),
           "%d,%d,%d,%d," % (len(sizes) - 1, n, sizes[-1], max(sizes)),
           ",".join(map(str, sizes)) + ",", "0,",
           ",".join(["-1"] * n) + ",", ",".join(["1"] * n) + ",",
           ",".join(["0"] * (n + 1)) + ",", ",".join(["1"] * (n + 1)) + ","]
    for l in range(1, len(sizes)):
        sd = (2.0 / sizes[l - 1]) ** 0.5
        for _ in range(sizes[l]):
            out.append(",".join("%.9g" % rnd.gauss(0, sd) for _ in range(sizes[l - 1])) + ",")
        for _ in range(sizes[l]):
            out.append("%.9g," % rnd.gauss(0, 0.1))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
