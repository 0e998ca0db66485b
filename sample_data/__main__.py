"""``python -m sample_data`` is ``python -m sample_data.generate``."""

import sys

from sample_data.generate import main

sys.exit(main())
