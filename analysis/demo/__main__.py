"""`python -m analysis.demo [--db PATH] [--seed N] [--out FOLDER]` (same as `python -m analysis demo`)."""
import sys

from analysis.demo import main_demo

sys.exit(main_demo(sys.argv[1:]))
