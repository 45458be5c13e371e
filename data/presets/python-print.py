# SPDX-License-Identifier: GPL-3.0-or-later
# The function of the preset "Four Python processes print their numbers":
# the lesson's four multiprocessing.Process(target=print_number, args=(i,)).


def print_number(number):
    print("Number: ", number)


if __name__ == "__main__":
    import multiprocessing

    processes = [multiprocessing.Process(target=print_number, args=(i,)) for i in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
