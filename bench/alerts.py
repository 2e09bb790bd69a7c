"""Alerte Décrets: one Gazette issue of 300 decrees matched against N readers' filters, then the whole send.

`run_alerts()` (called by `python -m bench --alerts`) drives everything from a process that never
imports Django; the steps run as subprocesses of this module:

- `prepare`: a database under `var/bench-alerts/<N>/` (or `--database-url`) with the mailing bench's N
  readers (`bench.mailing.prepare`), the 26 ministries of the demo, one issue of 300 decrees with
  realistic titles, and Alerte Décrets filters for 40 % of the readers (ministries, categories and
  keywords, popular choices more common), all created set-based once and reused; the issue's alert
  of an earlier run is dropped and its decrees unpublished;
- `match`: in-process, the set-based matching (`alerts.sending.plan_parts`: the distinct filters,
  one mask each, grouped by the set of decrees they select) timed over several runs, against the
  baseline in the same process: every reader's filter tried on every decree in Python
  (`alerts.matching.matches`); the two must agree reader by reader;
- `publish`: `publish_gazette_issue` and the task `send_decree_alert` timed (matching, the issue
  rendered once, a variant per part, the campaign and its snapshot), its task queue left alone;
- `worker`: the alert's campaign sent to the SMTP sink of the mailing bench by `Sender`, each worker
  over many connections, as for an edition;
- `finish`: what the database recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.environment import PROJECT_DIR, BenchError, bench_env, run_courrier, run_json_module
from bench.mailing import BENCH_DOMAIN, SinkProcess, setup_django

DECREES = 300
FILTERED_SHARE = 0.40
SEED = 20190213
ISSUE_DAY = dt.date(1999, 2, 17)  # a Wednesday, long before any real or demo issue of the register
MADE_ON = dt.date(1999, 2, 10)
ISSUE_VOLUME, ISSUE_NUMBER = 131, 7
FIRST_NUMBER = 5001
MATCH_RUNS = 5
WORKER_TIMEOUT_SECONDS = 1_800

CATEGORY_WEIGHTS = {
    "appointment": 34,
    "administrative": 18,
    "regulation": 16,
    "financial_aid": 13,
    "agreement": 9,
    "commencement": 5,
    "other": 5,
}
TOPICS = [
    ("la santé et la sécurité du travail", "S-2.1"),
    ("la qualité de l'environnement", "Q-2"),
    ("les mines", "M-13.1"),
    ("l'aménagement durable du territoire forestier", "A-18.1"),
    ("les services de garde éducatifs à l'enfance", "S-4.1.1"),
    ("l'instruction publique", "I-13.3"),
    ("la sécurité routière", "C-24.2"),
    ("les normes du travail", "N-1.1"),
    ("Hydro-Québec", "H-5"),
    ("la protection du consommateur", "P-40.1"),
    ("les permis d'alcool", "P-9.1"),
    ("la fiscalité municipale", "F-2.1"),
    ("l'assurance médicaments", "A-29.01"),
    ("les services de santé et les services sociaux", "S-4.2"),
    ("la conservation du patrimoine naturel", "C-61.01"),
    ("l'aide aux personnes et aux familles", "A-13.1.1"),
    ("les transports", "T-12"),
    ("l'énergie", "R-6.01"),
]
BODIES = [
    "la Société de l'assurance automobile du Québec",
    "Investissement Québec",
    "la Société québécoise des infrastructures",
    "l'Autorité des marchés financiers",
    "la Régie de l'énergie",
    "Santé Québec",
    "la Commission des normes, de l'équité, de la santé et de la sécurité du travail",
    "Bibliothèque et Archives nationales du Québec",
    "la Société des établissements de plein air du Québec",
    "Loto-Québec",
]
PLACES = ["Rimouski", "Trois-Rivières", "Saguenay", "Gatineau", "Sherbrooke", "Lévis", "Val-d'Or", "Gaspé"]
PEOPLE = ["Émilie Bélanger", "François Côté", "Hélène Lévesque", "Jérôme Gagné", "Anaïs Bérubé", "Noël Fortin"]
# What readers type, accents or not: « sante » and « Santé » must find the same decrees.
KEYWORDS = [
    "santé",
    "sante",
    "Santé",
    "environnement",
    "mines",
    "forêt",
    "foret",
    "énergie",
    "Hydro-Québec",
    "hydro-quebec",
    "travail",
    "école",
    "instruction publique",
    "consommateur",
    "alcool",
    "transports",
    "nomination",
    "aide financière",
    "aide financiere",
    "Investissement Québec",
    "Loto-Québec",
    "Gaspé",
    "patrimoine",
    "médicaments",
    "garde éducatifs",
]


def var_dir_for(readers: int) -> Path:
    path = PROJECT_DIR / "var" / "bench-alerts" / str(readers)
    path.mkdir(parents=True, exist_ok=True)
    return path


def zipf_weights(count: int) -> list[float]:
    """Popular choices far more common than rare ones (the first ministries of the demo list lead)."""
    return [1.0 / (rank + 1) for rank in range(count)]


def distinct_sample(generator: random.Random, items: list[Any], weights: list[float], count: int) -> list[Any]:
    chosen: list[Any] = []
    while len(chosen) < count:
        item = generator.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


# Inside Django (subprocesses) ----------------------------------------------------------------


def decree_title(generator: random.Random, category: str, number: int) -> tuple[str, str]:
    topic, chapter = generator.choice(TOPICS)
    statute = f"Loi sur {topic} (chapitre {chapter})"
    if category == "appointment":
        return f"Concernant la nomination de {generator.choice(PEOPLE)} comme membre de {generator.choice(BODIES)}", ""
    if category == "regulation":
        return f"Règlement modifiant le Règlement d'application de la Loi sur {topic}", statute
    if category == "financial_aid":
        return f"Concernant l'octroi d'une aide financière à la Ville de {generator.choice(PLACES)}", statute
    if category == "agreement":
        return f"Concernant une entente entre le gouvernement du Québec et {generator.choice(BODIES)}", statute
    if category == "commencement":
        return f"Concernant l'entrée en vigueur de dispositions de la Loi sur {topic}", ""
    if category == "administrative":
        return f"Concernant la rémunération des membres de {generator.choice(BODIES)} ({number})", ""
    return f"Concernant {topic} à {generator.choice(PLACES)}", ""


def prepare_issue() -> dict[str, Any]:
    """The demo ministries and one issue of 300 decrees (created once)."""
    from django.db import transaction

    from courrier.parliament.demo import MINISTRIES
    from courrier.parliament.models import Decree, DecreeMinistry, GazetteIssue, Ministry

    with transaction.atomic():
        for data in MINISTRIES:
            Ministry.objects.get_or_create(
                acronym=data.acronym, defaults={"name": data.name, "slug": data.acronym.lower()}
            )
        issue, _created = GazetteIssue.objects.get_or_create(
            part=2, volume=ISSUE_VOLUME, number=ISSUE_NUMBER, defaults={"published_on": ISSUE_DAY}
        )
        if Decree.objects.filter(gazette_issue=issue).count() != DECREES:
            Decree.objects.filter(gazette_issue=issue).delete()
            generator = random.Random(SEED)
            ministries = list(Ministry.objects.filter(acronym__in=[m.acronym for m in MINISTRIES]))
            ministries.sort(key=lambda ministry: [m.acronym for m in MINISTRIES].index(ministry.acronym))
            weights = zipf_weights(len(ministries))
            decrees, links = [], []
            for offset in range(DECREES):
                category = generator.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
                title, statute = decree_title(generator, category, FIRST_NUMBER + offset)
                decrees.append(
                    Decree(
                        number=FIRST_NUMBER + offset,
                        year=MADE_ON.year,
                        made_on=MADE_ON,
                        title=title,
                        category=category,
                        enabling_statute=statute,
                        gazette_issue=issue,
                        page=100 + 3 * offset,
                    )
                )
                links.append(distinct_sample(generator, ministries, weights, 2 if generator.random() < 0.15 else 1))
            created = Decree.objects.bulk_create(decrees)
            DecreeMinistry.objects.bulk_create(
                DecreeMinistry(decree_id=decree.pk, ministry_id=ministry.pk)
                for decree, chosen in zip(created, links, strict=True)
                for ministry in chosen
            )
    return {"issue": issue.pk, "ministries": Ministry.objects.count()}


def reader_criteria(generator: random.Random, ministry_ids: list[int]) -> tuple[list[int], list[str], str] | None:
    """One reader's filters: none for most; else ministries, categories, keywords or a mix."""
    if generator.random() >= FILTERED_SHARE:
        return None
    weights = zipf_weights(len(ministry_ids))
    categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    kinds = ["ministries", "categories", "both", "keywords", "ministries+keywords"]
    kind = generator.choices(kinds, [55, 15, 15, 10, 5])[0]
    chosen_ministries: list[int] = []
    chosen_categories: list[str] = []
    keywords = ""
    if kind in ("ministries", "both", "ministries+keywords"):
        chosen_ministries = distinct_sample(generator, ministry_ids, weights, generator.choice([1, 1, 1, 2, 2, 3]))
    if kind in ("categories", "both"):
        chosen_categories = distinct_sample(generator, categories, category_weights, generator.choice([1, 1, 2]))
    if kind in ("keywords", "ministries+keywords"):
        typed = distinct_sample(generator, KEYWORDS, zipf_weights(len(KEYWORDS)), generator.choice([1, 1, 2]))
        keywords = ", ".join(typed)
    return chosen_ministries, chosen_categories, keywords


def prepare(readers: int) -> dict[str, Any]:
    """Readers (the mailing bench's), the issue, and the filters; an earlier run's alert dropped."""
    from bench.mailing import prepare as prepare_readers

    started = time.perf_counter()
    prepared = prepare_readers(readers)  # sets Django up
    from django.db import transaction

    from courrier.accounts.models import User
    from courrier.alerts.matching import Criteria
    from courrier.alerts.models import DecreeAlert, DecreeAlertFilter
    from courrier.mailing.models import Campaign
    from courrier.parliament.models import Decree, Ministry

    issue = prepare_issue()
    with transaction.atomic():
        campaigns = list(DecreeAlert.objects.filter(issue=issue["issue"]).values_list("campaign", flat=True))
        DecreeAlert.objects.filter(issue=issue["issue"]).delete()
        Campaign.objects.filter(pk__in=campaigns).delete()
        Decree.objects.filter(gazette_issue=issue["issue"]).update(published_at=None)
    users = list(User.objects.filter(email__endswith="@" + BENCH_DOMAIN).order_by("email").values_list("pk", flat=True))
    if DecreeAlertFilter.objects.filter(user__in=users).count() != round_filters(users):
        DecreeAlertFilter.objects.all().delete()
        generator = random.Random(SEED + readers)
        ministry_ids = list(Ministry.objects.order_by("pk").values_list("pk", flat=True))
        rows, chosen = [], []
        for user_id in users:
            picked = reader_criteria(generator, ministry_ids)
            if picked is None:
                continue
            ministries, categories, keywords = picked
            criteria = Criteria.of(ministries=ministries, categories=categories, keywords=keywords)
            rows.append(
                DecreeAlertFilter(
                    user_id=user_id,
                    categories=sorted(categories),
                    keywords=keywords,
                    criteria=criteria.as_json(),
                    signature=criteria.signature,
                )
            )
            chosen.append(ministries)
        through = DecreeAlertFilter.ministries.through
        with transaction.atomic():
            created = DecreeAlertFilter.objects.bulk_create(rows, batch_size=2_000)
            through.objects.bulk_create(
                (
                    through(decreealertfilter_id=row.pk, ministry_id=ministry)
                    for row, ministries in zip(created, chosen, strict=True)
                    for ministry in ministries
                ),
                batch_size=5_000,
            )
    return {
        **prepared,
        **issue,
        "filters": DecreeAlertFilter.objects.count(),
        "distinct_filters": DecreeAlertFilter.objects.values("signature").distinct().count(),
        "seconds": round(time.perf_counter() - started, 2),
    }


def round_filters(users: list[int]) -> int:
    """How many filters `prepare` makes for these readers (the same generator, replayed)."""
    generator = random.Random(SEED + len(users))
    from courrier.parliament.models import Ministry

    ministry_ids = list(Ministry.objects.order_by("pk").values_list("pk", flat=True))
    return sum(reader_criteria(generator, ministry_ids) is not None for _user in users)


def bench_issue() -> Any:
    from courrier.parliament.models import GazetteIssue

    return GazetteIssue.objects.get(part=2, volume=ISSUE_VOLUME, number=ISSUE_NUMBER)


def match() -> dict[str, Any]:
    """The set-based matching against the per-reader baseline, in this one process."""
    setup_django()
    from django.db.models import Exists, OuterRef

    from courrier.alerts.email import AlertContent
    from courrier.alerts.matching import EMPTY, Criteria, matches
    from courrier.alerts.models import DecreeAlertFilter
    from courrier.alerts.sending import alert_publication, plan_parts
    from courrier.editions.recipients import recipients

    publication = alert_publication()
    assert publication is not None
    issue = bench_issue()
    started = time.perf_counter()
    content = AlertContent.of(issue)
    load_seconds = time.perf_counter() - started
    readers = recipients(publication)

    timings = []
    for _run in range(MATCH_RUNS):
        started = time.perf_counter()
        parts = plan_parts(content.index, readers)
        timings.append(time.perf_counter() - started)

    # Baseline: every reader, every decree, in Python.
    started = time.perf_counter()
    criteria_of = {
        user_id: Criteria.from_json(criteria)
        for user_id, criteria in DecreeAlertFilter.objects.filter(user__in=readers.values("pk")).values_list(
            "user", "criteria"
        )
    }
    reader_ids = list(readers.values_list("pk", flat=True))
    baseline = {}
    for user_id in reader_ids:
        criteria = criteria_of.get(user_id, EMPTY)
        selected = tuple(decree.pk for decree in content.index.decrees if matches(decree, criteria))
        if selected:
            baseline[user_id] = selected
    baseline_seconds = time.perf_counter() - started

    # The two must agree, reader by reader.
    by_signature = {signature: part for part in parts for signature in part.signatures}
    unfiltered = set(
        readers.filter(~Exists(DecreeAlertFilter.objects.filter(user=OuterRef("pk")))).values_list("pk", flat=True)
    )
    signature_of = dict(DecreeAlertFilter.objects.filter(user__in=reader_ids).values_list("user", "signature"))
    fast = {}
    for user_id in reader_ids:
        if user_id in unfiltered:
            mask = content.index.everything
        else:
            part = by_signature.get(signature_of[user_id])
            mask = part.mask if part else 0
        if mask:
            fast[user_id] = tuple(content.index.decree_ids(mask))
    sizes = sorted((len(content.index.decree_ids(part.mask)) for part in parts), reverse=True)
    best = min(timings)
    return {
        "decrees": len(content.decrees),
        "readers": len(reader_ids),
        "filtered_readers": len(criteria_of),
        "distinct_filters": len(set(signature_of.values())),
        "parts": len(parts),
        "receiving": len(fast),
        "receiving_nothing": len(reader_ids) - len(fast),
        "largest_parts": sizes[:5],
        "parts_of_one_decree": sizes.count(1),
        "readers_per_part_median": sorted(Counter(fast.values()).values())[len(parts) // 2] if parts else 0,
        "content_load_s": round(load_seconds, 4),
        "matching_s": round(best, 4),
        "matching_runs_s": [round(value, 4) for value in timings],
        "baseline_s": round(baseline_seconds, 3),
        "ratio_baseline_to_matching": round(baseline_seconds / best, 1) if best else None,
        "agrees_with_baseline": fast == baseline,
    }


def publish() -> dict[str, Any]:
    """`publish_gazette_issue` and the alert's start timed, with the rendering and the snapshot timed inside."""
    setup_django()
    from django.test import override_settings

    from courrier.alerts import actions, sending
    from courrier.mailing import actions as mailing
    from courrier.mailing.message import CampaignMessage
    from courrier.mailing.models import CampaignVariant

    spent = {"render": 0.0, "snapshot": 0.0}

    def timed(function: Any, key: str) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - began

        return run

    # Instrumented in place: the rendering (once per issue, then each variant's sections) and the snapshot.
    sending.AlertRendering.__init__ = timed(sending.AlertRendering.__init__, "render")
    sending.AlertRendering.variant = timed(sending.AlertRendering.variant, "render")
    mailing.start_campaign = timed(mailing.start_campaign, "snapshot")
    # The bench's own workers send; no task should wait in the queue afterwards.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        started = time.perf_counter()
        result = actions.publish_gazette_issue(issue=bench_issue(), by=None)
        publish_seconds = time.perf_counter() - started
        assert result.alert is not None
        started = time.perf_counter()
        alert = sending.start_alert(alert=result.alert)  # what the task `send_decree_alert` does
        seconds = time.perf_counter() - started
    campaign = alert.campaign
    variants = list(CampaignVariant.objects.filter(campaign=campaign)) if campaign is not None else []
    stored = len(campaign.html) + len(campaign.text) if campaign is not None else 0
    stored += sum(len(json.dumps(variant.sections)) + len(json.dumps(variant.replacements)) for variant in variants)
    everything = CampaignMessage(campaign, variants[0]) if campaign is not None and variants else None
    return {
        "alert": alert.pk,
        "campaign": campaign.pk if campaign is not None else None,
        "variants": len(variants),
        "recipients": campaign.total if campaign is not None else 0,
        "publish_s": round(publish_seconds, 3),
        "start_s": round(seconds, 3),
        "render_s": round(spent["render"], 3),
        "snapshot_s": round(spent["snapshot"], 3),
        "other_s": round(seconds - spent["render"] - spent["snapshot"], 3),
        "stored_bodies_mb": round(stored / 1e6, 2),
        "largest_html_kb": round(len(everything.html.encode()) / 1e3, 1) if everything else None,
        "largest_is_digest": bool(everything and "__ALERTE_" not in everything.html and "Voir les" in everything.html),
    }


def work(campaign_id: int, connections: int) -> None:
    """Send the alert's campaign with the other workers, over many connections, as for an edition."""
    setup_django()
    from courrier.mailing.sender import Sender

    Sender(connections=connections).run_until_done(campaign_id, poll_seconds=0.2)


def finish(campaign_id: int) -> dict[str, Any]:
    setup_django()
    from django.db.models import Count, Max, Min

    from courrier.mailing.models import Campaign, Delivery, DeliveryStatus

    deliveries = Delivery.objects.filter(campaign_id=campaign_id)
    span = deliveries.filter(status=DeliveryStatus.SENT).aggregate(first=Min("sent_at"), last=Max("sent_at"))
    statuses = dict(deliveries.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    emails = sorted(deliveries.filter(status=DeliveryStatus.SENT).values_list("email", flat=True))
    seconds = (span["last"] - span["first"]).total_seconds() if span["first"] else None
    return {
        "campaign_status": Campaign.objects.get(pk=campaign_id).status,
        "statuses": statuses,
        "sending_span_s": round(seconds, 3) if seconds is not None else None,
        "recipients_sha256": hashlib.sha256("\n".join(emails).encode()).hexdigest(),
    }


# The driver (no Django) ----------------------------------------------------------------------


def send_alert(env: dict[str, str], campaign_id: int, expected: int, workers: int, connections: int) -> dict[str, Any]:
    sink = SinkProcess(0.0)
    try:
        worker_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
        launched = time.perf_counter()
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bench.alerts",
                    "worker",
                    "--campaign",
                    str(campaign_id),
                    "--connections",
                    str(connections),
                ],
                env=worker_env,
                cwd=PROJECT_DIR,
                stdout=subprocess.DEVNULL,
            )
            for _worker in range(workers)
        ]
        codes = [process.wait(timeout=WORKER_TIMEOUT_SECONDS) for process in processes]
        wall = time.perf_counter() - launched
        if any(codes):
            raise BenchError(f"A sending worker failed (exit statuses {codes}).")
        received = sink.ask("stats")
        recorded = run_json_module(env, "bench.alerts", "finish", "--campaign", str(campaign_id))
    finally:
        sink.stop()
    verified = (
        received["messages"] == expected
        and received["distinct_recipients"] == expected
        and received["duplicates"] == 0
        and received["with_placeholders"] == 0
        and received["recipients_sha256"] == recorded["recipients_sha256"]
        and recorded["campaign_status"] == "sent"
    )
    return {
        "wall_s": round(wall, 2),
        "rate": round(expected / wall, 1) if wall else None,
        "sending_span_s": recorded["sending_span_s"],
        "received": {key: value for key, value in received.items() if key not in ("recipients_sha256", "cpu_s")},
        "database": {key: value for key, value in recorded.items() if key != "recipients_sha256"},
        "verified": verified,
    }


def run_alerts(
    readers: int, *, database_url: str | None = None, workers: int = 2, connections: int = 32, send: bool = True
) -> dict[str, Any]:
    """The Alerte Décrets section of the bench: prepare, match against the baseline, publish, send."""
    env = bench_env(var_dir_for(readers), database_url)
    run_courrier(env, "migrate", "--no-input", "-v", "0")
    print(f"Preparing {readers} readers, their Alerte Décrets filters and an issue of {DECREES} decrees…", flush=True)
    prepared = run_json_module(env, "bench.alerts", "prepare", "--readers", str(readers))
    print("Matching the issue against every reader's filters (set-based, then the per-reader baseline)…", flush=True)
    matched = run_json_module(env, "bench.alerts", "match")
    print("Publishing the issue (one campaign, a variant per distinct set of decrees)…", flush=True)
    published = run_json_module(env, "bench.alerts", "publish")
    results: dict[str, Any] = {
        "readers": readers,
        "decrees": DECREES,
        "filters": prepared["filters"],
        "prepare_s": prepared["seconds"],
        "match": matched,
        "publish": published,
        "workers": workers,
        "connections_per_worker": connections,
    }
    if published["recipients"] != matched["receiving"]:
        raise BenchError(
            f"The campaigns hold {published['recipients']} readers; matching found {matched['receiving']}."
        )
    if send and published["campaign"]:
        print(f"Sending {published['recipients']} messages in {published['variants']} variants to an SMTP sink…")
        results["send"] = send_alert(env, published["campaign"], published["recipients"], workers, connections)
    return results


def render_alerts(alerts: dict[str, Any]) -> list[str]:
    matched, published = alerts["match"], alerts["publish"]
    lines = [
        f"Alerte Décrets: one issue of {matched['decrees']} decrees, {matched['readers']} readers "
        f"({matched['filtered_readers']} with filters, {matched['distinct_filters']} distinct)",
        f"  matching (set-based)      {1000 * matched['matching_s']:>9.1f} ms  best of "
        f"{len(matched['matching_runs_s'])}; {matched['parts']} distinct sets = variants of one campaign",
        f"  baseline (reader x decree){1000 * matched['baseline_s']:>9.1f} ms  "
        f"x{matched['ratio_baseline_to_matching']} the set-based time; "
        + ("agree reader by reader" if matched["agrees_with_baseline"] else "DISAGREE"),
        f"  receiving: {matched['receiving']}, nothing this issue: {matched['receiving_nothing']}; largest sets "
        f"{matched['largest_parts']}, sets of one decree: {matched['parts_of_one_decree']}",
        f"  publish_gazette_issue     {published['publish_s']:>9.2f} s   the admin's request: decrees published, alert "
        f"created, its task enqueued",
        f"  send_decree_alert task    {published['start_s']:>9.2f} s   {published['variants']} variants: render "
        f"{published['render_s']:.2f} s, snapshot {published['snapshot_s']:.2f} s, other {published['other_s']:.2f} s",
        f"  bodies stored {published['stored_bodies_mb']} MB; the largest variant's HTML "
        f"{published['largest_html_kb']} kB" + (" (a digest)" if published["largest_is_digest"] else ""),
    ]
    send = alerts.get("send")
    if send:
        received = send["received"]
        check = (
            "OK: every recipient once"
            if send["verified"]
            else f"FAILED: {received['distinct_recipients']} distinct, {received['duplicates']} duplicates, "
            f"{received['with_placeholders']} with placeholders, database {send['database']}"
        )
        lines.append(
            f"  send to the SMTP sink      {send['wall_s']:>8.2f} s   {send['rate']} msg/s "
            f"({alerts['workers']} workers x {alerts['connections_per_worker']} connections)  {check}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.alerts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare").add_argument("--readers", type=int, required=True)
    commands.add_parser("match")
    commands.add_parser("publish")
    worker = commands.add_parser("worker")
    worker.add_argument("--campaign", type=int, required=True)
    worker.add_argument("--connections", type=int, default=1)
    commands.add_parser("finish").add_argument("--campaign", type=int, required=True)
    run = commands.add_parser("run", help="only the Alerte Décrets bench; prints the table and the JSON")
    run.add_argument("--readers", type=int, default=50_000)
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--connections", type=int, default=32)
    run.add_argument("--no-send", action="store_true", help="stop after publishing")
    run.add_argument("--database-url")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courrier.settings")
    if options.command == "prepare":
        print(json.dumps(prepare(options.readers)))
    elif options.command == "match":
        print(json.dumps(match()))
    elif options.command == "publish":
        print(json.dumps(publish()))
    elif options.command == "worker":
        work(options.campaign, options.connections)
    elif options.command == "finish":
        print(json.dumps(finish(options.campaign)))
    else:
        results = run_alerts(
            options.readers,
            database_url=options.database_url,
            workers=options.workers,
            connections=options.connections,
            send=not options.no_send,
        )
        print("\n".join(render_alerts(results)))
        print(json.dumps(results))


if __name__ == "__main__":
    main()
