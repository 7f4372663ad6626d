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
# # Zorginkoopbeleid: deadlines, requirements, amounts and year-over-year changes
#
# Reads the pipeline's tables (`python -m pipeline run --raw raw --out extracted`).
# The data folder is `$PIPELINE_OUT` if set, else `extracted/` next to `notebooks/`
# (this works from the repository root and from `notebooks/`). Tables are read with
# `pipeline.write.read_table`, which applies the schema of `pipeline/schema.py`:
# `pandas.read_parquet` on a table folder takes the schema of its first file and can
# drop columns added later.

# %%
import os
import sys
from pathlib import Path

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display


def repo_root() -> Path:
    """The folder holding the `pipeline` package: the working directory or one of its parents."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "pipeline" / "__init__.py").exists():
            return folder
    raise FileNotFoundError("run this notebook inside the repository (no pipeline/ package found)")


ROOT = repo_root()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.store.parquet import read_table  # noqa: E402  (needs the repository on sys.path)

OUT = Path(os.environ.get("PIPELINE_OUT") or ROOT / "extracted")
pd.set_option("display.max_colwidth", 90)
print(f"tables from {OUT.resolve()}")

# %%
documents = read_table(OUT, "documents")
deadlines = read_table(OUT, "deadlines")
requirements = read_table(OUT, "requirements")
amounts = read_table(OUT, "amounts")
comparisons = read_table(OUT, "comparisons")

documents["label"] = (
    documents["insurer"].fillna("?") + " · " + documents["care_domain"].fillna("?")
    + " " + documents["policy_year"].astype("string").fillna("")
)
labels = documents.set_index("doc_id")["label"]
documents[["label", "source_file", "title", "n_sections", "n_sentences"]]

# %% [markdown]
# ## Deadline calendar across insurers
# One row per policy, one marker per planning step; the marker shape says whether the
# date is a deadline, a start, an end or a plain mention.

# %%
QUALIFIER_MARKERS = {"deadline": "v", "start": ">", "end": "<", "mention": "o"}

calendar = deadlines.dropna(subset=["date"]).assign(
    date=lambda d: pd.to_datetime(d["date"]), policy=lambda d: d["doc_id"].map(labels)
)
fig, ax = plt.subplots(figsize=(12, 0.8 * max(calendar["policy"].nunique(), 1) + 2))
rows = {policy: i for i, policy in enumerate(sorted(calendar["policy"].dropna().unique()))}
for qualifier, marker in QUALIFIER_MARKERS.items():
    part = calendar[calendar["qualifier"].fillna("mention") == qualifier]
    ax.scatter(part["date"], part["policy"].map(rows), marker=marker, s=70, alpha=0.8, label=qualifier)
ax.set_yticks(list(rows.values()), list(rows.keys()))
ax.xaxis.set_major_locator(mdates.MonthLocator(interval=2))
ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
ax.set_xlabel("date")
ax.set_ylabel("policy (insurer · care domain · year)")
ax.set_title("Planning steps in the procurement policies")
ax.grid(axis="x", alpha=0.3)
ax.legend(title="qualifier", loc="upper left", bbox_to_anchor=(1.01, 1))
fig.tight_layout()
plt.show()

# %%
calendar.sort_values("date")[["date", "policy", "qualifier", "actor", "action", "channel", "group"]].head(30)

# %% [markdown]
# ## Requirements per insurer and care domain

# %%
req = requirements.merge(documents[["doc_id", "insurer", "care_domain", "policy_year"]], on="doc_id")
req_counts = (
    req.assign(provider_kind=req["provider_kind"].fillna("(alle aanbieders)"))
    .pivot_table(
        index=["insurer", "care_domain", "policy_year"],
        columns="provider_kind",
        values="text",
        aggfunc="count",
        fill_value=0,
    )
)
display(req_counts)

# %%
fig, ax = plt.subplots(figsize=(11, 5))
if not req_counts.empty:
    plotted = req_counts.copy()
    plotted.index = [f"{i} · {d} {y}" for i, d, y in plotted.index]
    plotted.plot(kind="barh", stacked=True, ax=ax, colormap="tab20")
    ax.legend(title="provider kind", loc="upper left", bbox_to_anchor=(1.01, 1))
ax.set_xlabel("number of requirements")
ax.set_ylabel("policy")
ax.set_title("Requirement-list items per policy, by kind of provider")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Amounts over the years
# Every money amount by policy year (log scale), per insurer.

# %%
money = amounts.merge(documents[["doc_id", "insurer", "care_domain", "policy_year"]], on="doc_id").dropna(
    subset=["value", "policy_year"]
)
fig, ax = plt.subplots(figsize=(10, 5))
for insurer, part in money.groupby("insurer"):
    ax.scatter(part["policy_year"], part["value"], label=insurer, alpha=0.7, s=50)
if not money.empty:
    ax.set_yscale("log")
    ax.legend(title="insurer")
ax.set_xticks(sorted(documents["policy_year"].dropna().astype(int).unique()))
ax.set_xlabel("policy year")
ax.set_ylabel("amount (EUR, log scale)")
ax.set_title("Money amounts named in the policies")
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %%
money.groupby(["insurer", "care_domain", "policy_year"])["value"].describe()[["count", "min", "50%", "max"]]

# %% [markdown]
# ## Year over year: VGZ medisch-specialistische zorg
# The comparisons of consecutive policies in the VGZ MSZ series: requirements added,
# removed and changed, amounts and percentages that changed in the same words, and
# deadlines that moved.

# %%
series = documents[
    (documents["insurer"] == "VGZ") & (documents["care_domain"] == "medisch-specialistische zorg")
]["series_id"].dropna().unique()
vgz = comparisons[comparisons["series_id"].isin(series)]
print(f"{len(vgz)} differences between VGZ MSZ policies of {sorted(vgz['year_old'].unique())} "
      f"and {sorted(vgz['year_new'].unique())}")
vgz["kind"].value_counts().rename("rows").to_frame()

# %%
fig, ax = plt.subplots(figsize=(8, 4))
counts = vgz["kind"].value_counts().sort_values()
counts.plot(kind="barh", ax=ax, color="tab:blue")
ax.set_xlabel("number of differences")
ax.set_ylabel("kind")
ax.set_title("VGZ medisch-specialistische zorg: what changed between policy years")
fig.tight_layout()
plt.show()

# %%
vgz.sort_values(["kind", "similarity"], ascending=[True, False])[
    ["year_old", "year_new", "kind", "similarity", "old_text", "new_text", "old_value", "new_value"]
].head(40)
