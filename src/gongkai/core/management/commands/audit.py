import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链（有问题时以非零状态退出并指出第一条问题记录）；queue 交由后台任务校验"

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["verify", "queue"])

    def handle(self, *args, what, **options):
        if what == "queue":
            from gongkai.core.tasks import verify_audit_chain

            verify_audit_chain()
            self.stdout.write("已交由后台任务校验审计链。")
            return
        from gongkai.core.audit import verify

        result = verify()
        if result.ok:
            self.stdout.write(result.message)
            return
        self.stderr.write(f"审计链校验失败：{result.message}")
        sys.exit(1)
