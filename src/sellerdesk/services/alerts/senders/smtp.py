"""E-mail alerts over SMTP (smtplib): implicit TLS, STARTTLS, or plain on loopback only.

SMTP's own reply codes decide the outcome: 4xx and a dropped connection are worth another try,
5xx (a refused login, sender or recipient) is not.
"""

from __future__ import annotations

import smtplib
import ssl
import time

from sellerdesk.core.alerts.channel import ChannelSettings
from sellerdesk.core.alerts.delivery import AlertMessage, DeliveryResult, Outcome
from sellerdesk.core.alerts.limits import VendorLimits
from sellerdesk.core.alerts.mail_body import alert_mail

_DETAIL_MAX = 300


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
    try:
        context = ssl.create_default_context()
        client: smtplib.SMTP
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
    except smtplib.SMTPResponseException as exc:
        words = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        outcome = Outcome.TRANSIENT if 400 <= exc.smtp_code < 500 else Outcome.PERMANENT
        return DeliveryResult(
            outcome, _detail(f"SMTP {exc.smtp_code}: {words}"), str(exc.smtp_code)
        )
    except smtplib.SMTPNotSupportedError as exc:
        return DeliveryResult(Outcome.PERMANENT, _detail(f"the server does not offer this: {exc}"))
    except ssl.SSLError as exc:
        return DeliveryResult(Outcome.PERMANENT, _detail(f"TLS failed: {exc.reason or exc}"))
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        return DeliveryResult(Outcome.TRANSIENT, _detail(f"timed out or disconnected: {exc}"))
    except (smtplib.SMTPException, OSError) as exc:
        return DeliveryResult(Outcome.TRANSIENT, _detail(f"no connection: {exc}"))
    if refused:
        return _refused(refused)
    return DeliveryResult(
        Outcome.DELIVERED, _detail(f"accepted for {len(settings.recipients)} recipient(s)"), "250"
    )


def _refused(recipients: dict[str, tuple[int, bytes]]) -> DeliveryResult:
    code, words = next(iter(recipients.values()))
    outcome = Outcome.TRANSIENT if 400 <= code < 500 else Outcome.PERMANENT
    text = words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)
    names = ", ".join(recipients)
    return DeliveryResult(outcome, _detail(f"SMTP {code} for {names}: {text}"), str(code))


def _detail(line: str) -> str:
    return " ".join(line.split())[:_DETAIL_MAX]
