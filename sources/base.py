"""What a source declaration is made of: plain, frozen data that every layer reads.

A partner source is declared once (``sources/<name>.py`` holds ``SOURCE = Source(...)``): its name and
partner, the vocabularies its loader accepts, its age bands, its indicators (with the headline and the
matrix indicators named among them), which module loads it and which generates its sample extract.
The registry, the schemas, the catalogue, the overview, the sample builder and the bad-input corpus all
read these declarations; nothing else lists sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

THEMES = ("Nutrition and food", "Independence", "Money and work", "Housing", "Crime and safety",
          "Mental wellbeing", "Health services", "Digital inclusion", "Deprivation context")
# Declared per indicator, never guessed: "high_is_bad" (lower is better: crime, missed appointments, deprivation),
# "high_is_good", or "no_judgement" where better or worse is not plain (demand for help, shares of contacts,
# service use): the pages then say "higher" or "lower", never "better" or "worse".
POLARITIES = ("high_is_bad", "high_is_good", "no_judgement")
METHODS = ("rate", "proportion", "score")
DENOMINATORS = ("population", "registered_patients", "events", "none")


@dataclass(frozen=True)
class AgeBand:
    """A band a partner records, as single years of the population table (``hi`` None = no upper limit)."""

    label: str
    lo: int
    hi: int | None

    def within(self, lo: int, hi: int | None) -> bool:
        """Whether the band lies inside the age range lo..hi (hi None = no upper limit)."""
        top = self.hi if self.hi is not None else 200
        return self.lo >= lo and (hi is None or top <= hi)


@dataclass(frozen=True)
class EventFilter:
    """Which events count towards a numerator (or a denominator made of events)."""

    source: str
    categories: tuple[str, ...] = ()
    subcategories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    repeat_only: bool = False

    def without_bands(self) -> EventFilter:
        """The same events over every age band: the family an age-restricted indicator belongs to."""
        return EventFilter(self.source, self.categories, self.subcategories, self.channels, (), self.statuses,
                           self.repeat_only)


@dataclass(frozen=True)
class Indicator:
    """One indicator: which events it counts, what it divides by, how, and what it means.

    ``denominator``: "population" (Census single years ``age_min``..``age_max``), "registered_patients"
    (GP list sizes), "events" (a share of ``denominator_events``) or "none" (a published score).
    ``attribution`` may name ``{partner}``, filled from the configuration's partner names.
    """

    id: str
    title: str
    theme: str
    numerator: EventFilter | None
    denominator: str
    unit: str
    definition: str
    attribution: str
    polarity: str = "high_is_bad"
    method: str = "rate"
    multiplier: int = 1000
    age_min: int = 0
    age_max: int | None = None
    denominator_events: EventFilter | None = None
    breakdowns: tuple[str, ...] = ()
    standardise: bool = False  # offer a directly age-standardised rate (ESP 2013) beside the crude one
    demand: bool = True  # a count of demand (backlog, baseline change); False for context and shares
    # Demand put off, not lost (referrals to a service): a shortfall is a backlog to expect back, and the default
    # meeting agenda shows it when it is significant. Declared by the partner, never guessed.
    deferred: bool = False
    owner: str = ""  # the source declaring an indicator with no numerator (a score); "" = deprivation

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"indicator {self.id}: unknown theme {self.theme!r}")
        if self.polarity not in POLARITIES:
            raise ValueError(f"indicator {self.id}: polarity must be one of {POLARITIES}")
        if self.method not in METHODS or self.denominator not in DENOMINATORS:
            raise ValueError(f"indicator {self.id}: unknown method or denominator")
        if not self.definition.strip():
            raise ValueError(f"indicator {self.id} has no definition")
        if (self.denominator == "events") != (self.denominator_events is not None):
            raise ValueError(f"indicator {self.id}: a share needs denominator_events, and only a share")

    @property
    def source(self) -> str:
        return self.numerator.source if self.numerator else (self.owner or "deprivation")

    @property
    def age_range(self) -> str:
        """'all ages', 'aged 65+', 'aged 16-64', or what a non-population denominator counts."""
        if self.denominator != "population":
            return {"registered_patients": "registered patients", "events": "of all contacts"}.get(
                self.denominator, "")
        if self.age_min == 0 and self.age_max is None:
            return "all ages"
        return f"aged {self.age_min}+" if self.age_max is None else f"aged {self.age_min}-{self.age_max}"


@dataclass(frozen=True)
class Source:
    """One source of data, declared once.

    ``stage`` orders loading: reference data that other files resolve against (boundaries, lookups,
    population, practices) comes before the partner extracts. ``replaces`` names the columns whose values
    a newer file replaces in the store (never wider than what the file covers; ``("record_id",)`` makes every
    file an amendment of the records it holds). ``public`` marks data
    published under the Open Government Licence (real in the sample store); partner extracts are
    generated in the sample.
    """

    name: str
    title: str
    partner: str
    loader: str
    tables: tuple[str, ...] = ("events",)
    stage: int = 3
    public: bool = False
    sample_files: tuple[str, ...] = ()
    sample_generator: str | None = None
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    age_bands: tuple[AgeBand, ...] = ()
    unknown_age: str | None = None
    age_groups: tuple[tuple[int, int | None], ...] = ()  # groups of bands shown beside the bands (16-64, 65+)
    indicators: tuple[Indicator, ...] = ()
    headline: str | None = None
    matrix: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ("period",)
    weekly: bool = False
    description: str = ""
    republished: str = ""  # how records republished under the same id in a later period are counted
    short: str = ""  # a label that fits a tile ("Hub requests"); the title when empty
    # How its events find their area: "ward" (the file names it), "lsoa" (through the LSOA lookups, re-placed
    # when a lookup changes) or "practice" (through the practice list: a PCN adds up its practices).
    placed_by: str = "ward"
    # What the sample store holds for it: "public" (the real published files in sample_data/public) or
    # "generated" (illustrative extracts from sample_data/<name>.py: no public source exists).
    sample: str = "generated"
    attribution: str = ""  # the licence and attribution the Data page shows for it (public data)
    # How often a new month is expected: "monthly" (or "" for reference data and surveys), and how many days
    # after a month ends its data normally arrive. A source with no new month by then is stale (an alert).
    cadence: str = ""
    lag_days: int = 0

    @property
    def label(self) -> str:
        return self.short or self.title

    @property
    def illustrative(self) -> bool:
        """The sample store's figures for it are generated, not real (a partnership's own files are real)."""
        return self.sample == "generated"

    def __post_init__(self) -> None:
        if self.placed_by not in ("ward", "lsoa", "practice") or self.sample not in ("public", "generated"):
            raise ValueError(f"source {self.name}: placed_by must be ward, lsoa or practice; sample public or generated")
        ids = [i.id for i in self.indicators]
        for name in (*([self.headline] if self.headline else []), *self.matrix):
            if name not in ids:
                raise ValueError(f"source {self.name}: {name!r} is not one of its indicators")
        for indicator in self.indicators:
            if indicator.numerator is not None and indicator.numerator.source != self.name:
                raise ValueError(f"indicator {indicator.id} counts {indicator.numerator.source}, not {self.name}")

    def vocabulary(self, name: str) -> tuple[str, ...]:
        return tuple(self.vocabularies.get(name, ()))

    @property
    def band_labels(self) -> tuple[str, ...]:
        return tuple(b.label for b in self.age_bands)

    def bands_within(self, lo: int, hi: int | None) -> tuple[AgeBand, ...]:
        return tuple(b for b in self.age_bands if b.within(lo, hi))
