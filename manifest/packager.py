"""Build Målbot's Teams app package: manifest.json + icons + localisation files in a zip.

The manifest is kept as ``manifest.template.json`` with whole-value placeholders
(``"${{BOT_ID}}"``, ``"${{TEAMS_APP_ID}}"``, ``"${{BOT_DOMAIN}}"``). The packager parses the
template and replaces those values in the JSON structure — never by editing JSON text —
then validates the result, offline, against Microsoft's official JSON schema for the
declared manifest version as shipped in the npm package ``@microsoft/app-manifest``
(``npm ci`` installs it under ``node_modules/``). Localisation files are validated against
the matching localisation schema, and the icons against Teams' rules (color 192×192,
outline 32×32 with a transparent background and a white-only glyph).

Nothing is written unless every check passes; the zip is written to a temporary file
and moved into place, so a failed run never leaves a half-written package.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.validators import validator_for
from PIL import Image, UnidentifiedImageError
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable, Unretrievable
from referencing.jsonschema import DRAFT4

MANIFEST_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = MANIFEST_DIR.parent
TEMPLATE_NAME = "manifest.template.json"
MANIFEST_NAME = "manifest.json"

# The Teams app id used when TEAMS_APP_ID is not set. It must stay the same from one
# build to the next: Teams treats a package with another id as a different app.
DEFAULT_TEAMS_APP_ID = "57ce0221-57ee-4ba1-9a99-fe8c80e47df9"

SCHEMA_BASE_URL = "https://developer.microsoft.com/json-schemas/"
MANIFEST_SCHEMA_NAME = "MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA_NAME = "MicrosoftTeams.Localization.schema.json"

COLOR_ICON_SIZE = (192, 192)
OUTLINE_ICON_SIZE = (32, 32)
# At least this share of the outline icon must be fully transparent (its background).
OUTLINE_MIN_TRANSPARENT_SHARE = 0.25
MAX_REPORTED_ERRORS = 25
MAX_MESSAGE_LENGTH = 300

_PLACEHOLDER = re.compile(r"\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_NIL_GUID = "00000000-0000-0000-0000-000000000000"
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_MANIFEST_SCHEMA_URL = re.compile(
    r"^https://developer\.microsoft\.com/json-schemas/teams/"
    r"(?P<version>v\d+\.\d+)/MicrosoftTeams\.schema\.json$"
)
# Microsoft also serves the schemas under a locale segment (".../en-us/json-schemas/...").
_SCHEMA_URL = re.compile(
    r"^https://developer\.microsoft\.com/(?:[a-z]{2}-[a-z]{2}/)?json-schemas/(?P<path>[^#?]+)"
)
# Localisation keys address manifest strings: "name.short", "bots[0].commands[1].title".
_KEY_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

_OMIT = object()


class PackageError(Exception):
    """The package cannot be built: a missing or invalid value, or a failed check."""


@dataclass(frozen=True)
class PackageSettings:
    """The values that fill the manifest template's placeholders."""

    bot_id: str
    teams_app_id: str
    bot_domain: str | None = None

    def placeholder_values(self) -> dict[str, str | None]:
        return {
            "BOT_ID": self.bot_id,
            "TEAMS_APP_ID": self.teams_app_id,
            "BOT_DOMAIN": self.bot_domain,
        }


def default_schema_root(project_root: Path = PROJECT_ROOT) -> Path:
    """Where ``npm ci`` puts the official schemas (``.../json-schemas/teams/vX.Y/...``)."""
    return project_root / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas"


# --- settings ---------------------------------------------------------------------------


def _env_value(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _guid_problem(name: str, value: str) -> str | None:
    if not _GUID.fullmatch(value):
        return f"{name} must be a GUID like 12345678-abcd-4ef0-9876-0123456789ab, got {value!r}"
    if value == _NIL_GUID:
        return f"{name} must not be the all-zero GUID (a placeholder, not a real id)"
    return None


def normalise_bot_domain(value: str) -> str:
    """Return ``value`` as a lower-case host name, or raise PackageError saying why not."""
    host = value.strip().lower()
    hint = "give the host name only, e.g. malbot.example.se"
    if "://" in host:
        raise PackageError(f"BOT_DOMAIN must not include a scheme such as https://; {hint}")
    if "/" in host or "?" in host or "#" in host:
        raise PackageError(f"BOT_DOMAIN must not include a path; {hint}")
    if ":" in host:
        raise PackageError(f"BOT_DOMAIN must not include a port; {hint}")
    if "*" in host:
        raise PackageError(f"BOT_DOMAIN must not contain wildcards; {hint}")
    host = host.removesuffix(".")
    labels = host.split(".")
    if (
        len(host) > 253
        or len(labels) < 2
        or not all(_HOST_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise PackageError(f"BOT_DOMAIN {value!r} is not a valid host name; {hint}")
    return host


def read_settings(env: Mapping[str, str]) -> PackageSettings:
    """Read BOT_ID (required), TEAMS_APP_ID and BOT_DOMAIN (optional) from ``env``."""
    problems: list[str] = []

    bot_id = _env_value(env, "BOT_ID")
    if bot_id is None:
        problems.append(
            "BOT_ID is not set: give the Microsoft App ID (client id) of the bot's Azure "
            "Bot registration, a GUID"
        )
    elif (problem := _guid_problem("BOT_ID", bot_id)) is not None:
        problems.append(problem)

    teams_app_id = _env_value(env, "TEAMS_APP_ID") or DEFAULT_TEAMS_APP_ID
    if (problem := _guid_problem("TEAMS_APP_ID", teams_app_id)) is not None:
        problems.append(problem)

    bot_domain: str | None = None
    raw_domain = _env_value(env, "BOT_DOMAIN")
    if raw_domain is not None:
        try:
            bot_domain = normalise_bot_domain(raw_domain)
        except PackageError as exc:
            problems.append(str(exc))

    if problems or bot_id is None:
        raise PackageError("; ".join(problems))
    return PackageSettings(
        bot_id=bot_id.lower(), teams_app_id=teams_app_id.lower(), bot_domain=bot_domain
    )


# --- template ---------------------------------------------------------------------------


def _fill(node: Any, values: Mapping[str, str | None], path: str) -> Any:
    if isinstance(node, dict):
        filled_dict: dict[str, Any] = {}
        for key, value in node.items():
            filled = _fill(value, values, f"{path}.{key}")
            if filled is not _OMIT:
                filled_dict[key] = filled
        return filled_dict
    if isinstance(node, list):
        filled_list: list[Any] = []
        for index, item in enumerate(node):
            filled = _fill(item, values, f"{path}[{index}]")
            if filled is not _OMIT:
                filled_list.append(filled)
        return filled_list
    if isinstance(node, str):
        match = _PLACEHOLDER.fullmatch(node)
        if match is None:
            if _PLACEHOLDER.search(node):
                raise PackageError(
                    f"template {path}: a placeholder must be the whole value, got {node!r}"
                )
            return node
        name = match.group(1)
        if name not in values:
            raise PackageError(f"template {path}: unknown placeholder {node!r}")
        value = values[name]
        return _OMIT if value is None else value
    return node


def fill_template(template: Mapping[str, Any], settings: PackageSettings) -> dict[str, Any]:
    """Return a copy of ``template`` with every placeholder value replaced.

    A placeholder must be a whole JSON string value. An optional value that is not set
    (BOT_DOMAIN) removes the array item or object member that holds it.
    """
    filled = _fill(dict(template), settings.placeholder_values(), "$")
    assert isinstance(filled, dict)
    return filled


def _load_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{what} not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"{what} {path} cannot be read as JSON: {exc}") from exc


def load_template(source_dir: Path = MANIFEST_DIR) -> dict[str, Any]:
    template = _load_json(source_dir / TEMPLATE_NAME, "manifest template")
    if not isinstance(template, dict):
        raise PackageError(f"manifest template {source_dir / TEMPLATE_NAME} is not an object")
    return template


# --- schema validation ------------------------------------------------------------------


def make_schema_registry(schema_root: Path) -> Registry[Any]:
    """A registry that serves ``https://developer.microsoft.com/json-schemas/...`` from
    ``schema_root`` and refuses every other address (no network access)."""
    root = schema_root.resolve()

    def retrieve(uri: str) -> Resource[Any]:
        match = _SCHEMA_URL.match(uri)
        if match is None:
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs class
        path = (root / match.group("path")).resolve()
        if root not in path.parents or not path.is_file():
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs class
        contents = json.loads(path.read_text(encoding="utf-8"))
        return Resource.from_contents(contents, default_specification=DRAFT4)

    return Registry(retrieve=retrieve)  # type: ignore[call-arg]  # attrs class


def _shorten(message: str) -> str:
    message = " ".join(message.split())
    if len(message) <= MAX_MESSAGE_LENGTH:
        return message
    return message[: MAX_MESSAGE_LENGTH - 1] + "…"


def validate_against_schema(
    document: Any, schema_url: str, registry: Registry[Any], *, what: str
) -> None:
    """Validate ``document`` against the schema at ``schema_url`` (served by ``registry``).

    Raises PackageError listing every failing JSON path.
    """
    try:
        retrieved = registry.get_or_retrieve(schema_url)
    except (NoSuchResource, Unretrievable, Unresolvable) as exc:
        raise PackageError(
            f"schema {schema_url} is not available locally or is not valid JSON; run "
            f"`npm ci` in the project root to install @microsoft/app-manifest"
        ) from exc
    registry = retrieved.registry  # keeps the loaded schema for the $ref below
    schema = retrieved.value.contents
    validator_class = validator_for(schema, default=Draft4Validator)
    # Referencing the schema by its URL gives relative $refs inside it the right base.
    wrapper = {"$ref": schema_url}
    validator = validator_class(
        wrapper, registry=registry, format_checker=validator_class.FORMAT_CHECKER
    )
    try:
        errors = sorted(validator.iter_errors(document), key=lambda e: (e.json_path, e.message))
    except (Unresolvable, Unretrievable) as exc:
        raise PackageError(
            f"schema {schema_url} refers to {exc}, which is not available offline"
        ) from exc
    if not errors:
        return
    lines = [f"  {error.json_path}: {_shorten(error.message)}" for error in errors]
    if len(lines) > MAX_REPORTED_ERRORS:
        hidden = len(lines) - MAX_REPORTED_ERRORS
        lines = [*lines[:MAX_REPORTED_ERRORS], f"  … and {hidden} more"]
    raise PackageError(f"{what} does not validate against {schema_url}:\n" + "\n".join(lines))


def schema_version(manifest: Mapping[str, Any]) -> str:
    """The schema folder (``vX.Y``) the manifest declares, checked against manifestVersion."""
    declared = manifest.get("$schema")
    match = _MANIFEST_SCHEMA_URL.fullmatch(declared) if isinstance(declared, str) else None
    if match is None:
        raise PackageError(
            "manifest $schema must be https://developer.microsoft.com/json-schemas/teams/"
            f"vX.Y/{MANIFEST_SCHEMA_NAME}, got {declared!r}"
        )
    version = match.group("version")
    # The schemas are draft-04, where "const" is not a keyword: check it here.
    if manifest.get("manifestVersion") != version.removeprefix("v"):
        raise PackageError(
            f"manifest manifestVersion {manifest.get('manifestVersion')!r} does not match "
            f"its $schema version {version}"
        )
    return version


def _schema_url(version: str, file_name: str) -> str:
    return f"{SCHEMA_BASE_URL}teams/{version}/{file_name}"


def _require_schema_files(schema_root: Path, version: str) -> None:
    folder = schema_root / "teams" / version
    for name in (MANIFEST_SCHEMA_NAME, LOCALIZATION_SCHEMA_NAME):
        if not (folder / name).is_file():
            raise PackageError(
                f"official schema {folder / name} not found; run `npm ci` in the project "
                f"root to install @microsoft/app-manifest (schema root: {schema_root})"
            )


# --- package files ----------------------------------------------------------------------


def _package_file(source_dir: Path, name: Any, where: str) -> Path:
    if not isinstance(name, str) or not name or Path(name).name != name or name in {".", ".."}:
        raise PackageError(f"manifest {where} must be a file name without folders, got {name!r}")
    path = source_dir / name
    if not path.is_file():
        raise PackageError(f"manifest {where} refers to {name!r}, which is missing: {path}")
    return path


def _open_png(path: Path, what: str) -> Image.Image:
    try:
        with Image.open(path) as image:
            image.load()
            if image.format != "PNG":
                raise PackageError(f"{what} {path.name} must be a PNG, got {image.format}")
            return image.copy()
    except (OSError, UnidentifiedImageError) as exc:
        raise PackageError(f"{what} {path.name} cannot be read as an image: {exc}") from exc


def check_color_icon(path: Path) -> None:
    """The color icon: a 192×192 PNG with something visible on it."""
    image = _open_png(path, "color icon")
    if image.size != COLOR_ICON_SIZE:
        raise PackageError(
            f"color icon {path.name} must be {COLOR_ICON_SIZE[0]}×{COLOR_ICON_SIZE[1]} "
            f"pixels, got {image.width}×{image.height}"
        )
    alpha = image.convert("RGBA").getchannel("A")
    if alpha.getextrema()[1] == 0:
        raise PackageError(f"color icon {path.name} is fully transparent")


def check_outline_icon(path: Path) -> None:
    """The outline icon: a 32×32 PNG, transparent background, white-only glyph."""
    image = _open_png(path, "outline icon")
    if image.size != OUTLINE_ICON_SIZE:
        raise PackageError(
            f"outline icon {path.name} must be {OUTLINE_ICON_SIZE[0]}×{OUTLINE_ICON_SIZE[1]} "
            f"pixels, got {image.width}×{image.height}"
        )
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if not has_alpha:
        raise PackageError(
            f"outline icon {path.name} must have a transparent background, but it has no "
            f"alpha channel (mode {image.mode})"
        )
    rgba = image.convert("RGBA")
    raw = rgba.tobytes()
    pixels = [
        ((index % rgba.width, index // rgba.width), tuple(raw[4 * index : 4 * index + 4]))
        for index in range(rgba.width * rgba.height)
    ]
    transparent = sum(1 for _, (_, _, _, a) in pixels if a == 0)
    if transparent < OUTLINE_MIN_TRANSPARENT_SHARE * len(pixels):
        raise PackageError(
            f"outline icon {path.name} must have a transparent background: only "
            f"{transparent} of {len(pixels)} pixels are fully transparent"
        )
    if transparent == len(pixels):
        raise PackageError(f"outline icon {path.name} is fully transparent (no glyph)")
    not_white = [xy for xy, (r, g, b, a) in pixels if a > 0 and (r, g, b) != (255, 255, 255)]
    if not_white:
        sample = ", ".join(f"({x}, {y})" for x, y in not_white[:5])
        raise PackageError(
            f"outline icon {path.name} must be white only: {len(not_white)} visible pixels "
            f"are not white, e.g. at {sample}"
        )


def _manifest_value(manifest: Mapping[str, Any], key: str) -> Any:
    """The manifest value a localisation key points at, or _OMIT when there is none."""
    node: Any = manifest
    for name, index in _KEY_TOKEN.findall(key):
        if name:
            if not isinstance(node, dict) or name not in node:
                return _OMIT
            node = node[name]
        else:
            position = int(index)
            if not isinstance(node, list) or position >= len(node):
                return _OMIT
            node = node[position]
    return node


def check_localization(
    manifest: Mapping[str, Any],
    strings: Any,
    *,
    file_name: str,
    version: str,
    registry: Registry[Any],
) -> None:
    """Validate one localisation file and check that its keys address manifest strings."""
    schema_url = _schema_url(version, LOCALIZATION_SCHEMA_NAME)
    validate_against_schema(strings, schema_url, registry, what=f"localisation file {file_name}")
    declared = strings.get("$schema")
    if declared is not None and declared != schema_url:
        raise PackageError(
            f"localisation file {file_name} declares $schema {declared!r}; it must be "
            f"{schema_url}, the same version as the manifest"
        )
    dangling = [
        key
        for key in strings
        if key not in {"$schema", "localizationKeys"}
        and not isinstance(_manifest_value(manifest, key), str)
    ]
    if dangling:
        raise PackageError(
            f"localisation file {file_name} has keys with no matching manifest string: "
            + ", ".join(dangling)
        )


def _localization_files(manifest: Mapping[str, Any]) -> list[tuple[str, Any]]:
    info = manifest.get("localizationInfo") or {}
    files: list[tuple[str, Any]] = []
    if "defaultLanguageFile" in info:
        files.append(("localizationInfo.defaultLanguageFile", info["defaultLanguageFile"]))
    for index, language in enumerate(info.get("additionalLanguages") or []):
        files.append((f"localizationInfo.additionalLanguages[{index}].file", language.get("file")))
    return files


def _json_bytes(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_zip(out_path: Path, entries: list[tuple[str, bytes]]) -> None:
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent
        )
    except OSError as exc:
        raise PackageError(f"cannot write {out_path}: {exc}") from exc
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            for name, data in entries:
                # A fixed timestamp makes the same input give the same zip.
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        temp_path.chmod(0o644)  # mkstemp creates 0600; a package is not a secret
        os.replace(temp_path, out_path)
    except OSError as exc:
        temp_path.unlink(missing_ok=True)
        raise PackageError(f"cannot write {out_path}: {exc}") from exc
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def build_package(
    env: Mapping[str, str],
    out_path: Path,
    *,
    schema_root: Path,
    source_dir: Path = MANIFEST_DIR,
) -> Path:
    """Fill the manifest template from ``env``, check everything, and write the zip.

    ``env`` supplies BOT_ID (required GUID), TEAMS_APP_ID (optional GUID, default
    DEFAULT_TEAMS_APP_ID) and BOT_DOMAIN (optional host name, added to validDomains).
    ``schema_root`` is the ``build/json-schemas`` folder of ``@microsoft/app-manifest``
    (see default_schema_root). ``source_dir`` holds the template, icons and localisation
    files. Returns ``out_path``. Raises PackageError when anything is missing or invalid.
    """
    settings = read_settings(env)
    manifest = fill_template(load_template(source_dir), settings)

    version = schema_version(manifest)
    _require_schema_files(schema_root, version)
    registry = make_schema_registry(schema_root)
    validate_against_schema(
        manifest, _schema_url(version, MANIFEST_SCHEMA_NAME), registry, what="manifest.json"
    )

    entries: list[tuple[str, bytes]] = [(MANIFEST_NAME, _json_bytes(manifest))]

    icons = manifest["icons"]
    color_path = _package_file(source_dir, icons.get("color"), "icons.color")
    outline_path = _package_file(source_dir, icons.get("outline"), "icons.outline")
    check_color_icon(color_path)
    check_outline_icon(outline_path)
    entries.append((color_path.name, color_path.read_bytes()))
    entries.append((outline_path.name, outline_path.read_bytes()))

    for where, file_name in _localization_files(manifest):
        path = _package_file(source_dir, file_name, where)
        strings = _load_json(path, "localisation file")
        if not isinstance(strings, dict):
            raise PackageError(f"localisation file {path.name} must be a JSON object")
        check_localization(
            manifest, strings, file_name=path.name, version=version, registry=registry
        )
        entries.append((path.name, _json_bytes(strings)))

    names = [name for name, _ in entries]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise PackageError(f"the package would hold these files twice: {', '.join(duplicates)}")

    _write_zip(out_path, entries)
    return out_path
