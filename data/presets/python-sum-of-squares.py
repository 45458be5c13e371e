# SPDX-License-Identifier: GPL-3.0-or-later
# The function of the preset "CPU-bound Python: sums of squares": pure
# Python arithmetic, which holds the GIL the whole time it runs.


def sum_of_squares(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


if __name__ == "__main__":
    import multiprocessing as mp

    with mp.Pool(4) as pool:
        print(pool.map(sum_of_squares, [2500000] * 8))
