"""The service centre's figures per department and day, kept for the supervision dashboard and
the public 好差评 page: a year's table reads some 15,000 of these rows instead of the year's
cases, ratings and rectifications (services.summary keeps them; what each counts:
services.stats)."""

from __future__ import annotations

from django.db import models

from gongkai.core.models import Department

# The counted figures, in services.stats.Figures' names; the grades are g5 .. g1.
COUNTS = (
    "received",
    "completed",
    "accepted_completed",
    "on_time",
    "days_used",
    "days_promised",
    "one_visit",
    "bad",
    "rectified",
    "answered",
    "answered_on_time",
)
GRADE_COUNTS = ("g5", "g4", "g3", "g2", "g1")


class DepartmentDay(models.Model):
    """One department's figures on one day. Written only by services.summary, in the
    transaction of the action that changed what they count."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    received = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    accepted_completed = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    days_used = models.PositiveIntegerField(default=0)
    days_promised = models.PositiveIntegerField(default=0)
    one_visit = models.PositiveIntegerField(default=0)
    g5 = models.PositiveIntegerField(default=0)
    g4 = models.PositiveIntegerField(default=0)
    g3 = models.PositiveIntegerField(default=0)
    g2 = models.PositiveIntegerField(default=0)
    g1 = models.PositiveIntegerField(default=0)
    bad = models.PositiveIntegerField(default=0)
    rectified = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "day"], name="services_dept_day_once")
        ]
        # A period's rows by day; the department is read with them.
        indexes = [models.Index(fields=["day", "department"], name="services_dept_day_by_day")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.day}"
