"""Read Dutch health-insurance procurement policies into Parquet tables."""

__version__ = "0.1.0"
