import sys

from stagewarden.cli import main

sys.exit(main())
