"""Static files as WhiteNoise stores them, with brotli at a quality a start can afford.

``madang serve`` collects the static files on every start, and WhiteNoise writes a
gzip and, once the ``brotli`` package is installed (core/compression.py needs it), a
brotli copy of each. At brotli's default quality (11) that took 34 s of processor
time on the development machine, against 3 s for gzip alone; at quality 5 it takes
under 1 s more, for copies about 8 % larger than quality 11's (docs/performance.md).
"""

from __future__ import annotations

from typing import Any

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

BROTLI_QUALITY = 5


class _FastCompressor(Compressor):
    @staticmethod
    def compress_brotli(data: bytes) -> bytes:
        return brotli.compress(data, quality=BROTLI_QUALITY)


class StaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return _FastCompressor(**kwargs)
