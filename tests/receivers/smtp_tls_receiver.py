"""A real SMTP server (aiosmtpd) on 127.0.0.1 behind TLS, login required: STARTTLS on a
plain port (``require_starttls``) or implicit TLS (SMTPS), with a throwaway self-signed
certificate made here for 127.0.0.1 (the ``cryptography`` package)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.receivers.smtp_receiver import SmtpReceiver, free_port

USER, PASSWORD = "alerts@example.cn", "right-password-1"


@dataclass(frozen=True)
class Certificate:
    cert: Path  # PEM: the certificate, which is also its own CA
    key: Path


def self_signed(folder: Path, name: str = "127.0.0.1") -> Certificate:
    """A certificate for ``name`` (an IP address), valid for a day, signed by itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(name))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    made = Certificate(folder / "smtp-ca.pem", folder / "smtp-key.pem")
    made.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    made.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return made


def _server_context(made: Certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(made.cert, made.key)
    return context


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


@contextmanager
def tls_smtp_receiver(made: Certificate, *, implicit: bool) -> Iterator[SmtpReceiver]:
    """``implicit``: SMTPS (TLS from the first byte); else STARTTLS required before AUTH
    and MAIL. AUTH is required either way, and offered only over TLS."""
    receiver = SmtpReceiver(port=free_port())
    context = _server_context(made)
    tls: dict[str, Any] = (
        {"ssl_context": context, "server_hostname": "127.0.0.1"}
        if implicit
        else {"tls_context": context, "require_starttls": True}
    )
    controller = Controller(
        receiver,
        hostname=receiver.host,
        port=receiver.port,
        authenticator=_authenticator,
        auth_required=True,
        # aiosmtpd 1.4 counts only STARTTLS as TLS; on SMTPS every byte is TLS already
        auth_require_tls=not implicit,
        **tls,
    )
    controller.start()
    try:
        yield receiver
    finally:
        controller.stop()
