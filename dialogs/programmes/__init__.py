"""Parts of the programmes dock (:mod:`..programmes_dock`): shared helpers, tabs and editors."""
