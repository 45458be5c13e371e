# SPDX-License-Identifier: GPL-3.0-or-later
# The function of the preset "Two 3-second sleepers in Python": the lesson's
# task1, which two mp.Process(target=task1, args=(3,)) run side by side.

import time


def task1(sleep_sec):
    print(f"Sleeping for {sleep_sec} seconds")
    time.sleep(sleep_sec)
    print(f"Finished sleeping: {sleep_sec}")


if __name__ == "__main__":
    import multiprocessing as mp

    start_time = time.perf_counter()
    p1 = mp.Process(target=task1, args=(3,))
    p2 = mp.Process(target=task1, args=(3,))
    p1.start()
    p2.start()
    p1.join()
    p2.join()
    finish_time = time.perf_counter()
    print(f"Program finished in {(finish_time - start_time):.3f} seconds")
