# SPDX-License-Identifier: GPL-3.0-or-later
# The function of the preset "Square a list in Python": the lesson's
#
#     with mp.Pool(5) as pool:
#         out = pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8])
#
# without its time.sleep(2), so that the result is what matters.


def square(n):
    return n ** 2


if __name__ == "__main__":
    import multiprocessing as mp

    with mp.Pool(5) as pool:
        print(pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8]))
