"""xxgk-warehouse: government information disclosure annual reports into a checked DuckDB warehouse."""

__version__ = "0.1.0"
