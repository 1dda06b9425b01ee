"""The documented production front, run for real: gunicorn as deploy/systemd starts it, behind
nginx configured by deploy/nginx/gongkai.conf (used by tests/test_deploy.py and bench/portal.py).

The configuration is not copied: the documented file is read and only the installation's own
values (paths, ports, the certificate) are replaced, each of which must still be there, so a
change to the file is what the test runs.
"""

from __future__ import annotations

import contextlib
import datetime
import getpass
import http.client
import os
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SITE_CONF = DEPLOY / "nginx" / "gongkai.conf"
WEB_UNIT = DEPLOY / "systemd" / "gongkai-web.service"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
# What nginx tells the application about a visitor who came by https (GONGKAI_BEHIND_PROXY).
FORWARDED_HTTPS = {"X-Forwarded-Proto": "https"}


def nginx_available() -> bool:
    return Path(NGINX).exists() and MIME_TYPES.exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 60.0, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"{old!r} is no longer in the documented file: update tests/front.py")
    return text.replace(old, new)


def gunicorn_command(port: int) -> list[str]:
    """The ExecStart of deploy/systemd/gongkai-web.service, with this Python and port."""
    line = next(
        line.removeprefix("ExecStart=")
        for line in WEB_UNIT.read_text().splitlines()
        if line.startswith("ExecStart=")
    )
    line = _replace(line, "/srv/gongkai/.venv/bin/python", shlex.quote(sys.executable))
    line = _replace(line, "127.0.0.1:8000", f"127.0.0.1:{port}")
    return shlex.split(line)


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Front:
    """Where the running front listens."""

    app_port: int
    http_port: int
    https_port: int
    directory: Path
    data_dir: Path | None = None

    def request(self, path: str, *, via: str = "https", headers: dict | None = None, method="GET"):
        """(status, headers with lower-case names, body bytes); redirects are not followed."""
        if via == "https":
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=context, timeout=60
            )
        else:
            port = self.http_port if via == "http" else self.app_port
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()


def render_nginx(
    directory: Path, *, data_dir: Path, app_port: int, http_port: int, https_port: int, workers=1
) -> Path:
    """nginx.conf (as Debian's, reduced) including the documented site file with this
    installation's values; returns its path."""
    cert, key = self_signed_certificate(directory)
    site = SITE_CONF.read_text(encoding="utf-8")
    for old, new in [
        ("/var/lib/gongkai", str(data_dir)),
        ("/srv/gongkai/deploy", str(DEPLOY)),
        ("/var/cache/nginx/gongkai", str(directory / "cache")),
        ("127.0.0.1:8000", f"127.0.0.1:{app_port}"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/ssl/gongkai/fullchain.pem", str(cert)),
        ("/etc/ssl/gongkai/privkey.pem", str(key)),
    ]:
        site = _replace(site, old, new)
    (directory / "gongkai.conf").write_text(site, encoding="utf-8")
    temp = {
        kind: directory / "temp" / kind for kind in ("client_body", "proxy", "fastcgi", "uwsgi")
    }
    temp["scgi"] = directory / "temp" / "scgi"
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers would otherwise run as nobody and not read a private temp dir.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    conf = f"""
{user}
daemon off;
worker_processes {workers};
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include {MIME_TYPES};
    default_type application/octet-stream;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log off;
    gzip on;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {directory}/gongkai.conf;
}}
"""
    path = directory / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    return path


def _can_connect(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _app_answers(front: Front) -> bool:
    # gunicorn listens before its workers have imported the project. The header is nginx's:
    # without it production settings redirect plain http to https.
    try:
        return front.request("/healthz", via="app", headers=FORWARDED_HTTPS)[0] == 200
    except OSError:
        return False


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_nginx(front: Front, data_dir: Path, *, workers=1):
    """nginx with the documented site file, listening on `front`'s ports, passing to its
    app_port (where nothing need listen)."""
    conf = render_nginx(
        front.directory,
        data_dir=data_dir,
        app_port=front.app_port,
        http_port=front.http_port,
        https_port=front.https_port,
        workers=workers,
    )
    error_log = front.directory / "error.log"
    web = subprocess.Popen(
        [NGINX, "-p", str(front.directory), "-c", str(conf), "-e", str(error_log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        started = wait_for(lambda: _can_connect(front.https_port) or web.poll() is not None, 30)
        if not started or web.poll() is not None:
            log = error_log.read_text(errors="replace") if error_log.exists() else ""
            raise RuntimeError(f"nginx did not start:\n{log}")
        yield front
    finally:
        stop(web)


@contextlib.contextmanager
def running_front(
    data_dir: Path, directory: Path, *, env: dict[str, str], nginx=True, nginx_workers=1
):
    """gunicorn on `data_dir` (with `env`), and nginx in front of it unless `nginx=False`."""
    directory.mkdir(parents=True, exist_ok=True)
    front = Front(free_port(), free_port(), free_port(), directory, data_dir)
    with (directory / "gunicorn.log").open("w") as app_log, contextlib.ExitStack() as stack:
        app = subprocess.Popen(
            gunicorn_command(front.app_port), env=env, stdout=app_log, stderr=subprocess.STDOUT
        )
        stack.callback(stop, app)
        if not wait_for(lambda: _app_answers(front), timeout=120):
            raise RuntimeError(f"gunicorn did not answer: {directory / 'gunicorn.log'}")
        if nginx:
            stack.enter_context(running_nginx(front, data_dir, workers=nginx_workers))
        yield front
