"""skillgap: turn job descriptions and a skill profile into a ranked skill-gap report, offline."""

__version__ = "0.1.0"
