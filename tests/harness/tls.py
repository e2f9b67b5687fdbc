"""A throw-away certificate for `.test` names, made with the openssl command line (tests skip without it)."""
from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

NAMES = ("news.test", "other.test")


def make_certificate(directory: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate and key for NAMES, or None if openssl is not installed."""
    if shutil.which("openssl") is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    san = ",".join(f"DNS:{name}" for name in NAMES)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", f"/CN={NAMES[0]}", "-addext", f"subjectAltName={san}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=30)
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def client_context(cert: Path) -> ssl.SSLContext:
    """Trusts only the test certificate, with hostname checking on (as in production)."""
    return ssl.create_default_context(cafile=str(cert))
