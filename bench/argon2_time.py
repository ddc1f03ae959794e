"""Seconds one argon2id hash takes with the given parameters, through libsodium (as the server).

    python3 bench/argon2_time.py [MEMORY_KIB [ITERATIONS [RUNS]]]

Defaults: 19456 KiB, 2 iterations (anshin's defaults; libsodium's argon2id always uses one
lane, p=1), 7 runs. Hashes RUNS times with crypto_pwhash_str_alg, as an_password_hash does, and
prints the median in seconds.
"""

import ctypes
import statistics
import sys
import time


def main():
    memory_kib = int(sys.argv[1]) if len(sys.argv) > 1 else 19456
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7

    so = ctypes.CDLL("libsodium.so.23")
    if so.sodium_init() < 0:
        sys.exit("argon2_time: sodium_init failed")
    so.crypto_pwhash_strbytes.restype = ctypes.c_size_t
    so.crypto_pwhash_alg_argon2id13.restype = ctypes.c_int
    so.crypto_pwhash_str_alg.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulonglong,
                                         ctypes.c_ulonglong, ctypes.c_size_t, ctypes.c_int]
    so.crypto_pwhash_str_alg.restype = ctypes.c_int
    out = ctypes.create_string_buffer(so.crypto_pwhash_strbytes())
    pw = b"Bench-Kumo-2026!"
    alg = so.crypto_pwhash_alg_argon2id13()

    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rc = so.crypto_pwhash_str_alg(out, pw, len(pw), iterations, memory_kib * 1024, alg)
        times.append(time.perf_counter() - t0)
        if rc != 0:
            sys.exit("argon2_time: crypto_pwhash_str_alg failed (out of memory?)")
    print(f"{statistics.median(times):.6f}")


if __name__ == "__main__":
    main()
