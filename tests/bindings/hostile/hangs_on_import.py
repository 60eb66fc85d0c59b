"""Not a binding a run can load: importing it sleeps for an hour."""

from __future__ import annotations

import time

time.sleep(3600)
