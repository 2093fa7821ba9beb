"""The e-mail form of an alert: subject = title, a plain-text body with the case link. Pure."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sellerdesk.core.alerts.channel import SmtpSettings
from sellerdesk.core.alerts.delivery import AlertMessage
from sellerdesk.core.alerts.trimming import fit
from sellerdesk.core.i18n import t


def alert_mail(
    smtp: SmtpSettings, message: AlertMessage, *, limit: int, timestamp: float
) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = ("[!] " if message.urgent else "") + message.title
    mail["From"] = smtp.sender
    mail["To"] = ", ".join(smtp.recipients)
    mail["Date"] = formatdate(timestamp, usegmt=True)
    mail["Message-ID"] = make_msgid(domain=smtp.sender.rpartition("@")[2] or None)
    # an alert must never start an auto-reply loop with another robot (RFC 3834)
    mail["Auto-Submitted"] = "auto-generated"
    if message.urgent:
        mail["Importance"] = "high"
    label = message.link_label or t("alert_channels.open_case", message.lang)
    link = f"\n\n{label}: {message.link}" if message.link else ""
    mail.set_content(fit(message.text, link, limit) + "\n", charset="utf-8")
    return mail
