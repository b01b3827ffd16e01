"""Parts of the cover cases dock (:mod:`safe_municipal.dialogs.cases_dock`): the map tool, the forms
and the table models."""
