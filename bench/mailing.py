"""Mass mailing: an edition-like campaign to N recipients, sent by worker processes to an SMTP sink on loopback.

`run_mailing()` (called by `python -m bench --mailing`) drives everything from a process
that never imports Django; the steps run as subprocesses of this module:

- `prepare`: a database under `var/bench-mailing/<N>/` (or `--database-url`) with N
  readers across 1,000 organisations (users, memberships, verified addresses, one
  licence each), created set-based once and reused;
- `sink`: aiosmtpd on 127.0.0.1 in its own process (it must not take the workers'
  GIL) on uvloop's event loop, answering at once or after a delay added to every reply,
  counting recipients;
- `start`: a campaign to the `entitled` audience, `start_campaign` timed (the snapshot);
- `worker`: `courrier send_pending --until-done` for that campaign, with the
  connections per worker given;
- `finish`: what the database recorded.

Then the raw limit: one message as the pipeline renders it, pushed with `smtplib` over
one reused connection to the same sink, for a few seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import collections
import datetime as dt
import hashlib
import json
import os
import resource
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.environment import PROJECT_DIR, BenchError, bench_env, run_courrier, run_json_module

ORGANISATIONS = 1_000
CREATE_CHUNK = 5_000
BENCH_DOMAIN = "banc-essai.exemple.qc.ca"
CAMPAIGN_PREFIX = "Banc d'essai"
FIRST_NAMES = ["Éloïse", "Benoît", "Geneviève", "François", "Anaïs", "Jérôme", "Hélène", "Noël", "Zoé", "Léo"]
LAST_NAMES = ["Côté", "Bélanger", "Gagné", "Lévesque", "Bérubé", "Tremblay", "Pelletier", "Fortin", "Ouellet"]
RAW_SECONDS = 3.0
WORKER_TIMEOUT_SECONDS = 1_800
LICENCE_PAST, LICENCE_FUTURE = dt.timedelta(days=30), dt.timedelta(days=3650)
MODES = {"instant": 0.0, "relay-5ms": 0.005}
TARGET_RATE = 1_000  # messages per second, end to end, against the 5 ms relay


def var_dir_for(recipients: int) -> Path:
    path = PROJECT_DIR / "var" / "bench-mailing" / str(recipients)
    path.mkdir(parents=True, exist_ok=True)
    return path


# The SMTP sink (its own process) -----------------------------------------------------------


class Counting:
    """Counts recipients and messages; never parses a message (the sink must stay cheap)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.recipients: collections.Counter[str] = collections.Counter()
            self.messages = 0
            self.with_placeholders = 0
            self.bytes = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        with self.lock:
            self.messages += 1
            self.bytes += len(content)
            if b"__COURRIER_" in content:
                self.with_placeholders += 1
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"

    def stats(self) -> dict[str, Any]:
        with self.lock:
            distinct = sorted(self.recipients)
            return {
                "messages": self.messages,
                "distinct_recipients": len(distinct),
                "duplicates": sum(count - 1 for count in self.recipients.values() if count > 1),
                "with_placeholders": self.with_placeholders,
                "bytes": self.bytes,
                "recipients_sha256": hashlib.sha256("\n".join(distinct).encode()).hexdigest(),
                "cpu_s": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 2),
            }


def serve_sink(delay: float) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    class DelayedSMTP(SMTP):
        async def push(self, status: Any) -> None:
            if delay:
                await asyncio.sleep(delay)  # a relay's latency, on every reply
            await super().push(status)

    class SinkController(Controller):
        def factory(self) -> SMTP:
            return DelayedSMTP(self.handler, **self.SMTP_kwargs)

    import uvloop

    from bench.server import free_port

    handler = Counting()
    port = free_port()
    # uvloop: the relay being modelled is a C program (Postfix and the like); on asyncio's own loop the sink
    # would take as much of this machine's two cores as the workers it measures.
    controller = SinkController(
        handler, hostname="127.0.0.1", port=port, ready_timeout=10, loop=uvloop.new_event_loop()
    )
    controller.start()
    print(json.dumps({"port": port}), flush=True)
    try:
        for line in sys.stdin:
            command = line.strip()
            if command == "stats":
                print(json.dumps(handler.stats()), flush=True)
            elif command == "reset":
                handler.reset()
                print(json.dumps({"reset": True}), flush=True)
    finally:
        controller.stop()


class SinkProcess:
    """The driver's handle on a sink subprocess."""

    def __init__(self, delay: float) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.mailing", "sink", "--delay", str(delay)],
            cwd=PROJECT_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(self._read()["port"])

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise BenchError(f"The SMTP sink exited (status {self.process.wait()}).")
        return json.loads(line)

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read()

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# Inside Django (subprocesses) ----------------------------------------------------------------


def setup_django() -> None:
    import django

    django.setup()


def prepare(recipients: int) -> dict[str, Any]:
    """N readers across 1,000 organisations, set-based; what exists is reused, old bench campaigns dropped."""
    setup_django()
    from allauth.account.models import EmailAddress
    from django.db import transaction
    from django.utils import timezone

    from courrier.accounts.models import User
    from courrier.licensing.models import Licence, Membership, MembershipStatus, Organization, organization_name_key
    from courrier.mailing.models import Campaign, Delivery

    started = time.perf_counter()
    Delivery.objects.filter(campaign__name__startswith=CAMPAIGN_PREFIX).delete()
    Campaign.objects.filter(name__startswith=CAMPAIGN_PREFIX).delete()
    today = timezone.localdate()
    with transaction.atomic():
        existing = set(Organization.objects.filter(name__startswith=CAMPAIGN_PREFIX).values_list("name", flat=True))
        names = [f"{CAMPAIGN_PREFIX} {number:04d}" for number in range(ORGANISATIONS)]
        Organization.objects.bulk_create(
            [Organization(name=name, name_key=organization_name_key(name)) for name in names if name not in existing]
        )
        organisations = dict(Organization.objects.filter(name__startswith=CAMPAIGN_PREFIX).values_list("name", "pk"))
        licensed = set(Licence.objects.valid_on(today).values_list("organization_id", flat=True))
        Licence.objects.bulk_create(
            Licence(organization_id=pk, starts_on=today - LICENCE_PAST, ends_on=today + LICENCE_FUTURE)
            for pk in organisations.values()
            if pk not in licensed
        )
    have = User.objects.filter(email__endswith="@" + BENCH_DOMAIN).count()
    for first in range(have, recipients, CREATE_CHUNK):
        numbers = range(first, min(recipients, first + CREATE_CHUNK))
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"lecteur{number:06d}@{BENCH_DOMAIN}",
                    first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                    last_name=f"{LAST_NAMES[number % len(LAST_NAMES)]}-{number}",
                    password="!",  # noqa: S106 - an unusable password
                )
                for number in numbers
            )
            Membership.objects.bulk_create(
                Membership(
                    user_id=user.pk,
                    organization_id=organisations[names[number % ORGANISATIONS]],
                    status=MembershipStatus.ACTIVE,
                )
                for number, user in zip(numbers, users, strict=True)
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True) for user in users
            )
    from courrier.licensing.entitlements import entitled_users

    return {
        "recipients": recipients,
        "created": max(0, recipients - have),
        "entitled": entitled_users().count(),
        "organisations": len(organisations),
        "seconds": round(time.perf_counter() - started, 2),
    }


def edition_like_bodies() -> tuple[str, str]:
    """An LCP-LAG-sized message: 16 articles in four rubriques, links carrying the reading token, CASL footer."""
    from courrier.mailing.message import placeholder_context

    values = placeholder_context()
    link = "https://courrierparlementaire.com/articles/{slug}/?lien=" + values["reading_token"]
    rubriques = ["Assemblée nationale", "Conseil des ministres", "Commissions parlementaires", "Décrets"]
    rows, lines = [], [f"Bonjour {values['recipient_name']},", "", "Voici LCP-LAG de ce matin.", ""]
    for number in range(16):
        slug = f"projet-de-loi-{number}-etude-detaillee-en-commission"
        title = f"Projet de loi no {number} : l'étude détaillée se poursuit en commission"
        lead = (
            "La ministre a déposé des amendements touchant la gouvernance des sociétés d'État ; "
            "l'opposition officielle réclame des consultations particulières avant l'adoption du principe."
        )
        href = link.format(slug=slug)
        rows.append(
            '<tr><td style="padding:12px 24px;font-family:Georgia,serif;color:#1a1a1a;border-bottom:1px solid #ddd">'
            f'<p style="margin:0;font-size:12px;color:#7a1f2b;text-transform:uppercase">{rubriques[number % 4]}</p>\n'
            f'<h2 style="margin:4px 0;font-size:18px"><a href="{href}" style="color:#1a1a1a">{title}</a></h2>\n'
            f'<p style="margin:0;font-size:15px;line-height:1.5">{lead}</p></td></tr>\n'
        )
        lines += [rubriques[number % 4].upper(), title, lead, f"Lire : {href}", ""]
    footer_html = (
        '<tr><td style="padding:24px;font-size:12px;color:#555">Courrier parlementaire, 1050, rue des Parlementaires, '
        "Québec (Québec) G1A 1A3 — 418 555-0100 — redaction@courrierparlementaire.com<br>\n"
        f"Envoyé à {values['recipient_email']}. "
        f'<a href="{values["unsubscribe_url"]}">Se désabonner de LCP-LAG</a></td></tr>\n'
    )
    html = (
        '<!DOCTYPE html><html lang="fr-CA"><head><meta charset="utf-8"><title>LCP-LAG</title></head>\n'
        '<body style="margin:0;background:#f4f1ea"><table role="presentation" width="100%" cellpadding="0"'
        ' cellspacing="0" style="max-width:640px;margin:0 auto;background:#fff">\n'
        f'<tr><td style="padding:24px"><p>Bonjour {values["recipient_name"]},</p></td></tr>\n'
        + "".join(rows)
        + footer_html
        + "</table></body></html>\n"
    )
    lines += [
        "--",
        "Courrier parlementaire, 1050, rue des Parlementaires, Québec (Québec) G1A 1A3 — 418 555-0100",
        f"Envoyé à {values['recipient_email']}. Se désabonner : {values['unsubscribe_url']}",
    ]
    return html, "\n".join(lines) + "\n"


def start(label: str) -> dict[str, Any]:
    """A campaign to everyone entitled; `start_campaign` timed. Also one message as the pipeline renders it."""
    setup_django()
    from django.test import override_settings

    from courrier.mailing import actions
    from courrier.mailing.message import CampaignMessage, Recipient
    from courrier.mailing.models import Delivery
    from courrier.mailing.raw import RawTemplate

    html, text = edition_like_bodies()
    campaign = actions.create_campaign(
        name=f"{CAMPAIGN_PREFIX} — {label}",
        audience="entitled",
        list_key="lcp-lag",
        list_id="LCP-LAG <lcp-lag.courrierparlementaire.com>",
        subject="LCP-LAG — Le courrier du matin",
        html=html,
        text=text,
        from_email="Courrier parlementaire <editeur@courrierparlementaire.com>",
        reply_to="redaction@courrierparlementaire.com",
        messages_per_second=0,
    )
    # The bench's own workers send; no task should wait in the queue afterwards.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        started = time.perf_counter()
        total = actions.start_campaign(campaign=campaign)
        snapshot = time.perf_counter() - started
    delivery = Delivery.objects.filter(campaign=campaign).select_related("user").first()
    assert delivery is not None
    raw = RawTemplate(CampaignMessage(campaign)).render(Recipient(email=delivery.email, user=delivery.user))
    return {
        "campaign": campaign.pk,
        "total": total,
        "snapshot_s": round(snapshot, 3),
        "message_bytes": len(raw.data),
        "sample": base64.b64encode(raw.data).decode("ascii"),
        "envelope_from": raw.envelope_from,
    }


def work(campaign_id: int, connections: int) -> None:
    """`courrier send_pending --campaign ID --until-done`, over `connections` connections.

    Says "ready" once Django is loaded, then waits for a line on stdin: a worker in production
    is already running when an edition is sent, so its start-up is not part of the sending.
    """
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    print("ready", round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 3), flush=True)
    sys.stdin.readline()
    knobs = {**getattr(settings, "COURRIER_MAILING", {}), "CONNECTIONS_PER_WORKER": connections}
    with override_settings(COURRIER_MAILING=knobs):
        call_command("send_pending", campaign=[campaign_id], until_done=True, poll_seconds=0.2)


def finish(campaign_id: int) -> dict[str, Any]:
    setup_django()
    from django.db.models import Count, Max, Min

    from courrier.mailing.models import Campaign, Delivery, DeliveryStatus

    campaign = Campaign.objects.get(pk=campaign_id)
    deliveries = Delivery.objects.filter(campaign=campaign)
    span = deliveries.filter(status=DeliveryStatus.SENT).aggregate(first=Min("sent_at"), last=Max("sent_at"))
    statuses = dict(deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    emails = sorted(deliveries.filter(status=DeliveryStatus.SENT).values_list("email", flat=True))
    seconds = (span["last"] - span["first"]).total_seconds() if span["first"] else None
    return {
        "status": campaign.status,
        "statuses": statuses,
        "sending_span_s": round(seconds, 3) if seconds is not None else None,
        "recipients_sha256": hashlib.sha256("\n".join(emails).encode()).hexdigest(),
        "workers": deliveries.values("leased_by").distinct().count(),
    }


# The driver (no Django) ----------------------------------------------------------------------


def raw_limit(port: int, data: bytes, envelope_from: str, seconds: float = RAW_SECONDS) -> dict[str, Any]:
    """The same message pushed with smtplib over one reused connection, for `seconds`."""
    client = smtplib.SMTP("127.0.0.1", port, timeout=30)
    try:
        client.ehlo()
        sent = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            client.sendmail(envelope_from, [f"brut{sent:07d}@{BENCH_DOMAIN}"], data)
            sent += 1
        elapsed = time.perf_counter() - started
    finally:
        client.quit()
    return {"messages": sent, "seconds": round(elapsed, 3), "rate": round(sent / elapsed, 1)}


def send_campaign(
    env: dict[str, str], label: str, delay: float, workers: int, connections: int, expected: int
) -> dict[str, Any]:
    sink = SinkProcess(delay)
    try:
        started = run_json_module(env, "bench.mailing", "start", "--label", label)
        if started["total"] != expected:
            raise BenchError(f"The snapshot holds {started['total']} recipients, not {expected}.")
        worker_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        command = [sys.executable, "-m", "bench.mailing", "worker", "--campaign", str(started["campaign"])]
        command += ["--connections", str(connections)]
        processes = [
            subprocess.Popen(
                command, env=worker_env, cwd=PROJECT_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
            for _number in range(workers)
        ]
        start_up_cpu = 0.0  # loading Django, before the clock starts
        for process in processes:
            assert process.stdout is not None
            said, _space, cpu = process.stdout.readline().partition(" ")
            if said != "ready":
                raise BenchError("A sending worker did not start.")
            start_up_cpu += float(cpu)
        sink_cpu = sink.ask("stats")["cpu_s"]
        launched = time.perf_counter()
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.close()
        codes, worker_cpu = [], -start_up_cpu
        for process in processes:
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            codes.append(process.returncode)
            worker_cpu += usage.ru_utime + usage.ru_stime
        wall = time.perf_counter() - launched
        if any(codes):
            raise BenchError(f"A sending worker failed (exit statuses {codes}).")
        received = sink.ask("stats")
        sink_cpu = received["cpu_s"] - sink_cpu
        sink.ask("reset")
        recorded = run_json_module(env, "bench.mailing", "finish", "--campaign", str(started["campaign"]))
        data = base64.b64decode(started["sample"])
        limit = raw_limit(sink.port, data, started["envelope_from"])
    finally:
        sink.stop()
    span = recorded["sending_span_s"]
    verified = (
        received["messages"] == expected
        and received["distinct_recipients"] == expected
        and received["duplicates"] == 0
        and received["with_placeholders"] == 0
        and received["recipients_sha256"] == recorded["recipients_sha256"]
        and recorded["status"] == "sent"
    )
    rate = expected / (started["snapshot_s"] + wall)
    return {
        "reply_delay_ms": delay * 1000,
        "snapshot_s": started["snapshot_s"],
        "message_bytes": started["message_bytes"],
        "wall_s": round(wall, 2),
        "rate": round(rate, 1),  # end to end: the snapshot, then from "go" to both workers exiting
        "sending_span_s": span,
        "sending_rate": round(expected / span, 1) if span else None,  # first to last message recorded sent
        "cpu_s": {"workers": round(worker_cpu, 2), "sink": round(sink_cpu, 2)},
        "raw_limit": limit,
        "ratio_to_raw_limit": round(rate / limit["rate"], 2) if limit["rate"] else None,
        "received": {key: value for key, value in received.items() if key not in ("recipients_sha256", "cpu_s")},
        "database": {key: value for key, value in recorded.items() if key != "recipients_sha256"},
        "verified": verified,
    }


def run_mailing(
    recipients: int, *, database_url: str | None = None, workers: int = 2, connections: int = 32
) -> dict[str, Any]:
    """The mailing section of the bench: prepare, then one campaign per sink mode."""
    env = bench_env(var_dir_for(recipients), database_url)
    run_courrier(env, "migrate", "--no-input", "-v", "0")
    print(f"Preparing {recipients} readers across {ORGANISATIONS} organisations…", flush=True)
    prepared = run_json_module(env, "bench.mailing", "prepare", "--recipients", str(recipients))
    if prepared["entitled"] != recipients:
        raise BenchError(f"The bench database holds {prepared['entitled']} entitled readers, not {recipients}.")
    results: dict[str, Any] = {
        "recipients": recipients,
        "organisations": prepared["organisations"],
        "prepare_s": prepared["seconds"],
        "workers": workers,
        "connections_per_worker": connections,
        "runs": {},
    }
    for label, delay in MODES.items():
        print(f"Sending to {recipients} over an SMTP sink ({label}), {workers} workers x {connections} connections…")
        results["runs"][label] = send_campaign(env, label, delay, workers, connections, recipients)
    return results


def render_mailing(mailing: dict[str, Any]) -> list[str]:
    lines = [
        f"Mailing: {mailing['recipients']} recipients across {mailing['organisations']} organisations, "
        f"{mailing['workers']} workers x {mailing['connections_per_worker']} connections, SMTP sink on loopback",
        f"  {'sink':<12}{'msg/s':>9}{'wall s':>9}{'sending/s':>11}{'snapshot s':>12}{'raw msg/s':>11}{'x raw':>8}"
        f"  check",
    ]
    for label, run in mailing["runs"].items():
        received = run["received"]
        check = (
            "OK: every recipient once"
            if run["verified"]
            else f"FAILED: {received['distinct_recipients']} distinct, {received['duplicates']} duplicates, "
            f"{received['with_placeholders']} with placeholders, database {run['database']['statuses']}"
        )
        lines.append(
            f"  {label:<12}{run['rate']:>9.1f}{run['wall_s']:>9.2f}{run['sending_rate'] or 0:>11.1f}"
            f"{run['snapshot_s']:>12.3f}{run['raw_limit']['rate']:>11.1f}"
            f"{run['ratio_to_raw_limit'] or 0:>8.2f}  {check}"
        )
    relay = mailing["runs"].get("relay-5ms")
    if relay:
        verdict = "met" if relay["rate"] >= TARGET_RATE else "NOT met"
        lines.append(f"  target: >= {TARGET_RATE:,} msg/s end to end against the 5 ms relay: {verdict}")
    lines += [
        "  msg/s: end to end, recipients / (snapshot + wall), wall from telling the started workers to send to both",
        "  exiting (the campaign finished);",
        "  sending/s: over the span from the first to the last message recorded sent; raw: one message with smtplib",
        "  over one reused connection to the same sink (x raw = msg/s / raw msg/s); snapshot: start_campaign.",
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.mailing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sink").add_argument("--delay", type=float, default=0.0)
    commands.add_parser("prepare").add_argument("--recipients", type=int, required=True)
    commands.add_parser("start").add_argument("--label", required=True)
    worker = commands.add_parser("worker")
    worker.add_argument("--campaign", type=int, required=True)
    worker.add_argument("--connections", type=int, default=1)
    commands.add_parser("finish").add_argument("--campaign", type=int, required=True)
    run = commands.add_parser("run", help="only the mailing bench; prints the table and the JSON")
    run.add_argument("--recipients", type=int, default=20_000)
    run.add_argument("--connections", type=int, default=32)
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--database-url")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courrier.settings")
    if options.command == "sink":
        serve_sink(options.delay)
    elif options.command == "prepare":
        print(json.dumps(prepare(options.recipients)))
    elif options.command == "start":
        print(json.dumps(start(options.label)))
    elif options.command == "worker":
        work(options.campaign, options.connections)
    elif options.command == "finish":
        print(json.dumps(finish(options.campaign)))
    else:
        results = run_mailing(
            options.recipients,
            database_url=options.database_url,
            workers=options.workers,
            connections=options.connections,
        )
        print("\n".join(render_mailing(results)))
        print(json.dumps(results))


if __name__ == "__main__":
    main()
