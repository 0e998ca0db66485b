"""Seeded generator of the partner extracts that have no public source: a made-up but plausible pandemic
story for Chorley and South Ribble, consistent with the real places.

``generate(out_dir, seed=20200323)`` writes every file below ``out_dir`` in each partner's own format
(docs: FORMATS.md); the same seed gives byte-identical files (no timestamps; zip and xlsx entries carry a
fixed date). ``python -m sample_data.generate --hub-rows N --hub-out FILE`` streams one community-hub CSV of
exactly N rows in chunks (bounded memory) for benchmarks.

Real inputs (the public files of ``sample_data/public``, OGL v3): the 37 wards of both districts (ONS WD25),
Census 2021 usual residents by ward and single year of age, IoD 2019 ranks by LSOA 2011 (the edition both
districts have) through the LSOA 2011 -> ward lookup, and the 26 practices of Chorley & South Ribble CCG
with their real list sizes and PCNs. The police months, the boundaries, the population and deprivation
themselves are not generated: they are the real files. Every record written here is generated.

Story parameters (every rate is per head of the Census 2021 population in the right ages, times the
ward's deprivation multiplier, then drawn from Poisson counts around the expectation; a day- or
month-level gamma frailty makes the counts negative binomial). Volumes below are set for Chorley's
117,753 residents and scale with the partnership's population (``Borough.scale``, 1.94 for both districts):

- Deprivation: an LSOA's weight is 1 + ln(32,844 / its IMD 2019 rank) (1 for the least deprived LSOA in
  England, ~9 for the most); a ward's is the mean of its LSOAs'; multiplier = (ward weight / mean) ** 1.5, so
  Chorley East gets ~2.6x the demand per head of Euxton and the most deprived ward ~4.6x the least.
- Community hub: opens 23/03/2020; 10,000 requests expected 23/03/2020-31/12/2021 (daily gamma frailty,
  shape 25). April-2020 mix: personal shopping 33%, food parcel 32%, prescription collection 15%,
  befriending 7%, financial hardship 5%, other 5%, digital support 3%. Each type follows its own curve
  (HUB_CURVES): peak April-May 2020, down to ~10-30% of the peak by August 2020, up again with the
  5 Nov 2020 and 6 Jan 2021 lockdowns; financial hardship instead climbs to autumn 2020 and again
  after the October 2021 Universal Credit cut. Age profile per head (HUB_AGE_PROFILE): food parcels
  ~3.5-4x higher per head at 16-64 than 65+; personal shopping and prescription collection rise steeply
  with age (85+ ~40x 25-49). Weekdays 1.0 (Monday 1.15), Saturday 0.35, Sunday 0.15.
- Citizens Advice: 4,200 issues expected in 2019 on weekdays that are not bank holidays; clients raise
  1 + Poisson(1.2) issues (at most 6) at one contact. Per-category multipliers against 2019
  (CA_CATEGORIES): housing x1.4 from April 2020 (x1.3 in 2021), Universal Credit x2.2 in April 2020,
  employment x1.8 then x2.0 in autumn 2020; within employment, redundancy x3.5 from mid-September to
  mid-November 2020 (end of the first furlough scheme) and x2.2 in October 2021; every category x0.5
  in the last week of March 2020 while doors closed. Channels move from 45% face to face to 3% during
  restrictions (23/03/2020-18/07/2021) and back to 20%.
- Mental health trust: referrals per 1,000 aged 16+ per month START 2.0, IAPT 3.2, CMHT 1.8; START x0.45
  and IAPT x0.5 in April 2020, then a delayed surge to x1.3 in September-October 2020 (MH_MONTHLY;
  monthly gamma frailty, shape 200). Assessments are Binomial(waiting + new, p) with p START 0.45,
  IAPT 0.30, CMHT 0.35 (x0.75 in Apr-Jun 2020); the trust shows ``*`` for every count of 1-4 (~2% of
  cells, mostly CMHT and START in the smaller, less deprived wards).
- GP appointments: 0.42 appointments per registered patient per month (x0.68 in April 2020, x1.07 from
  May 2021, seasonal); face to face 80% before March 2020 -> 40% in Apr-Jun 2020 -> 44-45% after,
  telephone 13.5% -> 46-52%, video 0.5% -> 3.5%, so telephone + video is ~14% in 2019 and ~50% in
  2021; DNA 5% of face-to-face (3% during restrictions). 10 fictional practices, 118,400 patients.
- Voluntary sector: 40 organisations surveyed in June 2020 and again in June 2021 (two closed, two new);
  income lost and closures far higher in 2020; food organisations gain volunteers, older-people's
  groups lose them (older volunteers shielding).

Mess, as real exports have it (documented so the loaders' handling shows):

- Ward names: ~84% as published; the rest upper case, lower case, "and" for "&", or leading/trailing
  spaces. 1.5% of hub and Citizens Advice rows record the ward as blank, "Unknown" or "Out of area"
  (ward not known, still in the borough); a ward name is never misspelt.
- Hub: Age Band blank on 2% of rows (loaders map it to Unknown) and "Unknown" on 1%; 0.3% of rows
  appear twice, exactly (same Request ID, every field identical); Notes free text holds commas,
  quotes, a pound sign, embedded newlines and entries starting with =, +, - or @. The 2020 file writes
  dates day-first (27/03/2020), the 2021 file ISO (2021-01-04); never both in one file.
- Citizens Advice: 4% "Not recorded" age; both CSVs have Windows (CRLF) line ends; 2019 is UTF-8 with
  a BOM; 2020 is Windows-1252 (the "Test and Trace support payment – self-isolation" detail, from
  28/09/2020, has an en dash: byte 0x96, not valid UTF-8) and ends with a blank line; 2021 is an .xlsx
  with a title row and a blank row above the header (row 3) and real Excel dates.
- GP appointments: video appointments are "Video Conference/Online" in 2019 rows and "Video/Online"
  from 2020, as the publication renamed them; the time bands keep the published double spaces
  ("8  to 14 Days"); only the combinations in GP_CELLS / GP_DNA_CELLS appear (a subset, to keep the
  file small) and zero counts are omitted, as published.
- Mental health: ``*`` for suppressed counts of 1-4.
- Voluntary sector: Wards Served joins ward names with ";" and carries the same case/"and"/space
  variants as the other files.

Benchmark mode (``write_hub_rows``) draws requests from the same expectations (no frailty), writes
day-first dates, sorts each chunk by day (so dates restart at each chunk) and keeps the 0.3% exact
repeats; Request IDs are ``B`` + 9 digits, the normal files use ``CH`` + 6 digits.

Postcode districts, organisations, streets and notes are invented or approximate.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import sources
from sample_data.common import DEFAULT_OUT, DEFAULT_SEED, borough
from sample_data.community_hub import write_hub_rows


def generators() -> list[str]:
    """Each source's declared sample generator, once each, in loading order."""
    return list(dict.fromkeys(s.sample_generator for s in sources.all_sources() if s.sample_generator))


def generate(out_dir: Path, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write every sample extract under ``out_dir``; return the paths written, sorted."""
    out, b = Path(out_dir), borough()
    paths: list[Path] = []
    for module in generators():
        paths += importlib.import_module(module).write(out, b, seed)
    return sorted(paths)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the extracts (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--hub-rows", type=int, help="write one community-hub CSV of exactly this many rows")
    parser.add_argument("--hub-out", type=Path, help="the file for --hub-rows")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.hub_rows is not None:
        if args.hub_out is None:
            parser.error("--hub-rows needs --hub-out FILE")
        if args.hub_rows < 0:
            parser.error("--hub-rows must be zero or more")
        write_hub_rows(args.hub_out, args.hub_rows, seed=args.seed)
        took = time.perf_counter() - started
        print(f"{args.hub_rows:,} hub rows -> {args.hub_out} in {took:.1f} s "
              f"({args.hub_rows / max(took, 1e-9):,.0f} rows/s)")
        return 0
    paths = generate(args.out, seed=args.seed)
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(f"{p.stat().st_size:>10,}  {p}")
    print(f"{len(paths)} files, {total:,} bytes in {time.perf_counter() - started:.1f} s (generated, illustrative: the real public files are in sample_data/public)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
