from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One scheduled job's run for one time slot.

    The unique (job, slot) pair makes scheduling idempotent: if two schedulers
    run, only the one that inserts the row enqueues the job.
    """

    job = models.CharField(_("tâche"), max_length=100)
    slot = models.DateTimeField(_("créneau"))
    enqueued_at = models.DateTimeField(_("mise en file"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="jobrun_unique_slot")]
        indexes = [models.Index(fields=["slot"], name="jobrun_slot")]
        verbose_name = _("exécution planifiée")
        verbose_name_plural = _("exécutions planifiées")

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
