"""The front-end files the interface serves: the package's ``web/static`` folder (our own
scripts and styles, the vendored libraries listed in ``static/vendor/manifest.json``, the base
map) and Leaflet, which comes from the XStatic-Leaflet package on PyPI.

Everything is served by this server; no page loads anything from another host.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = "/static"
LEAFLET_URL = "/static/vendor/leaflet"


@dataclass(frozen=True)
class Assets:
    """URLs of the vendored files, for templates: ``assets.yasgui_js`` and so on."""

    yasgui_js: str
    yasgui_css: str
    cytoscape_js: str
    swagger_js: str
    swagger_css: str
    leaflet_js: str
    leaflet_css: str
    basemap: str
    versions: dict


@cache
def leaflet_dir() -> Path:
    try:
        from xstatic.pkg import leaflet
    except ImportError:
        raise RuntimeError("the map needs the XStatic-Leaflet package: pip install XStatic-Leaflet") from None
    return Path(leaflet.BASE_DIR)


def leaflet_version() -> str:
    from xstatic.pkg import leaflet

    return leaflet.VERSION


@cache
def assets() -> Assets:
    manifest = json.loads((STATIC_DIR / "vendor" / "manifest.json").read_text(encoding="utf-8"))

    def url(lib: str, file: str) -> str:
        entry = manifest[lib]
        if file not in entry["files"]:
            raise RuntimeError(f"static/vendor/manifest.json lists no {file} for {lib}; run scripts/refresh-vendor")
        return f"{STATIC_URL}/{entry['dir']}/{file}"

    versions = {name: f"{entry['package']} {entry['version']}" for name, entry in manifest.items()}
    versions["leaflet"] = f"XStatic-Leaflet (Leaflet {leaflet_version()})"
    return Assets(
        yasgui_js=url("yasgui", "yasgui.min.js"),
        yasgui_css=url("yasgui", "yasgui.min.css"),
        cytoscape_js=url("cytoscape", "cytoscape.min.js"),
        swagger_js=url("swagger-ui", "swagger-ui-bundle.js"),
        swagger_css=url("swagger-ui", "swagger-ui.css"),
        leaflet_js=f"{LEAFLET_URL}/leaflet.js",
        leaflet_css=f"{LEAFLET_URL}/leaflet.css",
        basemap=url("basemap", "ne-110m-countries.geojson"),
        versions=versions,
    )
