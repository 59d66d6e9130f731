"""``python -m admin hr-role grant|revoke|list``: HR roles, who may read individual goals
and check-ins besides the person and their manager (every such read is logged).

    python -m admin hr-role grant --person EMAIL --unit CODE [--until 2027-06-30]
    python -m admin hr-role grant --person EMAIL --kommun
    python -m admin hr-role revoke --person EMAIL (--unit CODE | --kommun | --all)
    python -m admin hr-role list [--all]

A role over a unit covers the unit and everything below it (its subtree); ``--kommun``
covers the whole kommun. Grants and revocations are audited (``python -m admin audit``).
Parse → call :mod:`services.hr_roles` → print: no database code here.
"""

from __future__ import annotations

import argparse
import getpass
from datetime import date
from typing import Any

from admin.cli import AdminError
from i18n import t

NAME = "hr-role"
HELP = "Grant, revoke or list HR roles (reading individual goals of a unit's subtree)"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"inte ett datum (ÅÅÅÅ-MM-DD): {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("grant", "revoke", "list"), metavar="ACTION",
                        help="grant, revoke or list")
    parser.add_argument("--person", metavar="EMAIL", help="grant/revoke: the person's e-mail")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--unit", metavar="CODE",
                       help="the unit (its code): the role covers it and everything below")
    scope.add_argument("--subtree", metavar="CODE", dest="unit",
                       help="the same as --unit (a role always covers the whole subtree)")
    scope.add_argument("--kommun", action="store_true", help="the whole kommun")
    scope.add_argument("--all", action="store_true",
                       help="revoke: every HR role of the person; list: ended ones too")
    parser.add_argument("--until", type=_date, metavar="DATE",
                        help="grant: the last day of the role (default: until revoked)")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"


def _scope_text(lang: str, code: str | None, name: str | None) -> str:
    if code is None:
        return t(lang, "admin.hr_role.whole_kommun")
    return t(lang, "admin.hr_role.subtree", name=name or "", code=code)


def _period_text(lang: str, row: Any) -> str:
    if row.valid_to is None:
        return t(lang, "admin.hr_role.from", start=row.valid_from.isoformat())
    return t(lang, "admin.hr_role.between", start=row.valid_from.isoformat(),
             end=row.valid_to.isoformat())


def _check(args: argparse.Namespace, lang: str) -> None:
    if args.action == "list":
        if args.person or args.unit or args.kommun or args.until:
            raise AdminError(t(lang, "admin.hr_role.list_args"))
        return
    if not args.person:
        raise AdminError(t(lang, "admin.hr_role.need_person", action=args.action))
    if args.action == "grant" and not (args.unit or args.kommun):
        raise AdminError(t(lang, "admin.hr_role.need_scope_grant"))
    if args.action == "grant" and args.all:
        raise AdminError(t(lang, "admin.hr_role.all_only_revoke"))
    if args.action == "revoke" and not (args.unit or args.kommun or args.all):
        raise AdminError(t(lang, "admin.hr_role.need_scope_revoke"))
    if args.action == "revoke" and args.until:
        raise AdminError(t(lang, "admin.hr_role.until_only_grant"))


def run(args: argparse.Namespace) -> int:
    from admin.runtime import (
        ConfigurationError,
        admin_settings,
        local_today,
        now_utc,
        run_with_database,
    )
    from services import Sessions
    from services import hr_roles as svc

    try:
        settings = admin_settings()
    except ConfigurationError as exc:
        raise AdminError(str(exc)) from exc
    lang = settings.language
    _check(args, lang)
    now = now_utc()
    today = local_today(settings, now)
    actor = f"admin CLI ({_os_user()})"
    unit_code = None if args.kommun else args.unit

    async def work(sessions: Sessions) -> Any:
        if args.action == "grant":
            return await svc.grant_hr_role(sessions, email=args.person, unit_code=unit_code,
                                           today=today, until=args.until, now=now,
                                           actor_label=actor)
        if args.action == "revoke":
            return await svc.revoke_hr_role(sessions, email=args.person, unit_code=unit_code,
                                            every_scope=args.all, today=today, now=now,
                                            actor_label=actor)
        return await svc.list_hr_roles(sessions, today=today, include_ended=args.all)

    try:
        result = run_with_database(settings, work)
    except svc.HrRoleRefused as error:
        raise AdminError(t(lang, error.key, **error.params)) from error
    if args.action == "list":
        if not result:
            print(t(lang, "admin.hr_role.list_empty"))
            return 0
        print(t(lang, "admin.hr_role.list_title", count=len(result)))
        for row in result:
            print(f"  {row.person_name} <{row.email or '–'}>: "
                  f"{_scope_text(lang, row.unit_code, row.unit_name)}, {_period_text(lang, row)}")
        return 0
    for row in result.rows:
        scope = _scope_text(lang, row.unit_code, row.unit_name)
        if args.action == "grant":
            key = "admin.hr_role.granted" if result.changed else "admin.hr_role.exists"
        else:
            key = "admin.hr_role.revoked"
        print(t(lang, key, name=row.person_name, scope=scope, period=_period_text(lang, row)))
    return 0
