"""政务服务: the public pages under /zwfw/, and the staff pages under the staff prefix.

Each part of the module keeps its own patterns (url_parts/), so that the catalogue, the
职权目录, applications and the staff's case pages grow without touching one another.
"""

from gongkai.core.urls import staff as staff_pages
from gongkai.services.url_parts import (
    applications,
    catalogue,
    catalogue_xlsx,
    documents,
    powers,
    ratings,
    ratings_public,
    rectifications,
    result_templates,
    staff_cases,
    staff_catalogue,
)

app_name = "services"

PARTS = (
    catalogue,
    powers,
    applications,
    ratings_public,
    staff_catalogue,
    result_templates,
    ratings,
    rectifications,
    staff_cases,
    catalogue_xlsx,
    documents,
)

urlpatterns = [part_pattern for part in PARTS for part_pattern in part.public] + [
    staff_pages("services/", [pattern for part in PARTS for pattern in part.staff]),
]
