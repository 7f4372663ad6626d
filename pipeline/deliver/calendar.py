"""The planning as an iCalendar file a provider imports into its agenda (icalendar package).

One event per step: the rows of one step (a planning table repeated per provider
group, a sentence repeating a table row) become one event naming its groups. A
step with a clock time starts at that time in Europe/Amsterdam (with a
VTIMEZONE), else it is an all-day event. The summary names insurer, care domain,
policy year and step (`VGZ MSZ 2027 — aanleveren offerte (uiterste datum)`); a
hard deadline has an alarm a week before. UIDs hash the series, policy year,
kind and action (plus a counter for the same action twice), not the date or the
file's bytes, so importing a corrected policy again moves its events instead of
doubling them. Filters: insurer, provider group, actor, kind and a first date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from rapidfuzz import fuzz

from pipeline.deliver import labels
from pipeline.deliver.content import Policy, Source, SourceBook, policy
from pipeline.deliver.steps import merge_repeated, normalised_action, short_action
from pipeline.deliver.tables import Record, Tables, load_tables

PRODID = "-//zorginkoop-pipeline//planning//NL"
UID_DOMAIN = "zorginkoop-pipeline"
TIMEZONE = ZoneInfo("Europe/Amsterdam")
ALARM_BEFORE = timedelta(days=7)
DEFAULT_ACTOR = "zorgaanbieder"
DEFAULT_KINDS = ("deadline", "preferred")
KINDS = ("deadline", "preferred", "start", "end", "event")
ACTORS = ("zorgaanbieder", "zorgverzekeraar", "overig")
GROUP_MATCH = 85.0  # partial similarity of --group and a group's name that selects the group
ALL = "alle"  # --actor alle, --kind alle: no filter
_CLOCK_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


@dataclass(frozen=True)
class Filters:
    """Which steps go into the calendar; `None` (or `alle`) lets every value through."""

    first_day: date
    insurer: str | None = None
    group: str | None = None
    actor: str | None = DEFAULT_ACTOR
    kinds: tuple[str, ...] | None = DEFAULT_KINDS

    def keeps(self, step: CalendarStep) -> bool:
        return (
            step.day >= self.first_day
            and (not self.insurer or (step.policy.insurer or "").casefold() == self.insurer.casefold())
            and (self.actor in (None, ALL) or step.actor == self.actor)
            and (not self.kinds or ALL in self.kinds or step.kind in self.kinds)
            and self.keeps_group(step.groups)
        )

    def keeps_group(self, groups: tuple[str, ...]) -> bool:
        """A step for every provider (no group) belongs to each group's calendar.

        The name given matches part of a group's name, loosely, so that a singular finds its
        plural (`ziekenhuis`, `ziekenhuizen`) and `ZBC` finds `nieuwe ZBC's`.
        """
        if not self.group or not groups:
            return True
        wanted = self.group.casefold()
        return any(fuzz.partial_ratio(wanted, group.casefold()) >= GROUP_MATCH for group in groups)


@dataclass(frozen=True)
class CalendarStep:
    uid: str
    policy: Policy
    day: date
    time: str | None
    kind: str
    actor: str | None
    action: str
    channel: str | None
    groups: tuple[str, ...]
    sources: tuple[Source, ...] = field(default=())

    @property
    def summary(self) -> str:
        """`VGZ MSZ 2027 — aanleveren offerte (uiterste datum)`."""
        return f"{self.policy.label} — {short_action(self.action)} ({labels.step_kind(self.kind)})"


def calendar_command(out: Path, ics: Path, filters: Filters, stamp: datetime | None = None) -> int:
    """Write the steps in `out` that pass `filters` to `ics`; returns the number of events (none: no file)."""
    steps = [s for s in calendar_steps(load_tables(out)) if filters.keeps(s)]
    if steps:
        ics.parent.mkdir(parents=True, exist_ok=True)
        ics.write_bytes(render_calendar(steps, stamp or datetime.now(UTC)))
    return len(steps)


def calendar_steps(tables: Tables) -> list[CalendarStep]:
    """Every dated step of the run, one per step, in date order."""
    policies = {r["doc_id"]: policy(r) for r in tables.documents}
    sentences = {r["sentence_id"]: r for r in tables.sentences}
    book = SourceBook(sentences, {r["section_id"]: r for r in tables.sections})
    dated = [r for r in tables.deadlines if r.get("date") and r["doc_id"] in policies]
    dated.sort(key=lambda r: (r["doc_id"], r["sentence_id"]))
    merged = merge_repeated(dated, key=lambda r: (r["doc_id"], r["date"], r["time"], r["kind"], r["actor"]))
    steps = [calendar_step(policies[rows[0]["doc_id"]], rows, book) for rows in merged]
    steps = with_unique_uids(steps)
    return sorted(steps, key=lambda s: (s.day, s.time or "", s.uid))


def calendar_step(policy: Policy, rows: list[Record], book: SourceBook) -> CalendarStep:
    first = rows[0]
    groups = () if any(not r.get("group") for r in rows) else tuple(dict.fromkeys(r["group"] for r in rows))
    cited = [sentence for r in rows for sentence in (r["sentence_id"], r.get("repeated_in"))]
    sources = tuple(dict.fromkeys(s for s in (book.cite(c) for c in cited) if s))
    action = first.get("action") or (sources[0].text if sources else "")
    return CalendarStep(
        uid=step_key(policy, first["kind"], action),
        policy=policy,
        day=first["date"],
        time=first.get("time"),
        kind=first["kind"],
        actor=first.get("actor"),
        action=action,
        channel=first.get("channel"),
        groups=groups,
        sources=sources,
    )


def step_key(policy: Policy, kind: str, action: str) -> str:
    series = policy.series_id or policy.doc_id
    return f"{series}|{policy.policy_year}|{kind}|{normalised_action(short_action(action))}"


def with_unique_uids(steps: list[CalendarStep]) -> list[CalendarStep]:
    """Hash each step's key into a UID; the same key twice (one action on two days) gets a counter by date."""
    seen: dict[str, int] = {}
    unique = []
    for step in sorted(steps, key=lambda s: (s.day, s.time or "")):
        seen[step.uid] = seen.get(step.uid, 0) + 1
        digest = hashlib.sha256(f"{step.uid}|{seen[step.uid]}".encode()).hexdigest()[:24]
        unique.append(replace_uid(step, f"{digest}@{UID_DOMAIN}"))
    return unique


def replace_uid(step: CalendarStep, uid: str) -> CalendarStep:
    return replace(step, uid=uid)


def render_calendar(steps: Iterable[CalendarStep], stamp: datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", labels.calendar_text("name"))
    calendar.add("x-wr-timezone", TIMEZONE.key)
    for step in steps:
        calendar.add_component(event(step, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event(step: CalendarStep, stamp: datetime) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", step.uid)
    item.add("dtstamp", stamp)
    at = clock_time(step.time)
    if at is not None:
        start = datetime.combine(step.day, at, tzinfo=TIMEZONE)
        item.add("dtstart", start)
        item.add("dtend", start)
    else:
        item.add("dtstart", step.day)
        item.add("dtend", step.day + timedelta(days=1))
    item.add("summary", step.summary)
    item.add("description", description(step))
    item.add("categories", [c for c in (step.policy.insurer, labels.step_kind(step.kind)) if c])
    item.add("transp", "TRANSPARENT")
    if step.kind == "deadline":
        item.add_component(alarm(step))
    return item


def alarm(step: CalendarStep) -> icalendar.Alarm:
    reminder = icalendar.Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("trigger", -ALARM_BEFORE)
    reminder.add("description", labels.calendar_text("alarm") + step.summary)
    return reminder


def description(step: CalendarStep) -> str:
    t = labels.text
    policy_file = step.policy.source_file
    lines = [
        (labels.calendar_text("policy"), f"{step.policy.title or step.policy.label} ({policy_file})"),
        (t("action"), step.action),
        (t("kind"), labels.step_kind(step.kind)),
        (t("time"), labels.clock(step.time)),
        (t("actor"), labels.actor(step.actor)),
        (t("for_group"), ", ".join(step.groups) or t("all_providers")),
        (t("channel"), step.channel),
    ]
    text = "\n".join(f"{label}: {value}" for label, value in lines if value)
    if step.kind == "preferred":
        text += "\n" + labels.calendar_text("preferred_note")
    for source in step.sources:
        where = f" ({source.where})" if source.where else ""
        text += f"\n{labels.calendar_text('source')}{where}: {source.text}"
    return text


def clock_time(value: str | None) -> time | None:
    """`17:00` (or `17.00`) as a time; anything else leaves the event all-day."""
    match = _CLOCK_RE.match(value or "")
    return time(int(match[1]), int(match[2])) if match else None
