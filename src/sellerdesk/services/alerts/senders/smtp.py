"""E-mail alerts over SMTP (smtplib): implicit TLS, STARTTLS, or plain on loopback only.

Certificates are verified against the system's CAs, or the channel's own CA file (a
self-hosted server); never skipped unless a person turned verification off on the channel.
SMTP's own reply codes decide the outcome: 4xx and a dropped connection are worth another try,
5xx (a refused login, sender or recipient) is not. The failures a person can fix carry a code
the catalogs word (``alert_channels.code.email.<code>``): ``auth``, ``cert``,
``starttls_needed``, ``tls_port``, ``not_tls_port``, ``tls``.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time

from sellerdesk.core.alerts.channel import ChannelSettings, SmtpSettings
from sellerdesk.core.alerts.delivery import AlertMessage, DeliveryResult, Outcome
from sellerdesk.core.alerts.limits import VendorLimits
from sellerdesk.core.alerts.mail_body import alert_mail

_DETAIL_MAX = 300
_PROBE_SECONDS = 3.0  # a TLS handshake on loopback or a LAN takes milliseconds


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """The system's CAs (or the channel's CA file), hostname checked; nothing checked only
    when the channel says so."""
    context = ssl.create_default_context(cafile=settings.ca_file or None)
    if not settings.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def send_mail(
    channel: ChannelSettings, message: AlertMessage, *, limits: VendorLimits
) -> DeliveryResult:
    settings = channel.smtp
    if settings is None or not settings.host or not settings.recipients:
        return DeliveryResult(
            Outcome.PERMANENT, "the e-mail channel has no SMTP server or no recipients"
        )
    mail = alert_mail(settings, message, limit=limits.text_bytes, timestamp=time.time())
    timeout = channel.timeout_seconds
    client: smtplib.SMTP | None = None  # None until the server greeted
    try:
        context = tls_context(settings)
    except (OSError, ssl.SSLError) as exc:  # the CA file went away or changed since it was set
        return DeliveryResult(Outcome.PERMANENT, _detail(f"CA file unusable: {exc}"), "cert")
    try:
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password or "")
            refused = client.send_message(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        return _refused(exc.recipients)
    except smtplib.SMTPAuthenticationError as exc:
        return DeliveryResult(
            Outcome.PERMANENT, _detail(f"SMTP {exc.smtp_code}: {_words(exc)}"), "auth"
        )
    except smtplib.SMTPResponseException as exc:
        return _answered(exc, settings)
    except smtplib.SMTPNotSupportedError as exc:
        if settings.security == "none" and client is not None and client.has_extn("starttls"):
            return _starttls_needed(str(exc))
        return DeliveryResult(Outcome.PERMANENT, _detail(f"the server does not offer this: {exc}"))
    except ssl.SSLCertVerificationError as exc:
        words = exc.verify_message or exc.reason or str(exc)
        return DeliveryResult(
            Outcome.PERMANENT, _detail(f"certificate not trusted: {words}"), "cert"
        )
    except ssl.SSLError as exc:
        code = "not_tls_port" if exc.reason == "WRONG_VERSION_NUMBER" else "tls"
        return DeliveryResult(Outcome.PERMANENT, _detail(f"TLS failed: {exc.reason or exc}"), code)
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        # no greeting at all on a plain or STARTTLS channel: maybe the port is SMTPS
        if (
            client is None
            and settings.security != "tls"
            and _speaks_tls(settings.host, settings.port)
        ):
            return DeliveryResult(
                Outcome.PERMANENT, _detail(f"no SMTP greeting; the port speaks TLS: {exc}"),
                "tls_port",
            )  # fmt: skip
        return DeliveryResult(Outcome.TRANSIENT, _detail(f"timed out or disconnected: {exc}"))
    except (smtplib.SMTPException, OSError) as exc:
        return DeliveryResult(Outcome.TRANSIENT, _detail(f"no connection: {exc}"))
    if refused:
        return _refused(refused)
    return DeliveryResult(
        Outcome.DELIVERED, _detail(f"accepted for {len(settings.recipients)} recipient(s)"), "250"
    )


def _words(exc: smtplib.SMTPResponseException) -> str:
    error = exc.smtp_error
    return error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)


def _answered(exc: smtplib.SMTPResponseException, settings: SmtpSettings) -> DeliveryResult:
    words = _words(exc)
    if settings.security == "none" and exc.smtp_code == 530 and "starttls" in words.lower():
        return _starttls_needed(f"SMTP 530: {words}")
    outcome = Outcome.TRANSIENT if 400 <= exc.smtp_code < 500 else Outcome.PERMANENT
    return DeliveryResult(outcome, _detail(f"SMTP {exc.smtp_code}: {words}"), str(exc.smtp_code))


def _starttls_needed(line: str) -> DeliveryResult:
    return DeliveryResult(
        Outcome.PERMANENT, _detail(f"the server wants STARTTLS first: {line}"), "starttls_needed"
    )


def _speaks_tls(host: str, port: int) -> bool:
    """Whether ``host:port`` answers a TLS handshake (certificate not checked: this only
    names the mistake, nothing is sent)."""
    probe = ssl.create_default_context()
    probe.check_hostname = False
    probe.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port), timeout=_PROBE_SECONDS) as raw,
            probe.wrap_socket(raw, server_hostname=host),
        ):
            return True
    except (OSError, ssl.SSLError):
        return False


def _refused(recipients: dict[str, tuple[int, bytes]]) -> DeliveryResult:
    code, words = next(iter(recipients.values()))
    outcome = Outcome.TRANSIENT if 400 <= code < 500 else Outcome.PERMANENT
    text = words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)
    names = ", ".join(recipients)
    return DeliveryResult(outcome, _detail(f"SMTP {code} for {names}: {text}"), str(code))


def _detail(line: str) -> str:
    return " ".join(line.split())[:_DETAIL_MAX]
