from django.contrib import admin

from gongkai.core import permissions
from gongkai.core.models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Department,
    RoleAssignment,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin only looks: every change goes through an audited action (staff pages or command)."""

    def has_module_permission(self, request):
        return permissions.can_manage_organisation(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_manage_organisation(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_code", "kind", "parent"]
    search_fields = ["name", "short_code"]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "display_name", "is_active", "locked_until"]
    search_fields = ["username", "display_name"]
    exclude = ["password", "id_number", "id_number_index"]
    readonly_fields = ["last_login", "date_joined", "failed_logins", "locked_until"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "department", "role"]
    list_filter = ["role"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "seq",
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "success",
    ]
    list_filter = ["action", "success"]


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "source", "notice"]
    inlines = [CalendarDayInline]
