# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Zorginkoopbeleid: planning, drempels, wijzigingen en eisen
#
# Wat een analist in april wil weten: welke uiterste data komen eraan per verzekeraar, welke
# bedragen en percentages gelden, wat veranderde sinds het vorige beleid, en welke eisen gelden
# voor welke soort zorgaanbieder.
#
# Uitvoeren (vanuit de map van de repository, na `python -m pipeline run --raw raw --out extracted`):
#
# ```
# python -m jupytext --to ipynb --execute notebooks/policy_analysis.py
# ```
#
# De tabellen komen uit `$PIPELINE_OUT` als die is gezet, anders uit `extracted/` in de repository.
# Ze worden gelezen via `pipeline.deliver.tables` (met het schema van `pipeline/schema.py`), dezelfde
# lezer als de beleidsbrief: de stappen hieronder zijn dezelfde als in `python -m pipeline brief`.

# %%
# %matplotlib inline
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter


def repo_root() -> Path:
    """The folder holding the `pipeline` package: the working directory or one of its parents."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pipeline" / "__init__.py").exists():
            return folder
    raise FileNotFoundError("voer dit notebook uit binnen de repository (geen map pipeline/ gevonden)")


ROOT = repo_root()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.deliver import labels  # noqa: E402  (needs the repository on sys.path)
from pipeline.deliver.content import build_briefs  # noqa: E402
from pipeline.deliver.steps import short_action  # noqa: E402
from pipeline.deliver.tables import load_tables  # noqa: E402

OUT = Path(os.environ.get("PIPELINE_OUT") or ROOT / "extracted")
TODAY = date.fromisoformat(os.environ["PIPELINE_TODAY"]) if os.environ.get("PIPELINE_TODAY") else date.today()
pd.set_option("display.max_colwidth", 80)
print(f"tabellen uit {OUT.resolve()}, peildatum {labels.long_date(TODAY)}")

briefs = build_briefs(load_tables(OUT), TODAY)
t = labels.text

# %% [markdown]
# ## Beleidsdocumenten in deze run

# %%
pd.DataFrame(
    [
        {
            t("policy"): b.policy.label,
            t("insurer"): b.policy.insurer,
            t("care_domain"): b.policy.care_domain,
            t("policy_year"): b.policy.years,
            t("updated"): labels.long_date(b.policy.updated) or "–",
            t("n_steps"): len(b.steps),
            t("n_requirements"): len(b.requirements),
            t("n_thresholds"): len(b.thresholds),
            t("source_file"): b.policy.source_file,
        }
        for b in briefs
    ]
)

# %% [markdown]
# ## Uiterste data per verzekeraar
# Per verzekeraar een tijdlijn met alleen de harde uiterste data (geen streefdata, starts of
# momenten). Elke stap heeft een eigen regel, met datum en actie als label, zodat niets overlapt;
# rood is wat de zorgaanbieder moet doen, grijs wat de verzekeraar doet. De stippellijn is de peildatum.

# %%
ACTOR_COLOURS = {"zorgaanbieder": "#b3261e", "zorgverzekeraar": "#5d6877", "overig": "#3d5a80"}
MARGIN = timedelta(days=20)


def hard_deadlines(brief) -> list:
    return sorted((s for s in brief.steps if s.kind == "deadline" and s.date), key=lambda s: (s.date, s.time or ""))


def plot_policy_deadlines(ax, brief) -> None:
    steps = hard_deadlines(brief)
    rows = range(len(steps))
    ax.scatter([s.date for s in steps], rows, c=[ACTOR_COLOURS.get(s.actor, "#999999") for s in steps], s=60, zorder=3)
    ax.set_yticks(list(rows), [f"{labels.short_date(s.date)} · {short_action(s.action)}" for s in steps])
    ax.invert_yaxis()
    first, last = steps[0].date - MARGIN, steps[-1].date + MARGIN
    ax.set_xlim(first, last)
    if first <= TODAY <= last:
        ax.axvline(TODAY, color="#a15c00", linestyle=":", linewidth=1.2)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: labels.month_abbreviation(mdates.num2date(x).date())))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"{brief.policy.label}: {len(steps)} uiterste data", loc="left", fontsize=11)


legend = [Line2D([], [], marker="o", linestyle="", color=c, label=labels.actor(a)) for a, c in ACTOR_COLOURS.items()]
by_insurer: dict[str, list] = {}
for b in briefs:
    if hard_deadlines(b):
        by_insurer.setdefault(b.policy.insurer or "onbekende verzekeraar", []).append(b)
if not by_insurer:
    display(Markdown("Geen uiterste data in deze run."))
for insurer, policies in by_insurer.items():
    heights = [max(len(hard_deadlines(b)), 1) for b in policies]
    fig, axes = plt.subplots(
        len(policies), 1, figsize=(11, 0.34 * sum(heights) + 1.3 * len(policies) + 0.6),
        gridspec_kw={"height_ratios": heights}, squeeze=False,
    )
    for ax, brief in zip(axes[:, 0], policies, strict=True):
        plot_policy_deadlines(ax, brief)
    fig.suptitle(f"{insurer}: uiterste data in het zorginkoopbeleid", x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.legend(handles=legend, loc="upper right", bbox_to_anchor=(0.98, 1.0), ncol=3, frameon=False, fontsize=9)
    fig.tight_layout()
    plt.show()

# %% [markdown]
# ## Drempels per reeks
# Bedragen en percentages per reeks (verzekeraar en zorgdomein), met waar ze over gaan en de zin
# waar ze staan.

# %%
thresholds = pd.DataFrame(
    [
        {
            t("series"): f"{b.policy.insurer} · {labels.care_domain_short(b.policy.care_domain)}",
            t("policy_year"): b.policy.years,
            t("threshold_kind"): th.kind_label,
            t("value"): th.shown_value,
            t("bound"): th.bound_label or "–",
            t("per_unit"): th.per_unit or "–",
            t("subject"): th.subject or "–",
            t("sentence"): th.source.text if th.source else "",
        }
        for b in briefs
        for th in b.thresholds
    ]
)
if thresholds.empty:
    display(Markdown("Geen drempels in deze run."))
for series, rows in thresholds.groupby(t("series"), sort=True) if not thresholds.empty else []:
    display(Markdown(f"### {series}"))
    display(rows.drop(columns=t("series")).reset_index(drop=True))

# %% [markdown]
# ## Wijzigingen per reeks
# Wat veranderde tussen opeenvolgende beleidsdocumenten van een reeks. Ontbreken er jaren in de
# reeks, dan staan wijzigingen uit die jaren hier samengevoegd.

# %%
changes = pd.DataFrame(
    [
        {
            t("series"): f"{b.policy.insurer} · {labels.care_domain_short(b.policy.care_domain)}",
            t("year_from"): b.previous.years if b.previous else "–",
            t("year_to"): b.policy.years,
            t("change_kind"): c.kind_label,
            t("about"): c.about or "–",
            t("old"): c.old or "–",
            t("new"): c.new or "–",
            t("missing_years"): ", ".join(map(str, b.missing_years)) or "–",
        }
        for b in briefs
        for c in b.changes
    ]
)
if changes.empty:
    display(Markdown("Geen reeks met twee of meer beleidsdocumenten in deze run."))
for series, rows in changes.groupby(t("series"), sort=True) if not changes.empty else []:
    display(Markdown(f"### {series}"))
    display(rows[t("change_kind")].value_counts().rename("aantal").to_frame())
    display(rows.drop(columns=t("series")).reset_index(drop=True))

# %% [markdown]
# ## Eisen per soort zorgaanbieder
# Hoeveel eisen elk beleid stelt, per soort zorgaanbieder (`alle zorgaanbieders` als het beleid
# geen soort noemt).

# %%
requirements = pd.DataFrame(
    [
        {t("policy"): b.policy.label, t("provider_kind"): r.provider_kind or t("any_provider").lower()}
        for b in briefs
        for r in b.requirements
    ]
)
if requirements.empty:
    display(Markdown("Geen eisen in deze run."))
else:
    counts = requirements.pivot_table(index=t("provider_kind"), columns=t("policy"), aggfunc="size", fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(2.2 + 1.4 * len(counts.columns), 1.2 + 0.42 * len(counts)))
    ax.imshow(counts.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    for (row, column), value in pd.DataFrame(counts.to_numpy()).stack().items():
        colour = "white" if value > counts.to_numpy().max() / 2 else "black"
        ax.text(column, row, str(value) if value else "·", ha="center", va="center", color=colour, fontsize=10)
    ax.set_xticks(range(len(counts.columns)), counts.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(counts)), counts.index)
    ax.set_title("Aantal eisen per soort zorgaanbieder en beleid", loc="left", fontsize=13, fontweight="bold")
    ax.tick_params(length=0)
    fig.tight_layout()
    plt.show()
