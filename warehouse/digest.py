"""The alert digest: the alerts fired since the last digest, for one role, as an e-mail (plain text and HTML,
multipart/alternative) with a link to each view, sent through the SMTP server of `[email]` in dashboard.toml.

A viewer's digest is built from the viewer's alert rows, whose text was written from protected values (no
count of 1-7, nothing that could be worked back); an analyst's is full. Text that partners or files
supplied (ward, partner and intervention names) is escaped in the HTML part. Every digest sent is logged
in `digests` (when, role, to whom, how many alerts), and the next one starts from there.
"""

from __future__ import annotations

import html
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pandas as pd

from settings import Email, get_settings
from warehouse.alerts import RULES, read_alerts
from warehouse.store import Store

MEETING = "/partnership-meeting?present=1&agenda=default&step=0"
ALERTS = "/partnership-alerts"  # views/alerts.py PAGE.path (the warehouse sits below views)


@dataclass(frozen=True)
class Digest:
    role: str
    subject: str
    text: str
    html: str
    alerts: pd.DataFrame
    since: datetime | None

    def message(self, *, sender: str, to: Sequence[str]) -> EmailMessage:
        msg = EmailMessage()
        msg["Subject"] = self.subject
        msg["From"] = sender
        msg["To"] = ", ".join(to)
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] if "@" in sender else None)
        msg.set_content(self.text)
        msg.add_alternative(self.html, subtype="html")
        return msg


def last_sent(store: Store, role: str) -> datetime | None:
    frame = store.fetch('SELECT MAX(sent_at) AS last FROM "digests" WHERE role = ?', [role])
    last = frame["last"].iloc[0] if len(frame) else None
    return None if last is None or pd.isna(last) else pd.Timestamp(last).to_pydatetime()


def compose(store: Store, *, role: str, since: datetime | None = None, base_url: str | None = None) -> Digest:
    """The digest of the alerts fired since `since` (default: since the role's last digest; all if none)."""
    settings = get_settings()
    base = (base_url or settings.app_url).rstrip("/")
    since = since if since is not None else last_sent(store, role)
    alerts = read_alerts(store, role=role, since=since)
    place = settings.partnership
    n = len(alerts)
    when = f"since {since:%d %b %Y %H:%M} UTC" if since else "so far"
    subject = f"{place} Locality Dashboard: {n} alert{'s' if n != 1 else ''} {when}"
    lead = (f"{n} alert{'s have' if n != 1 else ' has'} fired {when}, for the next partnership meeting. "
            + ("Figures are unsuppressed (analyst role): do not forward." if role == "analyst" else
               "Small numbers are suppressed and counts rounded (viewer role)."))
    text_lines = [subject, "", lead, "", f"Present the default agenda: {base}{MEETING}", ""]
    parts = [f"<p>{html.escape(lead)}</p>",
             f'<p><a href="{html.escape(base + MEETING, quote=True)}">Present the default agenda</a></p>']
    for rule, title in RULES.items():
        mine = alerts[alerts["rule"] == rule]
        if mine.empty:
            continue
        text_lines += [f"{title} ({len(mine)})", "-" * (len(title) + len(str(len(mine))) + 3)]
        items = []
        for a in mine.itertuples():
            url = base + a.link
            text_lines += [f"* {a.subject}", f"  {a.text}", f"  Fired {a.fired_at:%d %b %Y %H:%M} UTC. Open: {url}", ""]
            items.append(f'<li><p><strong>{html.escape(a.subject)}</strong></p><p>{html.escape(a.text)}</p>'
                         f'<p>Fired {a.fired_at:%d %b %Y %H:%M} UTC. '
                         f'<a href="{html.escape(url, quote=True)}">Open the view</a></p></li>')
        parts.append(f"<h2>{html.escape(title)} ({len(mine)})</h2><ul>{''.join(items)}</ul>")
    if alerts.empty:
        text_lines.append("Nothing new: no rule has fired.")
        parts.append("<p>Nothing new: no rule has fired.</p>")
    footer = f"All alerts, with when each fired: {base}{ALERTS}"
    text_lines += ["", footer]
    parts.append(f'<p><a href="{html.escape(base + ALERTS, quote=True)}">All alerts, with when each fired</a></p>')
    body = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(subject)}</title>'
            f'</head><body><h1>{html.escape(subject)}</h1>{"".join(parts)}</body></html>')
    return Digest(role, subject, "\n".join(text_lines) + "\n", body, alerts, since)


def send(store: Store, digest: Digest, to: Sequence[str], *, email: Email | None = None) -> None:
    """Send through the configured SMTP server and log it in `digests` (nothing is logged if sending fails)."""
    email = email or get_settings().email
    if not email.host:
        raise ValueError("no SMTP server: set [email] host (and port, from) in dashboard.toml")
    if not email.sender:
        raise ValueError("no sender: set [email] from in dashboard.toml")
    if not to:
        raise ValueError(f"no recipients for the {digest.role} digest: give --to or set [email] {digest.role}s")
    message = digest.message(sender=email.sender, to=to)
    with smtplib.SMTP(email.host, email.port, timeout=30) as smtp:
        if email.starttls:
            smtp.starttls()
        if email.username:
            smtp.login(email.username, email.password)
        smtp.send_message(message)
    with store.transaction():
        store.execute('INSERT INTO "digests" (sent_at, role, recipients, alerts, subject) VALUES (?, ?, ?, ?, ?)',
                      [datetime.now(UTC).replace(tzinfo=None), digest.role, ", ".join(to), len(digest.alerts),
                       digest.subject])
