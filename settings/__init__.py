"""The partnership's configuration, read once from `dashboard.toml` (or the file in DASHBOARD_CONFIG).

Plain declarative data in the style of Datasette's SETTINGS: every layer reads the same frozen object.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "dashboard.toml"


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    district: str = ""


@dataclass(frozen=True)
class Group:
    """A named group of wards the partnership reports on (a locality, a town, a neighbourhood team)."""

    code: str
    name: str
    wards: tuple[str, ...]


@dataclass(frozen=True)
class Pcn:
    """A primary care network declared in configuration: the wards it serves (instead of its practices' wards)."""

    code: str
    wards: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class Target:
    """A target of a priority: an indicator's value in an area by a date, or the gap between the most and
    least deprived wards (`gap = "deprivation"`: the slope index of inequality across deprivation deciles)."""

    indicator: str
    value: float
    by: str  # "YYYY-MM": the target is judged on the period of `period` kind holding this month
    area: str = ""  # "" = the whole partnership (or the district when there is one)
    gap: str = ""  # "" or "deprivation"
    direction: str = ""  # "below" or "above"; "" = from the indicator's polarity
    period: str = "quarter"
    points: int = 8  # the latest periods the trend line goes through

    def __post_init__(self) -> None:
        if self.gap not in ("", "deprivation"):
            raise ValueError(f"target for {self.indicator}: gap must be \"deprivation\" or left out, not {self.gap!r}")
        if self.direction not in ("", "below", "above"):
            raise ValueError(f"target for {self.indicator}: direction must be \"below\" or \"above\"")
        if self.period not in ("month", "quarter"):
            raise ValueError(f"target for {self.indicator}: period must be \"month\" or \"quarter\"")
        if len(self.by) != 7 or self.by[4] != "-":
            raise ValueError(f"target for {self.indicator}: by must be a month such as \"2022-12\", not {self.by!r}")

    @property
    def key(self) -> str:
        """A stable name for the target (alerts and links use it)."""
        where = self.gap or self.area or "top"
        return f"{self.indicator}:{where}:{self.by}"


@dataclass(frozen=True)
class Priority:
    name: str
    indicators: tuple[str, ...]
    targets: tuple[Target, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Email:
    """SMTP for the alert digest (`python -m warehouse digest --send`); the password comes from the
    environment variable DASHBOARD_SMTP_PASSWORD, never from the file."""

    host: str = ""
    port: int = 25
    sender: str = ""
    starttls: bool = False
    username: str = ""
    analysts: tuple[str, ...] = ()  # who gets the full digest
    viewers: tuple[str, ...] = ()  # who gets the suppressed digest

    @property
    def password(self) -> str:
        return os.environ.get("DASHBOARD_SMTP_PASSWORD", "")


@dataclass(frozen=True)
class Settings:
    partnership: str
    districts: tuple[str, ...]
    county_code: str
    county_name: str
    wards: tuple[Ward, ...]
    baseline_start: str
    baseline_end: str
    pandemic_start: str
    lockdowns: tuple[str, ...]
    threshold: int
    rounding: int
    store_url: str
    ward_boundaries: Path | None
    borough_outline: Path | None
    config_path: Path
    analysts: tuple[str, ...] = ()
    analyst_domains: tuple[str, ...] = ()
    viewers: tuple[str, ...] = ()
    viewer_domains: tuple[str, ...] = ()
    max_upload_mb: int = 50
    district_names: tuple[str, ...] = ()
    partners: tuple[tuple[str, str], ...] = ()
    groups: tuple[Group, ...] = ()
    pcns: tuple[Pcn, ...] = ()
    priorities: tuple[Priority, ...] = ()
    email: Email = Email()
    app_url: str = "http://localhost:8501"
    # [provision]: the ward a register row is counted in when it gives no coordinates and no ward (approximate)
    provision_postcode_districts: tuple[tuple[str, str], ...] = ()  # ("PR25", ward code)
    provision_towns: tuple[tuple[str, str], ...] = ()  # ("Leyland", ward code)

    @property
    def targets(self) -> tuple[Target, ...]:
        return tuple(t for p in self.priorities for t in p.targets)

    def partner_name(self, source: str, default: str) -> str:
        """The partner's own name for a source (dashboard.toml [partners]), else the declared one."""
        return dict(self.partners).get(source, default)

    @property
    def district_name(self) -> dict[str, str]:
        names = self.district_names or self.districts
        return dict(zip(self.districts, names, strict=False))

    def role_for(self, email: str | None) -> str | None:
        """'analyst', 'viewer' or None (no access) for a signed-in e-mail; explicit addresses win over domains."""
        if not email:
            return None
        email = email.strip().lower()
        domain = email.rsplit("@", 1)[-1]
        if email in self.analysts:
            return "analyst"
        if email in self.viewers:
            return "viewer"
        if domain in self.analyst_domains:
            return "analyst"
        if domain in self.viewer_domains:
            return "viewer"
        return None

    @property
    def ward_names(self) -> dict[str, str]:
        return {w.code: w.name for w in self.wards}


def _resolve(base: Path, value: str) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def _store_url(base: Path, url: str) -> str:
    """Make a relative DuckDB path absolute against the config file's folder."""
    prefix = "duckdb:///"
    if url.startswith(prefix) and not url[len(prefix):].startswith("/") and url != "duckdb:///:memory:":
        return prefix + str((base / url[len(prefix):]).resolve())
    return url


def load_settings(path: str | Path | None = None) -> Settings:
    config_path = Path(path or os.environ.get("DASHBOARD_CONFIG") or DEFAULT_CONFIG).resolve()
    with config_path.open("rb") as f:
        raw = tomllib.load(f)
    base = config_path.parent
    partnership, baseline = raw["partnership"], raw["baseline"]
    disclosure, geography = raw.get("disclosure", {}), raw.get("geography", {})
    access = raw.get("access", {})
    url = os.environ.get("DASHBOARD_DB_URL") or raw.get("store", {}).get("url", "duckdb:///data/dashboard.duckdb")
    return Settings(
        partnership=partnership["name"],
        districts=tuple(partnership["districts"]),
        county_code=partnership.get("county", {}).get("code", ""),
        county_name=partnership.get("county", {}).get("name", ""),
        wards=_wards(raw, tuple(partnership["districts"])),
        baseline_start=baseline["start"],
        baseline_end=baseline["end"],
        pandemic_start=baseline.get("pandemic_start", "2020-03-23"),
        lockdowns=tuple(baseline.get("lockdowns", ())),
        threshold=int(disclosure.get("threshold", 7)),
        rounding=int(disclosure.get("rounding", 5)),
        store_url=_store_url(base, url),
        ward_boundaries=_resolve(base, geography.get("ward_boundaries", "")),
        borough_outline=_resolve(base, geography.get("borough_outline", "")),
        config_path=config_path,
        analysts=tuple(a.lower() for a in access.get("analysts", [])),
        analyst_domains=tuple(d.lower() for d in access.get("analyst_domains", [])),
        viewers=tuple(v.lower() for v in access.get("viewers", [])),
        viewer_domains=tuple(d.lower() for d in access.get("viewer_domains", [])),
        max_upload_mb=int(raw.get("uploads", {}).get("max_mb", 50)),
        district_names=tuple(partnership.get("district_names", ())),
        partners=tuple((str(k), str(v)) for k, v in raw.get("partners", {}).items()),  # in the order given
        groups=tuple(Group(code=str(g["code"]), name=str(g["name"]), wards=tuple(g["wards"]))
                     for g in raw.get("groups", [])),
        pcns=tuple(Pcn(code=str(p["code"]).upper(), wards=tuple(p["wards"]), name=str(p.get("name", "")))
                   for p in raw.get("pcns", [])),
        priorities=tuple(_priority(p) for p in raw.get("priorities", [])),
        email=_email(raw.get("email", {})),
        app_url=str(raw.get("app", {}).get("url", "http://localhost:8501")).rstrip("/"),
        provision_postcode_districts=tuple((str(k).upper(), str(v)) for k, v in
                                           raw.get("provision", {}).get("postcode_districts", {}).items()),
        provision_towns=tuple((str(k), str(v)) for k, v in raw.get("provision", {}).get("towns", {}).items()),
    )


def _priority(raw: dict) -> Priority:
    targets = []
    for t in raw.get("targets", []):
        unknown = set(t) - {"indicator", "value", "by", "area", "gap", "direction", "period", "points"}
        if unknown:
            raise ValueError(f"priority {raw.get('name')!r}: unknown target setting(s) {', '.join(sorted(unknown))}")
        targets.append(Target(indicator=str(t["indicator"]), value=float(t["value"]), by=str(t["by"]),
                              area=str(t.get("area", "")), gap=str(t.get("gap", "")),
                              direction=str(t.get("direction", "")), period=str(t.get("period", "quarter")),
                              points=int(t.get("points", 8))))
    return Priority(name=str(raw["name"]), indicators=tuple(raw.get("indicators", ())), targets=tuple(targets),
                    description=str(raw.get("description", "")))


def _email(raw: dict) -> Email:
    if "password" in raw:
        raise ValueError("[email] password must not be in the configuration file: set DASHBOARD_SMTP_PASSWORD")
    return Email(host=str(raw.get("host", "")), port=int(raw.get("port", 25)), sender=str(raw.get("from", "")),
                 starttls=bool(raw.get("starttls", False)), username=str(raw.get("username", "")),
                 analysts=tuple(raw.get("analysts", ())), viewers=tuple(raw.get("viewers", ())))


def _wards(raw: dict, districts: tuple[str, ...]) -> tuple[Ward, ...]:
    """The configured wards; a ward names its district unless the partnership has only one."""
    out = []
    for w in raw.get("wards", []):
        district = w.get("district") or (districts[0] if len(districts) == 1 else "")
        if district not in districts:
            raise ValueError(f"ward {w['code']} ({w['name']}) needs district = one of {', '.join(districts)}")
        out.append(Ward(code=w["code"], name=w["name"], district=district))
    return tuple(out)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests that change the environment call `get_settings.cache_clear()`)."""
    return load_settings()
