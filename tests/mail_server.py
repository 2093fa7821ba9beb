"""A real IMAP server for tests: Debian's dovecot with a throwaway configuration on loopback.

``DovecotServer.start(root)`` writes a configuration into ``root`` (nothing of the system's is
read or touched: ``-c`` names our file, and base, state and mail folders are all under
``root``), a self-signed CA and a server certificate for 127.0.0.1, and a passwd-file with the
test users; it runs ``dovecot -F`` (not a daemon) listening on two free loopback ports: plain
IMAP (STARTTLS offered) and IMAPS. Logs go to ``root/dovecot.log``. Mail is delivered with
IMAP APPEND (imap-tools), so it lands as the server itself writes it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

USERS = {"amazon": "case-mail-pass", "other": "other-pass", "big": "big-pass"}
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def dovecot_missing() -> str | None:
    """Why the IMAP tests cannot run here, or None."""
    if not Path(DOVECOT).exists():
        return "dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key): a CA made here signs 127.0.0.1."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Seller Desk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(pem))
    cert_path.write_bytes(cert.public_bytes(pem))
    key_path.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return ca_path, cert_path, key_path


def _mail_user() -> tuple[str, int, int, str]:
    """(mail user, uid, gid, login user): as root, dovecot's own unprivileged users."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("dovecot")
        return "dovecot", mail.pw_uid, mail.pw_gid, "dovenull"
    me = getpass.getuser()
    return me, os.getuid(), os.getgid(), me


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = sellerdesk-test-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
default_login_user = {login_user}
default_internal_user = {mail_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
disable_plaintext_auth = no
auth_mechanisms = plain login
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class DovecotServer:
    root: Path
    port: int
    tls_port: int
    ca_file: Path
    process: subprocess.Popen[bytes] | None = None
    users: dict[str, str] = field(default_factory=lambda: dict(USERS))

    @classmethod
    def start(cls, root: Path | None = None) -> DovecotServer:
        # a folder every dovecot user can reach (pytest's tmp folders are 0700 to root)
        root = root or Path(tempfile.mkdtemp(prefix="sellerdesk-dovecot-"))
        root.chmod(0o755)
        for part in ("run", "state", "mail"):
            (root / part).mkdir(exist_ok=True)
        mail_user, uid, gid, login_user = _mail_user()
        for part in ("mail", "state"):
            os.chown(root / part, uid, gid)
        ca, cert, key = make_certificates(root)
        (root / "users").write_text(
            "".join(f"{name}:{{PLAIN}}{password}\n" for name, password in USERS.items())
        )
        port, tls_port = free_port(), free_port()
        config = root / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                root=root,
                port=port,
                tls_port=tls_port,
                cert=cert,
                key=key,
                mail_user=mail_user,
                login_user=login_user,
                uid=uid,
                gid=gid,
            )
        )
        server = cls(root=root, port=port, tls_port=tls_port, ca_file=ca)
        server.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            stdout=(root / "stdout.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server._wait_ready()
        return server

    def _wait_ready(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot stopped at start:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.tls_port), timeout=1) as raw:
                    context = ssl.create_default_context(cafile=str(self.ca_file))
                    with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                        if tls.recv(100).startswith(b"* OK"):
                            return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on 127.0.0.1:{self.tls_port}:\n{self.log()}")

    def log(self) -> str:
        parts = [self.root / "dovecot.log", self.root / "stdout.log"]
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in parts if p.exists())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)

    # -- mail in the users' folders --------------------------------------------------------

    def mailbox(self, user: str):  # type: ignore[no-untyped-def]
        from imap_tools import MailBox

        context = ssl.create_default_context(cafile=str(self.ca_file))
        return MailBox("127.0.0.1", port=self.tls_port, ssl_context=context).login(
            user, self.users[user]
        )

    def deliver(self, user: str, messages: Iterable[bytes], folder: str = "INBOX") -> int:
        """APPEND each raw message to the user's folder (created if missing); how many."""
        count = 0
        with self.mailbox(user) as box:
            if folder != "INBOX" and not box.folder.exists(folder):
                box.folder.create(folder)
            for raw in messages:
                box.append(raw, folder, dt=None, flag_set=())
                count += 1
        return count

    def clear(self, user: str, folder: str = "INBOX") -> None:
        with self.mailbox(user) as box:
            box.folder.set(folder)
            uids = [m.uid for m in box.fetch(headers_only=True, mark_seen=False) if m.uid]
            if uids:
                box.delete(uids)

    def recreate_folder(self, user: str, folder: str) -> None:
        """Delete and make the folder again: the server gives it a new UIDVALIDITY."""
        with self.mailbox(user) as box:
            if box.folder.exists(folder):
                box.folder.delete(folder)
            box.folder.create(folder)


def sample_mail(
    n: int,
    *,
    subject: str = "Case 12345678901 update",
    sender: str = "seller-notification@amazon.com",
) -> bytes:
    """A small, distinct RFC 5322 message numbered ``n``."""
    return (
        f"From: Amazon <{sender}>\r\n"
        f"To: cases@example.com\r\n"
        f"Subject: {subject} #{n}\r\n"
        f"Message-ID: <test-{n}-{os.getpid()}@example.com>\r\n"
        f"Date: Sat, 05 Dec 2026 10:00:00 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        f"Message number {n}.\r\n"
    ).encode()
