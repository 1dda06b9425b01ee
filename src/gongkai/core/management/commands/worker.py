from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "后台任务进程：定时发布、期限提醒、审计链校验等（SQLite 队列，设置 GONGKAI_REDIS_URL 时用 Redis）"

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, workers, **options):
        call_command("run_huey", workers=workers, worker_type="thread")
