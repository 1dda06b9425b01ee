from gongkai.core import permissions


def workbench(request):
    """Navigation flags for staff pages only (the portal pays nothing for them)."""
    if not request.path.startswith("/workbench/") or not request.user.is_authenticated:
        return {}
    from gongkai.disclosure.permissions import is_disclosure_staff
    from gongkai.publishing.views.staff import can_use_publishing

    return {
        "can_use_publishing": can_use_publishing(request.user),
        "can_use_disclosure": is_disclosure_staff(request.user),
        "can_manage_calendar": permissions.can_manage_calendar(request.user),
        "can_view_audit": permissions.can_view_audit(request.user),
    }
