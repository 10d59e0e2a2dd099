"""`python -m consistency.cli`: the same as `consistency-report`."""

from __future__ import annotations

import sys

from consistency.cli.main import main

sys.exit(main())
