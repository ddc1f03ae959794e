"""A paced flood of GET requests over keep-alive connections, for the fair-share test: run as its
own process so that its threads never hold the measuring test's interpreter lock.

    python3 flood.py PORT RATE THREADS PATH COOKIE [COOKIE ...]

Sends RATE requests a second in all, spread over THREADS connections (each thread uses the
cookies in turn), until SIGTERM; then prints {"status": count, ...} as JSON. A stopped and
continued process (SIGSTOP / SIGCONT) resumes at its rate without a catch-up burst."""
import json
import signal
import socket
import sys
import threading
import time

PORT, RATE, THREADS, PATH = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
COOKIES = sys.argv[5:]
stop = threading.Event()
counts = {}
lock = threading.Lock()


def request_bytes(cookie):
    return ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nCookie: %s\r\n\r\n"
            % (PATH, PORT, cookie)).encode()


def read_response(f):
    status = int(f.readline().split()[1])
    length = 0
    while True:
        line = f.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    f.read(length)
    return status


def worker(i):
    interval = THREADS / RATE
    reqs = [request_bytes(c) for c in COOKIES]
    sock = f = None
    n = i
    nxt = time.monotonic() + interval * i / THREADS
    while not stop.is_set():
        now = time.monotonic()
        if nxt > now:
            time.sleep(nxt - now)
        nxt = max(nxt + interval, time.monotonic() - interval)  # no catch-up burst
        try:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", PORT))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                f = sock.makefile("rb")
            sock.sendall(reqs[n % len(reqs)])
            n += 1
            key = str(read_response(f))
        except (OSError, ValueError, IndexError):
            key = "error"
            if sock:
                sock.close()
            sock = None
        with lock:
            counts[key] = counts.get(key, 0) + 1


signal.signal(signal.SIGTERM, lambda *_: stop.set())
threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(THREADS)]
for t in threads:
    t.start()
while not stop.is_set():
    time.sleep(0.05)
for t in threads:
    t.join(timeout=2)
print(json.dumps(counts))
