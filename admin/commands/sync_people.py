"""``python -m admin sync-people``: match people to Entra ID via Microsoft Graph.

For every person (not erased) with an e-mail or AAD object id: look them up in the
directory (one paged listing, then direct look-ups by object id / UPN for the rest),
store the directory's object id and display name, and mark people who no longer exist
(404) or whose account is disabled as ``directory_missing`` (they get no messages).
When ``TEAMS_APP_CATALOG_ID`` is set, current managers who lack the Teams app get it
installed (``users/{id}/teamwork/installedApps``) unless ``--no-install-app``.
Settings: see ``graph/client.py`` (GRAPH_*, AUTHORITY_HOST, GRAPH_BASE_URL).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import aiohttp

from admin.cli import AdminError
from admin.runtime import (
    ConfigurationError,
    admin_settings,
    local_today,
    now_utc,
    run_with_database,
)
from graph.client import GraphClient, GraphConfig, GraphConfigError, GraphError
from i18n import t
from services.people_sync import SyncReport, sync_people

if TYPE_CHECKING:
    from services import Sessions

NAME = "sync-people"
HELP = "Match people to Entra ID (Microsoft Graph): object ids, names, people who left"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="look everything up, save nothing, install nothing")
    parser.add_argument("--no-install-app", action="store_true",
                        help="do not install the Teams app even if TEAMS_APP_CATALOG_ID is set")


def run(args: argparse.Namespace) -> int:
    try:
        settings = admin_settings()
        config = GraphConfig.from_env(settings.env)
    except (ConfigurationError, GraphConfigError) as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    now = now_utc()

    async def work(sessions: Sessions) -> SyncReport:
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            client = GraphClient(config, http)
            return await sync_people(sessions, client, dry_run=args.dry_run,
                                     install_app=not args.no_install_app,
                                     today=local_today(settings, now), now=now)

    try:
        report = run_with_database(settings, work)
    except GraphError as exc:
        raise AdminError(f"Microsoft Graph: {exc}") from None
    except aiohttp.ClientError as exc:
        raise AdminError(f"Microsoft Graph could not be reached: {exc}") from None
    print(t(lang, "admin.sync.summary", found=report.found, updated=report.updated,
            missing=len(report.missing), unchanged=report.unchanged))
    if report.placed:
        print(t(lang, "admin.sync.placed", count=report.placed))
    for email in report.missing:
        print(t(lang, "admin.sync.missing_line", email=email))
    for email in report.conflicts:
        print(t(lang, "admin.sync.conflict_line", email=email))
    if report.apps_checked:
        print(t(lang, "admin.sync.apps", installed=report.installed, already=report.already,
                failed=report.install_failed))
    if args.dry_run:
        print(t(lang, "admin.sync.dry_run"))
    return 0 if not report.install_failed else 1
