"""`courrier serve`: the whole embedded Courrier in one command.

Migrates, loads the demo content into an empty database, then runs the
production web server (granian), a task worker and the scheduler side by side
until Ctrl-C, or until one of them dies, which stops the others.

It first makes sure nothing listens on its port: granian binds with SO_REUSEPORT,
so a second server on a taken port would start and silently take a share of the
first one's connections.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from courrier.operations.demo import (
    ENDED_READER_EMAIL,
    ORGANIZATION_ADMIN_EMAIL,
    READER_EMAIL,
    STAFF_EMAIL,
    TRIAL_READER_EMAIL,
    demo_is_loaded,
    demo_password,
    demo_password_is_chosen,
)

STOP_GRACE_SECONDS = 10


class PortTaken(CommandError):
    """Another process listens on the address `serve` was asked to bind."""


def ensure_port_free(host: str, port: int) -> None:
    """Bind `host:port` once, without SO_REUSEPORT, and let go: `PortTaken` if anything holds it.

    SO_REUSEADDR only lets a server restart over its predecessor's closed (TIME_WAIT)
    connections; on Linux it never allows sharing a port someone still listens on.
    """
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise CommandError(
            _("L'adresse « %(host)s » est inconnue (%(reason)s).") % {"host": host, "reason": error.strerror}
        ) from error
    family, kind, protocol, _name, address = addresses[0]
    with socket.socket(family, kind, protocol) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortTaken(
                    _(
                        "Le port %(port)s est déjà utilisé sur %(host)s : un autre serveur (peut-être un autre "
                        "« courrier serve ») l'écoute déjà. Arrêtez-le, ou choisissez un autre port "
                        "(par exemple PORT=%(other)s make run, ou courrier serve --port %(other)s)."
                    )
                    % {"port": port, "host": host, "other": port + 1}
                ) from error
            raise CommandError(
                _("Impossible d'écouter sur %(host)s:%(port)s (%(reason)s).")
                % {"host": host, "port": port, "reason": error.strerror}
            ) from error


class Command(BaseCommand):
    help = "Run Courrier: web server, task worker and scheduler together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--task-workers", type=int, default=int(os.environ.get("TASK_WORKERS", "1")))
        parser.add_argument("--no-scheduler", action="store_true", help="Do not run the scheduler here.")
        parser.add_argument("--no-demo", action="store_true", help="Do not load demo content.")
        parser.add_argument("--no-setup", action="store_true", help="Skip migrate and collectstatic.")

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_port_free(options["host"], options["port"])
        if not options["no_setup"]:
            self.stdout.write("Mise à jour de la base de données…")
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        if not options["no_demo"] and not demo_is_loaded():
            self.stdout.write("Chargement du contenu de démonstration (une seule fois)…")
            call_command("load_demo", no_login_details=True, stdout=self.stdout)  # the welcome below says them
        processes = self._start(options)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nCourrier est en marche : {url}\n") + f"  Administration : {url}admin/")
        if demo_is_loaded() and not options["no_demo"]:
            password = "la valeur de COURRIER_DEMO_PASSWORD" if demo_password_is_chosen() else demo_password()
            self.stdout.write(f"  Rédaction : {STAFF_EMAIL} · lecteur : {READER_EMAIL}")
            self.stdout.write(
                f"  Administratrice de l'organisation : {ORGANIZATION_ADMIN_EMAIL} · "
                f"essai : {TRIAL_READER_EMAIL} · licence terminée : {ENDED_READER_EMAIL}"
            )
            self.stdout.write(
                f"  Courriels envoyés : {settings.SITE_URL}/admin/courriels/ (et {settings.EMAIL_FILE_PATH})"
            )
            self.stdout.write(f"  Mot de passe de démonstration : {password}")
        self.stdout.write("  Ctrl-C pour arrêter.\n")
        self._supervise(processes)

    def _start(self, options: dict[str, Any]) -> dict[str, subprocess.Popen]:
        python = sys.executable
        commands = {
            "web": [
                python,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                options["host"],
                "--port",
                str(options["port"]),
                "--workers",
                str(options["web_workers"]),
                "--blocking-threads",
                str(options["threads"]),
                "--no-ws",
                "courrier.wsgi:application",
            ],
        }
        for number in range(options["task_workers"]):
            commands[f"worker-{number + 1}"] = [python, "-m", "courrier", "db_worker", "--no-reload", "--interval", "1"]
        if not options["no_scheduler"]:
            commands["scheduler"] = [python, "-m", "courrier", "scheduler"]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "courrier.settings")}
        # Each child leads its own process group: Ctrl-C reaches only this supervisor,
        # which then stops every child once, and can kill a child's stray workers.
        return {
            name: subprocess.Popen(command, env=env, process_group=0)  # noqa: S603
            for name, command in commands.items()
        }

    def _supervise(self, processes: dict[str, subprocess.Popen]) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        failed = None
        while not stopping:
            failed = next((name for name, process in processes.items() if process.poll() is not None), None)
            if failed:
                self.stderr.write(f"Le processus « {failed} » s'est arrêté ; arrêt de Courrier.")
                break
            time.sleep(0.5)
        self._stop(processes)
        if failed:
            sys.exit(1)
        self.stdout.write("Courrier est arrêté.")

    def _stop(self, processes: dict[str, subprocess.Popen]) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"Arrêt forcé du processus {process.pid}.")
            _kill_group(process)


def _kill_group(process: subprocess.Popen) -> None:
    """Kill whatever is left of a child's process group (a server's own workers)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
