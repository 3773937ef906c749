"""The deployment of ``deploy/`` on this machine, on free loopback ports: N app processes
(``youthmap serve``) behind nginx with ``deploy/nginx/youthmap.conf`` (sticky route cookie,
WebSocket upgrade), all on one database. For the load test and the deployment tests.

nginx runs from a private prefix (its own config, pid, logs and temp folders under
``workdir``), with the site file of ``deploy/`` where only the listen address, the upstream
ports and the log paths are rewritten: what is tested is the file an operator installs.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "deploy" / "nginx" / "youthmap.conf"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str | None:
    """nginx on PATH or in /usr/sbin, or ``None``."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def wait_healthy(url: str, timeout: float = 180) -> None:
    """Wait until ``url/_stcore/health`` answers ``ok``."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError as exc:
            last = exc
        time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {timeout} s: {last}")


def site_config(ports: list[int], listen: int, logs: Path) -> str:
    """``deploy/nginx/youthmap.conf`` for app ``ports``, listening on ``127.0.0.1:listen``,
    logging under ``logs``."""
    text = SITE.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in ports)
    text, n = re.subn(r"(    server 127\.0\.0\.1:\d+ [^\n]*\n)+", servers, text)
    assert n == 1, "the upstream block of deploy/nginx/youthmap.conf changed shape"
    text = text.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    text = text.replace("/var/log/nginx/", f"{logs}/")
    return text


@dataclass
class Stack:
    """N app processes behind nginx.

    Parameters
    ----------
    workdir
        Folder for nginx's files and the processes' logs.
    env
        Environment of the app processes (``YOUTHMAP_DB_URL`` …).
    processes
        How many app processes.
    """

    workdir: Path
    env: dict[str, str]
    processes: int = 2
    ports: list[int] = field(default_factory=list)
    proxy_port: int = 0
    apps: dict[int, subprocess.Popen] = field(default_factory=dict)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def access_log(self) -> Path:
        return self.workdir / "logs" / "youthmap.access.log"

    def start_app(self, port: int) -> None:
        log = (self.workdir / f"app-{port}.log").open("ab")
        env = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", **self.env}  # as the unit sets
        self.apps[port] = subprocess.Popen(
            [sys.executable, "-m", "geo", "serve", "--port", str(port)],
            cwd=self.workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes Streamlit too
        )

    def start(self) -> Stack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "logs").mkdir(exist_ok=True)
        self.ports = [free_port() for _ in range(self.processes)]
        self.proxy_port = free_port()
        for port in self.ports:
            self.start_app(port)
        self._start_nginx()
        for port in self.ports:
            wait_healthy(f"http://127.0.0.1:{port}")
        wait_healthy(self.url, timeout=30)
        return self

    def _start_nginx(self) -> None:
        nginx = nginx_binary()
        if nginx is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
        prefix = self.workdir
        for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "tmp" / d).mkdir(parents=True, exist_ok=True)
        (prefix / "youthmap.conf").write_text(
            site_config(self.ports, self.proxy_port, prefix / "logs"), encoding="utf-8"
        )
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {prefix}/tmp/client_body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/youthmap.conf;
}}
""",
            encoding="utf-8",
        )
        check = subprocess.run(
            [nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {check.stderr}")
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(prefix / "logs" / "nginx.out").open("ab"),
        )

    def kill(self, port: int) -> None:
        """SIGKILL an app process (and the Streamlit server it started), as a crash would."""
        proc = self.apps.pop(port)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def app_pids(self, port: int) -> list[int]:
        """The app process on ``port`` and its children (the Streamlit server)."""
        import psutil

        proc = psutil.Process(self.apps[port].pid)
        return [proc.pid, *(c.pid for c in proc.children(recursive=True))]

    def rss_mb(self, port: int) -> float:
        """Resident memory of the app process on ``port`` with its children, in MB."""
        import psutil

        total = 0
        for pid in self.app_pids(port):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += psutil.Process(pid).memory_info().rss
        return total / 2**20

    def upstreams(self) -> list[tuple[str, str]]:
        """``(route, upstream port)`` of each request in nginx's access log so far."""
        if not self.access_log.exists():
            return []
        found = []
        for line in self.access_log.read_text(encoding="utf-8").splitlines():
            up = re.search(r"upstream=(\S+)", line)
            route = re.search(r"route=(\S+)", line)
            if up and route:
                last = up.group(1).split(",")[-1].strip()
                found.append((route.group(1), last.rsplit(":", 1)[-1]))
        return found

    def stop(self) -> None:
        for port in list(self.apps):
            proc = self.apps.pop(port)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if self.nginx is not None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
            self.nginx = None
