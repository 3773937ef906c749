"""``deploy/nginx/youthmap.conf`` as nginx serves it, with no app process behind it (the
sessions, stickiness and failover with app processes are tests/db/test_deploy.py's)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from benchmarks.stack import Stack, free_port, nginx_binary
from tests._deps import require


@pytest.fixture
def proxy(tmp_path):
    """nginx with the shipped site file, its one upstream a port nothing listens on."""
    require("nginx", nginx_binary() is not None, "sudo apt-get install nginx-light")
    stack = Stack(tmp_path, env={}, processes=0)
    (tmp_path / "logs").mkdir()
    stack.ports, stack.proxy_port = [free_port()], free_port()
    stack._start_nginx()
    try:
        for _ in range(100):  # until nginx listens
            try:
                urllib.request.urlopen(f"{stack.url}/", timeout=2)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield stack
    finally:
        stack.stop()


def test_the_proxy_does_not_tell_the_network_its_version(proxy):
    """Every answer of the proxy, its own error pages included, said "Server: nginx/1.22.1"
    and the 502 page's footer "nginx/1.22.1": the exact version to look up flaws for, given
    to anyone on the network. The site sets server_tokens off."""
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(f"{proxy.url}/", timeout=10)
    assert exc.value.code == 502  # no app process: nginx's own page
    assert exc.value.headers["Server"] == "nginx"
    assert "nginx/" not in exc.value.read().decode()
