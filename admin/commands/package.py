"""``python -m admin package``: build the Teams app package (zip) to upload to Teams."""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path

from admin.cli import AdminError
from config import process_environment
from manifest.packager import (
    MANIFEST_NAME,
    PROJECT_ROOT,
    PackageError,
    build_package,
    default_schema_root,
)

NAME = "package"
HELP = (
    "Build the Teams app package (manifest.json, icons, localisation) from BOT_ID, "
    "TEAMS_APP_ID and BOT_DOMAIN in the environment, validated against the official schema."
)

DEFAULT_OUTPUT = Path("build") / "malbot.zip"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"where to write the zip (default: {DEFAULT_OUTPUT} in the project folder)",
    )
    parser.add_argument(
        "--schema-root",
        type=Path,
        default=None,
        help=(
            "the json-schemas folder of the npm package @microsoft/app-manifest "
            "(default: node_modules/@microsoft/app-manifest/build/json-schemas in the "
            "project folder; `npm ci` installs it)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    output: Path = args.output if args.output is not None else PROJECT_ROOT / DEFAULT_OUTPUT
    schema_root: Path = args.schema_root if args.schema_root is not None else default_schema_root()
    try:
        written = build_package(process_environment(), output, schema_root=schema_root)
    except PackageError as exc:
        raise AdminError(str(exc)) from exc

    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(MANIFEST_NAME))
    bot = manifest["bots"][0]
    domains = ", ".join(manifest.get("validDomains") or []) or "(none)"
    print(f"Wrote {written} ({written.stat().st_size} bytes)")
    print(f"  files:          {', '.join(names)}")
    print(f"  manifest:       {manifest['manifestVersion']} (app version {manifest['version']})")
    print(f"  Teams app id:   {manifest['id']}")
    print(f"  bot id:         {bot['botId']}")
    print(f"  valid domains:  {domains}")
    print("Upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.")
    return 0
