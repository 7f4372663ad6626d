"""Deliverables for people who do not open Parquet: policy briefs (HTML, Markdown), an Excel
workbook, a season overview and an iCalendar planning, all read from a run's tables.

`tables` is the one module that reads the tables; `content` builds what a brief says,
independent of its format; `brief`, `workbook` and `calendar` write the files; Dutch labels
live in `labels.yaml` and the Jinja2 templates in `templates/`.
"""
