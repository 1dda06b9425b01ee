import io
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.core import roles
from gongkai.demo import county, publishing


class Command(BaseCommand):
    help = "演示：迁移数据库、载入示范县及其栏目和信息（如尚无）、以 gunicorn 和后台任务进程在 127.0.0.1 上运行"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动服务")

    def handle(self, *args, port, no_serve, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        publishing.load_demo(say=self.stdout.write)
        # The worker would index what was just loaded within a minute; the demo needs it now.
        call_command("search", "reindex", "--quiet", stdout=io.StringIO())
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"准备就绪，用时 {time.monotonic() - started:.1f} 秒。")
        if no_serve:
            return
        self._serve(port)

    def _banner(self, port: int) -> None:
        url = f"http://127.0.0.1:{port}"
        lines = [
            "",
            f"  门户网站  {url}/",
            f"  工作台    {url}/workbench/",
            "",
            f"  演示账号（密码均为 {county.DEMO_PASSWORD}，仅供演示）：",
        ]
        lines += [
            f"    {u:<16} {name}（{roles.label(role)}）" for u, name, role, _d in county.USERS
        ]
        lines += ["", "  演示模式：工作人员双因素认证已关闭。按 Ctrl+C 停止。", ""]
        self.stdout.write("\n".join(lines))

    def _serve(self, port: int) -> None:
        env = {**os.environ, "GONGKAI_DEMO": "1", "GONGKAI_DATA_DIR": str(settings.DATA_DIR)}
        worker = subprocess.Popen([sys.executable, "-m", "gongkai", "worker"], env=env)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gongkai.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        self._banner(port)
        stop = {"now": False}

        def _stop(signum, frame):
            stop["now"] = True

        # Ctrl-C and `kill` both stop it. SIGINT gets a handler of its own because a process
        # started in the background by a shell inherits SIGINT ignored (and then Python
        # raises no KeyboardInterrupt).
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        try:
            while not stop["now"] and server.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        finally:
            for proc in (server, worker):
                if proc.poll() is None:
                    proc.terminate()
            for proc in (server, worker):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if server.returncode not in (0, None, -signal.SIGTERM) and not stop["now"]:
            sys.exit(server.returncode)
