"""Hashes per second with THREADS threads of one process hashing at once, through libsodium (as
the server's workers do), with the given parameters.

    python3 bench/argon2_parallel.py THREADS [MEMORY_KIB [ITERATIONS [PER_THREAD]]]

Defaults: 19456 KiB, 2 iterations, 6 hashes per thread. The bound of bench.sh (cores / the time
of one hash alone) assumes that the cores hash as fast together as one does alone; argon2id is
memory-hard (19 MiB per hash, mapped and unmapped by libsodium for every hash), so on a machine
whose cores share their cache, memory bandwidth or the process's memory map this rate is lower.
Printed for comparison with the login rows, not as a target. ctypes releases the GIL during the
call, so the threads do hash at once.
"""

import ctypes
import sys
import threading
import time


def main():
    threads = int(sys.argv[1])
    memory_kib = int(sys.argv[2]) if len(sys.argv) > 2 else 19456
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    per_thread = int(sys.argv[4]) if len(sys.argv) > 4 else 6

    so = ctypes.CDLL("libsodium.so.23")
    if so.sodium_init() < 0:
        sys.exit("argon2_parallel: sodium_init failed")
    so.crypto_pwhash_strbytes.restype = ctypes.c_size_t
    so.crypto_pwhash_alg_argon2id13.restype = ctypes.c_int
    so.crypto_pwhash_str_alg.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulonglong,
                                         ctypes.c_ulonglong, ctypes.c_size_t, ctypes.c_int]
    so.crypto_pwhash_str_alg.restype = ctypes.c_int
    alg = so.crypto_pwhash_alg_argon2id13()
    pw = b"Bench-Kumo-2026!"
    failed = []

    def work():
        out = ctypes.create_string_buffer(so.crypto_pwhash_strbytes())
        for _ in range(per_thread):
            if so.crypto_pwhash_str_alg(out, pw, len(pw), iterations, memory_kib * 1024, alg):
                failed.append(1)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    if failed:
        sys.exit("argon2_parallel: crypto_pwhash_str_alg failed (out of memory?)")
    print(f"{threads * per_thread / elapsed:.1f}")


if __name__ == "__main__":
    main()
