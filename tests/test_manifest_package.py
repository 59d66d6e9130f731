"""The Teams app package: manifest template, icons, localisation and the packager.

Schema tests validate against the official JSON schemas from the npm package
``@microsoft/app-manifest``. They are skipped when ``node_modules`` is missing (run
``npm ci`` in the project root; CI does, so there they always run).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from PIL import Image
from referencing.exceptions import NoSuchResource, Unresolvable

from admin.cli import AdminError
from admin.commands import package
from manifest import make_icons
from manifest.packager import (
    DEFAULT_TEAMS_APP_ID,
    LOCALIZATION_SCHEMA_NAME,
    MANIFEST_DIR,
    MANIFEST_SCHEMA_NAME,
    TEMPLATE_NAME,
    PackageError,
    build_package,
    check_color_icon,
    check_outline_icon,
    default_schema_root,
    make_schema_registry,
    normalise_bot_domain,
    read_settings,
    validate_against_schema,
)

BOT_ID = "3f2c6a1e-8b4d-4c2a-9e7f-1a2b3c4d5e6f"
ENV = {"BOT_ID": BOT_ID, "BOT_DOMAIN": "malbot.example.se"}
SWEDISH_COMMANDS = [
    "rapportera",
    "sammanställning",
    "beslut",
    "status",
    "exportera",
    "hjälp",
    "vem är jag",
]
PACKAGE_FILES = {"manifest.json", "color.png", "outline.png", "en.json"}


@pytest.fixture(scope="session")
def schema_root() -> Path:
    root = default_schema_root()
    if not (root / "teams").is_dir():
        pytest.skip(
            "node_modules/@microsoft/app-manifest is not installed: run `npm ci` in the "
            "project root to validate against the official Teams schemas (CI runs it)"
        )
    return root


@pytest.fixture()
def package_path(tmp_path: Path, schema_root: Path) -> Path:
    return build_package(ENV, tmp_path / "build" / "malbot.zip", schema_root=schema_root)


@pytest.fixture()
def source_dir(tmp_path: Path) -> Path:
    """A writable copy of manifest/ for tests that break one file."""
    copy = tmp_path / "source"
    copy.mkdir()
    for name in (TEMPLATE_NAME, "color.png", "outline.png", "en.json"):
        shutil.copy2(MANIFEST_DIR / name, copy / name)
    return copy


def _read_manifest(package: Path) -> dict[str, Any]:
    with zipfile.ZipFile(package) as archive:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return manifest


def _edit_template(source_dir: Path, **changes: Any) -> None:
    path = source_dir / TEMPLATE_NAME
    template = json.loads(path.read_text(encoding="utf-8"))
    template.update(changes)
    path.write_text(json.dumps(template, ensure_ascii=False), encoding="utf-8")


def _schema(schema_root: Path, manifest: dict[str, Any], file_name: str) -> dict[str, Any]:
    version = "v" + manifest["manifestVersion"]
    schema: dict[str, Any] = json.loads(
        (schema_root / "teams" / version / file_name).read_text(encoding="utf-8")
    )
    return schema


def _all_strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in _all_strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _all_strings(item)]
    return [node] if isinstance(node, str) else []


# --- the packaged manifest --------------------------------------------------------------


def test_packaged_manifest_validates_against_official_schema(
    package_path: Path, schema_root: Path
) -> None:
    manifest = _read_manifest(package_path)
    schema = _schema(schema_root, manifest, MANIFEST_SCHEMA_NAME)
    errors = [f"{e.json_path}: {e.message}" for e in Draft4Validator(schema).iter_errors(manifest)]
    assert errors == []
    assert manifest["$schema"] == (
        "https://developer.microsoft.com/json-schemas/teams/"
        f"v{manifest['manifestVersion']}/MicrosoftTeams.schema.json"
    )
    assert manifest["manifestVersion"] != "devPreview"


def test_placeholders_are_filled_from_the_environment(package_path: Path) -> None:
    manifest = _read_manifest(package_path)
    assert manifest["id"] == DEFAULT_TEAMS_APP_ID
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == ["malbot.example.se"]
    assert not [s for s in _all_strings(manifest) if "${{" in s]


def test_teams_app_id_and_domain_are_optional(tmp_path: Path, schema_root: Path) -> None:
    app_id = "0b8e5d2c-7a41-4f6b-b3c9-5e2d1f0a9c87"
    package = build_package(
        {"BOT_ID": BOT_ID.upper(), "TEAMS_APP_ID": app_id, "BOT_DOMAIN": ""},
        tmp_path / "malbot.zip",
        schema_root=schema_root,
    )
    manifest = _read_manifest(package)
    assert manifest["id"] == app_id
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == []


def test_template_holds_placeholders_not_real_ids() -> None:
    template = json.loads((MANIFEST_DIR / TEMPLATE_NAME).read_text(encoding="utf-8"))
    assert template["id"] == "${{TEAMS_APP_ID}}"
    assert template["bots"][0]["botId"] == "${{BOT_ID}}"
    assert template["validDomains"] == ["${{BOT_DOMAIN}}"]
    assert "webApplicationInfo" not in template


def test_personal_bot_with_swedish_commands(package_path: Path) -> None:
    manifest = _read_manifest(package_path)
    assert manifest["name"]["short"] == "Målbot"
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "sv-SE"
    (bot,) = manifest["bots"]
    assert bot["scopes"] == ["personal"]
    assert bot["supportsFiles"] is False
    assert bot["isNotificationOnly"] is False
    (command_list,) = bot["commandLists"]
    assert command_list["scopes"] == ["personal"]
    assert [c["title"] for c in command_list["commands"]] == SWEDISH_COMMANDS
    assert all(c["description"] for c in command_list["commands"])
    for url in manifest["developer"].values():
        if url.startswith("http"):
            assert url.startswith("https://")


def test_zip_holds_exactly_the_package_files(package_path: Path) -> None:
    with zipfile.ZipFile(package_path) as archive:
        assert set(archive.namelist()) == PACKAGE_FILES
        assert archive.testzip() is None
        for icon in ("color.png", "outline.png"):
            assert archive.read(icon) == (MANIFEST_DIR / icon).read_bytes()
        manifest_text = archive.read("manifest.json").decode("utf-8")
    assert "Målbot" in manifest_text  # UTF-8, not \u escapes


def test_same_input_gives_the_same_zip(tmp_path: Path, schema_root: Path) -> None:
    first = build_package(ENV, tmp_path / "a.zip", schema_root=schema_root)
    second = build_package(ENV, tmp_path / "b.zip", schema_root=schema_root)
    assert first.read_bytes() == second.read_bytes()


# --- localisation -----------------------------------------------------------------------


def test_localisation_file_validates_against_official_schema(
    package_path: Path, schema_root: Path
) -> None:
    manifest = _read_manifest(package_path)
    (language,) = manifest["localizationInfo"]["additionalLanguages"]
    assert language == {"languageTag": "en", "file": "en.json"}
    with zipfile.ZipFile(package_path) as archive:
        strings = json.loads(archive.read("en.json"))
    schema = _schema(schema_root, manifest, LOCALIZATION_SCHEMA_NAME)
    errors = [f"{e.json_path}: {e.message}" for e in Draft4Validator(schema).iter_errors(strings)]
    assert errors == []
    assert strings["$schema"].endswith(
        f"/v{manifest['manifestVersion']}/MicrosoftTeams.Localization.schema.json"
    )
    commands = manifest["bots"][0]["commandLists"][0]["commands"]
    for index in range(len(commands)):
        prefix = f"bots[0].commandLists[0].commands[{index}]"
        assert strings[f"{prefix}.title"]
        assert strings[f"{prefix}.description"]
    assert strings["description.short"] != manifest["description"]["short"]


def test_localisation_key_without_manifest_string_is_rejected(
    tmp_path: Path, schema_root: Path, source_dir: Path
) -> None:
    path = source_dir / "en.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    strings["bots[0].commandLists[0].commands[9].title"] = "nine"
    path.write_text(json.dumps(strings), encoding="utf-8")
    with pytest.raises(PackageError, match=r"commands\[9\]\.title"):
        build_package(ENV, tmp_path / "out.zip", schema_root=schema_root, source_dir=source_dir)


def test_localisation_file_of_another_schema_version_is_rejected(
    tmp_path: Path, schema_root: Path, source_dir: Path
) -> None:
    path = source_dir / "en.json"
    strings = json.loads(path.read_text(encoding="utf-8"))
    strings["$schema"] = strings["$schema"].replace("/v1.", "/v0.")
    path.write_text(json.dumps(strings), encoding="utf-8")
    with pytest.raises(PackageError, match="same version as the manifest"):
        build_package(ENV, tmp_path / "out.zip", schema_root=schema_root, source_dir=source_dir)


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("env", [{}, {"BOT_ID": ""}, {"BOT_ID": "   "}])
def test_missing_bot_id_is_a_clear_error(
    env: dict[str, str], tmp_path: Path, schema_root: Path
) -> None:
    out = tmp_path / "malbot.zip"
    with pytest.raises(PackageError, match="BOT_ID is not set"):
        build_package(env, out, schema_root=schema_root)
    assert not out.exists()


@pytest.mark.parametrize(
    "bot_id",
    [
        "not-a-guid",
        "3f2c6a1e8b4d4c2a9e7f1a2b3c4d5e6f",
        "{3f2c6a1e-8b4d-4c2a-9e7f-1a2b3c4d5e6f}",
        "3f2c6a1e-8b4d-4c2a-9e7f-1a2b3c4d5e6g",
        "00000000-0000-0000-0000-000000000000",
    ],
)
def test_bot_id_must_be_a_guid(bot_id: str) -> None:
    with pytest.raises(PackageError, match="BOT_ID must"):
        read_settings({"BOT_ID": bot_id})


def test_bad_teams_app_id_is_rejected() -> None:
    with pytest.raises(PackageError, match="TEAMS_APP_ID must be a GUID"):
        read_settings({"BOT_ID": BOT_ID, "TEAMS_APP_ID": "malbot"})


def test_all_problems_are_reported_together() -> None:
    with pytest.raises(PackageError) as excinfo:
        read_settings({"TEAMS_APP_ID": "x", "BOT_DOMAIN": "https://a.example.se"})
    message = str(excinfo.value)
    assert "BOT_ID is not set" in message
    assert "TEAMS_APP_ID" in message
    assert "BOT_DOMAIN" in message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("https://malbot.example.se", "scheme"),
        ("malbot.example.se/api/messages", "path"),
        ("malbot.example.se:443", "port"),
        ("*.example.se", "wildcards"),
        ("localhost", "not a valid host name"),
        ("-malbot.example.se", "not a valid host name"),
        ("malbot..example.se", "not a valid host name"),
        ("10.0.0.1", "not a valid host name"),
        ("mål bot.example.se", "not a valid host name"),
    ],
)
def test_bot_domain_must_be_a_host_name(value: str, reason: str) -> None:
    with pytest.raises(PackageError, match=reason):
        read_settings({"BOT_ID": BOT_ID, "BOT_DOMAIN": value})


def test_bot_domain_is_normalised() -> None:
    assert normalise_bot_domain(" Malbot.Example.SE. ") == "malbot.example.se"
    assert normalise_bot_domain("abc123-3978.euw.devtunnels.ms") == "abc123-3978.euw.devtunnels.ms"


def test_schema_violations_list_the_failing_paths(
    tmp_path: Path, schema_root: Path, source_dir: Path
) -> None:
    _edit_template(source_dir, accentColor="blue", name={"short": "M" * 31})
    out = tmp_path / "out.zip"
    with pytest.raises(PackageError, match="does not validate") as excinfo:
        build_package(ENV, out, schema_root=schema_root, source_dir=source_dir)
    assert "$.accentColor" in str(excinfo.value)
    assert "$.name.short" in str(excinfo.value)
    assert not out.exists()


def test_manifest_version_must_match_schema_url(
    tmp_path: Path, schema_root: Path, source_dir: Path
) -> None:
    _edit_template(source_dir, manifestVersion="1.0")
    with pytest.raises(PackageError, match="does not match its \\$schema version"):
        build_package(ENV, tmp_path / "out.zip", schema_root=schema_root, source_dir=source_dir)


def test_placeholder_inside_a_longer_string_is_rejected(
    tmp_path: Path, schema_root: Path, source_dir: Path
) -> None:
    _edit_template(source_dir, validDomains=["api.${{BOT_DOMAIN}}"])
    with pytest.raises(PackageError, match="whole value"):
        build_package(ENV, tmp_path / "out.zip", schema_root=schema_root, source_dir=source_dir)


def test_missing_schemas_say_how_to_install_them(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="npm ci"):
        build_package(ENV, tmp_path / "out.zip", schema_root=tmp_path / "no-node-modules")


def test_schema_registry_never_goes_online(schema_root: Path) -> None:
    registry = make_schema_registry(schema_root)
    with pytest.raises((NoSuchResource, Unresolvable)):
        registry.get_or_retrieve("https://example.com/MicrosoftTeams.schema.json")
    with pytest.raises((NoSuchResource, Unresolvable)):
        registry.get_or_retrieve("https://developer.microsoft.com/json-schemas/../../etc/passwd")
    template = json.loads((MANIFEST_DIR / TEMPLATE_NAME).read_text(encoding="utf-8"))
    local = registry.get_or_retrieve(template["$schema"])
    assert "properties" in local.value.contents


def test_schema_refs_to_other_files_resolve_locally(tmp_path: Path) -> None:
    folder = tmp_path / "teams" / "v9.9"
    folder.mkdir(parents=True)
    draft4 = "http://json-schema.org/draft-04/schema#"
    (folder / "Main.schema.json").write_text(
        json.dumps(
            {
                "$schema": draft4,
                "type": "object",
                "properties": {
                    "id": {"$ref": "Common.schema.json#/definitions/guid"},
                    "other": {"$ref": "https://example.com/elsewhere.json"},
                },
            }
        ),
        encoding="utf-8",
    )
    (folder / "Common.schema.json").write_text(
        json.dumps(
            {"$schema": draft4, "definitions": {"guid": {"type": "string", "pattern": "^g$"}}}
        ),
        encoding="utf-8",
    )
    registry = make_schema_registry(tmp_path)
    url = "https://developer.microsoft.com/json-schemas/teams/v9.9/Main.schema.json"
    validate_against_schema({"id": "g"}, url, registry, what="doc")
    with pytest.raises(PackageError, match=r"\$\.id"):
        validate_against_schema({"id": "h"}, url, registry, what="doc")
    with pytest.raises(PackageError, match="not available offline"):
        validate_against_schema({"other": 1}, url, registry, what="doc")


# --- icons ------------------------------------------------------------------------------


def test_icon_sizes() -> None:
    with Image.open(MANIFEST_DIR / "color.png") as color:
        assert color.format == "PNG"
        assert color.size == (192, 192)
    with Image.open(MANIFEST_DIR / "outline.png") as outline:
        assert outline.format == "PNG"
        assert outline.size == (32, 32)


def test_outline_icon_is_white_on_transparent() -> None:
    with Image.open(MANIFEST_DIR / "outline.png") as image:
        rgba = image.convert("RGBA")
    raw = rgba.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    visible = [p for p in pixels if p[3] > 0]
    assert visible, "the outline icon has no glyph"
    assert all(p[:3] == (255, 255, 255) for p in visible)
    assert sum(1 for p in pixels if p[3] == 0) >= len(pixels) // 4
    for x, y in ((0, 0), (31, 0), (0, 31), (31, 31)):
        assert pixels[y * 32 + x][3] == 0


def test_color_icon_is_in_colour() -> None:
    with Image.open(MANIFEST_DIR / "color.png") as image:
        raw = image.convert("RGB").tobytes()
    saturated = {
        tuple(raw[i : i + 3])
        for i in range(0, len(raw), 3)
        if max(raw[i : i + 3]) - min(raw[i : i + 3]) > 60
    }
    assert len(saturated) > 10


def test_committed_icons_match_the_generator() -> None:
    for name, rendered in (
        ("color.png", make_icons.render_color_icon()),
        ("outline.png", make_icons.render_outline_icon()),
    ):
        with Image.open(MANIFEST_DIR / name) as committed:
            assert committed.convert("RGBA").tobytes() == rendered.convert("RGBA").tobytes(), (
                f"{name} is out of date: run `python manifest/make_icons.py`"
            )


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, format="PNG")
    return path


def test_outline_with_a_coloured_pixel_is_rejected(tmp_path: Path) -> None:
    with Image.open(MANIFEST_DIR / "outline.png") as image:
        broken = image.convert("RGBA")
    broken.putpixel((16, 16), (0, 90, 160, 255))
    with pytest.raises(PackageError, match="white only"):
        check_outline_icon(_save(broken, tmp_path / "outline.png"))


def test_outline_without_transparency_is_rejected(tmp_path: Path) -> None:
    opaque = Image.new("RGB", (32, 32), (255, 255, 255))
    with pytest.raises(PackageError, match="transparent background"):
        check_outline_icon(_save(opaque, tmp_path / "outline.png"))
    filled = Image.new("RGBA", (32, 32), (255, 255, 255, 255))
    with pytest.raises(PackageError, match="transparent background"):
        check_outline_icon(_save(filled, tmp_path / "outline2.png"))


def test_icons_of_the_wrong_size_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="192×192"):
        check_color_icon(_save(Image.new("RGB", (96, 96), (11, 79, 156)), tmp_path / "c.png"))
    with pytest.raises(PackageError, match="32×32"):
        check_outline_icon(_save(Image.new("RGBA", (20, 20)), tmp_path / "o.png"))


def test_icon_that_is_not_a_png_is_rejected(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (192, 192), (11, 79, 156)).save(buffer, format="JPEG")
    path = tmp_path / "color.png"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(PackageError, match="must be a PNG"):
        check_color_icon(path)


def test_package_refuses_a_bad_icon(tmp_path: Path, schema_root: Path, source_dir: Path) -> None:
    Image.new("RGBA", (32, 32), (0, 0, 0, 255)).save(source_dir / "outline.png")
    out = tmp_path / "out.zip"
    with pytest.raises(PackageError, match="outline icon"):
        build_package(ENV, out, schema_root=schema_root, source_dir=source_dir)
    assert not out.exists()


# --- admin command ----------------------------------------------------------------------


def _command_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    package.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_admin_package_command_writes_and_reports(
    tmp_path: Path,
    schema_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_ID", BOT_ID)
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    monkeypatch.delenv("BOT_DOMAIN", raising=False)
    out = tmp_path / "build" / "malbot.zip"
    args = _command_args("--output", str(out), "--schema-root", str(schema_root))
    assert package.run(args) == 0
    assert out.is_file()
    printed = capsys.readouterr().out
    assert str(out) in printed
    assert BOT_ID in printed


def test_admin_package_command_reads_dotenv(
    tmp_path: Path,
    schema_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """BOT_ID in the project folder's .env is enough, as for every other setting."""
    import config

    project = tmp_path / "project"
    project.mkdir()
    (project / ".env").write_text(f"BOT_ID={BOT_ID}\n", encoding="utf-8")
    monkeypatch.setattr(config, "PROJECT_ROOT", project)
    for name in ("BOT_ID", "TEAMS_APP_ID", "BOT_DOMAIN"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "malbot.zip"
    assert package.run(_command_args("--output", str(out), "--schema-root",
                                     str(schema_root))) == 0
    assert BOT_ID in capsys.readouterr().out


def test_admin_package_command_turns_errors_into_admin_errors(
    tmp_path: Path, schema_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOT_ID", raising=False)
    args = _command_args("--output", str(tmp_path / "x.zip"), "--schema-root", str(schema_root))
    with pytest.raises(AdminError, match="BOT_ID is not set"):
        package.run(args)
