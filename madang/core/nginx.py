"""nginx run from a folder of its own, and the shipped configuration rendered for it.

The nginx test group and ``madang bench`` run the very file operators install
(docs/deploy/nginx.conf), with its "site:" lines pointed at local ports and temp
folders, in an nginx of their own: a temp prefix, the current user, in the
foreground, never the system service.
"""

from __future__ import annotations

import grp
import ipaddress
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "docs" / "deploy" / "nginx.conf"

# The http context of Debian's stock /etc/nginx/nginx.conf, which includes the
# site file: the shipped file must work beside these (a second `gzip on` at the
# same level, for instance, would stop nginx).
DEBIAN_HTTP = """\
sendfile on;
tcp_nopush on;
types_hash_max_size 2048;
{types}
default_type application/octet-stream;
ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
ssl_prefer_server_ciphers on;
gzip on;
"""
DEBIAN_MIME_TYPES = Path("/etc/nginx/mime.types")
FEW_TYPES = (
    "types { text/html html; text/css css; application/javascript js; "
    "application/json json; text/plain txt; image/png png; image/svg+xml svg; }"
)


# The modules Debian's nginx.conf loads in its main context; the shipped file needs
# brotli's (libnginx-mod-http-brotli-filter).
DEBIAN_MODULES = Path("/etc/nginx/modules-enabled")
BROTLI_MODULE = "ngx_http_brotli_filter_module.so"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def debian_modules(binary: str) -> str:
    """The ``load_module`` lines of Debian's modules-enabled, with their paths made whole:
    they name modules from nginx's own prefix, and ours is a temp folder."""
    if not DEBIAN_MODULES.is_dir():
        return ""
    version = subprocess.run(  # noqa: S603 - the system's nginx
        [binary, "-V"], capture_output=True, text=True, check=False
    ).stderr
    prefix = Path(next((p[9:] for p in version.split() if p.startswith("--prefix=")), "/"))
    lines = []
    for conf in sorted(DEBIAN_MODULES.glob("*.conf")):
        for name in re.findall(r"^\s*load_module\s+([^;\s]+)\s*;", conf.read_text(), re.M):
            lines.append(f"load_module {prefix / name};\n")
    return "".join(lines)


def has_brotli() -> bool:
    """Whether Debian's nginx loads the brotli filter the shipped file turns on."""
    return DEBIAN_MODULES.is_dir() and any(
        BROTLI_MODULE in path.read_text(errors="replace") for path in DEBIAN_MODULES.glob("*.conf")
    )


@dataclass
class Site:
    """Where the shipped configuration's "site:" lines point."""

    http_port: int
    https_port: int
    upstream_port: int
    static_root: Path
    media_root: Path
    cache_dir: Path
    certificates: Path  # a folder with fullchain.pem and privkey.pem
    # Where /live/ goes: `madang live`; none, the app itself, which says there is no stream.
    live_port: int | None = None

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"


def render_shipped(site: Site) -> str:
    """The shipped file with its "site:" values replaced; an error if one is gone."""
    text = SHIPPED.read_text()
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{site.upstream_port};",
        "server 127.0.0.1:8001;": f"server 127.0.0.1:{site.live_port or site.upstream_port};",
        "listen 80;": f"listen 127.0.0.1:{site.http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{site.https_port} ssl http2;",
        "/etc/letsencrypt/live/example.org/": f"{site.certificates}/",
        "/srv/madang/var/static/": f"{site.static_root}/",
        "/srv/madang/var/media/": f"{site.media_root}/",
        "proxy_cache_path /var/cache/nginx/madang ": f"proxy_cache_path {site.cache_dir} ",
    }
    for old, new in replacements.items():
        if old not in text:
            raise ValueError(f"{SHIPPED} no longer contains {old!r} (see madang/core/nginx.py)")
        text = text.replace(old, new)
    return text


def self_signed_certificate(folder: Path) -> None:
    """fullchain.pem and privkey.pem for 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


class LocalNginx:
    """nginx with ``folder`` as its prefix, answering on ``ports`` once started.

    ``http_config`` goes inside the ``http`` block. Run by root, the workers run
    as root too, so that they can read a test's private temp folders.
    """

    def __init__(self, folder: Path, http_config: str, ports: Iterable[int]) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        self.folder = folder
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        user = ""
        if os.geteuid() == 0:
            name, group = pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name
            user = f"user {name} {group};\n"
        (folder / "nginx.conf").write_text(
            f"{debian_modules(binary)}{user}"
            "worker_processes 2; pid nginx.pid; error_log error.log;\n"
            "events { worker_connections 1024; }\n"
            "http { access_log off; client_body_temp_path tmp; proxy_temp_path tmp;\n"
            "  fastcgi_temp_path tmp; uwsgi_temp_path tmp; scgi_temp_path tmp;\n"
            f"{http_config}\n}}\n"
        )
        self.process = subprocess.Popen(  # noqa: S603 - the system's nginx, our own config
            [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            for port in ports:
                self._wait_for(port)
        except RuntimeError:
            self.stop()
            raise

    def _wait_for(self, port: int, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self.errors()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nginx did not listen on {port}: {self.errors()}")

    def errors(self) -> str:
        """What nginx complained about, on stderr and in its error log."""
        log = self.folder / "error.log"
        stderr = ""
        if self.process.poll() is not None and self.process.stderr is not None:
            stderr = self.process.stderr.read().decode(errors="replace")
        return stderr + (log.read_text(errors="replace") if log.exists() else "")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process.stderr is not None:
            self.process.stderr.close()


def shipped_http_config(site: Site) -> str:
    types = f"include {DEBIAN_MIME_TYPES};" if DEBIAN_MIME_TYPES.exists() else FEW_TYPES
    return DEBIAN_HTTP.format(types=types) + render_shipped(site)
