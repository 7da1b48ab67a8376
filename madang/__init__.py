"""madang (마당): a Korean-style anonymous community board engine."""

__version__ = "0.1.0"
