"""Real engines for the cluster tests, on loopback and owned by the test: a `redis-server` (Debian's
binary, no persistence, its own directory) and Dask workers. Nothing here needs a service that was
running before the test.

    with RedisServer(tmp_path) as redis: ...redis.url...       # redis://127.0.0.1:PORT/0
    with dask_cluster(workers=2) as address: ...                # tcp://127.0.0.1:PORT
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def redis_binary() -> str:
    """The redis-server binary, or a skip that says how to get it (`.ci/run` installs it)."""
    binary = shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(p).exists()), None)
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; `make test` does it"
                    " as root)")
    return binary


class RedisServer:
    """A throwaway redis-server on 127.0.0.1 at a free port: no RDB snapshots, no AOF, stopped (and its
    directory left to tmp_path) when the block ends."""

    def __init__(self, directory: Path, *, startup: float = 20.0):
        self.directory = Path(directory)
        self.startup = startup
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self) -> RedisServer:
        binary = redis_binary()
        self.directory.mkdir(parents=True, exist_ok=True)
        for _ in range(5):   # a free port can be taken between our probe and redis' bind: try another
            self.port = free_port()
            self.process = subprocess.Popen(
                [binary, "--bind", LOOPBACK, "--port", str(self.port), "--save", "", "--appendonly", "no",
                 "--dir", str(self.directory), "--protected-mode", "yes", "--daemonize", "no",
                 "--logfile", str(self.directory / "redis.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if self._wait_ready():
                return self
            self.stop()
        raise RuntimeError(f"redis-server did not start; see {self.directory / 'redis.log'}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((LOOPBACK, self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def dask_cluster(workers: int = 2) -> Iterator[str]:
    """The LocalCluster `--dask local` runs (loopback, one thread per worker process). Yields the
    scheduler's tcp:// address."""
    pytest.importorskip("distributed", reason="the cluster extra is not installed")
    from scraper.reprocess import local_cluster

    with local_cluster(workers) as cluster:
        yield cluster.scheduler_address


class DaskProcesses:
    """A Dask scheduler and `workers` worker processes started as commands (`dask scheduler`,
    `dask worker --no-nanny`), so a test can SIGKILL one worker and nothing restarts it."""

    def __init__(self, workers: int = 2, *, startup: float = 60.0):
        self.workers = workers
        self.startup = startup
        self.port = 0
        self.scheduler: subprocess.Popen | None = None
        self.worker_processes: list[subprocess.Popen] = []

    @property
    def address(self) -> str:
        return f"tcp://{LOOPBACK}:{self.port}"

    def start(self) -> DaskProcesses:
        distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")
        dask = str(Path(sys.executable).with_name("dask"))
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        self.port = free_port()
        self.scheduler = subprocess.Popen([dask, "scheduler", "--host", LOOPBACK, "--port", str(self.port),
                                           "--no-dashboard", "--dashboard-address", f"{LOOPBACK}:0"], **quiet)
        self.worker_processes = [
            subprocess.Popen([dask, "worker", self.address, "--nthreads", "1", "--no-nanny",
                              "--host", LOOPBACK, "--no-dashboard", "--name", f"worker-{i}"], **quiet)
            for i in range(self.workers)]
        with distributed.Client(self.address, timeout=self.startup) as client:
            client.wait_for_workers(self.workers, timeout=self.startup)
        return self

    def stop(self) -> None:
        for process in [*self.worker_processes, self.scheduler]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.worker_processes, self.scheduler]:
            if process is not None:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)

    def __enter__(self) -> DaskProcesses:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
