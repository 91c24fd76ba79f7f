"""Rights, Climate & the SDGs toolkit: data loading, indicators, figures and explorers for the notebooks."""

__version__ = "0.1.0"
