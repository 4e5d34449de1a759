"""confide: confidential-by-construction records for peer recovery support."""

__version__ = "0.1.0"
