# SPDX-License-Identifier: GPL-3.0-or-later
# The function of the preset "One apply_async per task, in Python": the
# lesson's worker, handed out one call at a time with
#
#     with multiprocessing.Pool(processes=4) as pool:
#         results = [pool.apply_async(worker, args=(i,)) for i in range(10)]
#         output = [result.get() for result in results]


def worker(num):
    result = num * 2
    return result


if __name__ == "__main__":
    import multiprocessing

    with multiprocessing.Pool(processes=4) as pool:
        results = [pool.apply_async(worker, args=(i,)) for i in range(10)]
        output = [result.get() for result in results]
        print(output)
