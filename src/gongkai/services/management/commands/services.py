"""`gongkai services import PATH [--dry-run]` and `gongkai services export PATH`: the
catalogue (实施清单) as XLSX in the provincial catalogue systems' column order."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from gongkai.services.actions.catalogue_import import import_catalogue
from gongkai.services.catalogue_xlsx import export_catalogue
from gongkai.services.models import ServiceItem


class Command(BaseCommand):
    help = "政务服务事项清单：import PATH 从 XLSX 导入并发布；export PATH 导出现行事项清单"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        load = sub.add_parser(
            "import",
            help="从省级事项管理系统格式的 XLSX 导入事项清单；新增或有变化的事项立即发布",
        )
        load.add_argument("path", help="XLSX 文件（工作表：事项、申请材料、收费项目）")
        load.add_argument(
            "--dry-run", action="store_true", help="只检查，不作任何更改（有错误时退出码为 1）"
        )
        load.add_argument("--quiet", action="store_true", help="不显示进度条")
        dump = sub.add_parser("export", help="把现行事项清单导出为同一格式的 XLSX")
        dump.add_argument("path", help="要写入的 XLSX 文件（已存在则覆盖）")

    def handle(self, *args, what, **options):
        getattr(self, "_" + what)(**options)

    def _import(self, *, path, dry_run, quiet, **options):
        # tqdm redraws its line with \r: give it the stream under Django's OutputWrapper,
        # which would add a newline to every write.
        err = getattr(self.stderr, "_out", sys.stderr)
        progress = partial(tqdm, file=err, unit="项", disable=True if quiet else None)
        try:
            result = import_catalogue(
                actor=None, workbook=Path(path), dry_run=dry_run, progress=progress
            )
        except DatabaseError as exc:
            raise CommandError(f"数据库拒绝保存，未作任何更改（{exc}）", returncode=1) from exc
        for error in result.errors:
            self.stderr.write(error)
        if result.errors:
            raise CommandError(f"有 {len(result.errors)} 处错误，未作任何更改。", returncode=1)
        prefix = "试运行，未作任何更改：" if dry_run else ""
        self.stdout.write(
            f"{prefix}新增 {len(result.created)} 项，更新 {len(result.updated)} 项，"
            f"未变 {len(result.unchanged)} 项"
        )

    def _export(self, *, path, **options):
        target = Path(path)
        if not target.parent.is_dir():
            raise CommandError(f"文件夹“{target.parent}”不存在。", returncode=1)
        try:
            export_catalogue(target)
        except OSError as exc:
            raise CommandError(f"无法写入“{target}”：{exc.strerror}", returncode=1) from exc
        count = ServiceItem.objects.filter(current__isnull=False).count()
        self.stdout.write(f"已导出 {count} 项到 {target}")
